namespace PatchLab.Kernel;

/// <summary>How cond_resched() is built: the kernel's three flavours.</summary>
public enum CondReschedFlavour
{
    /// <summary>No PREEMPT_DYNAMIC: _cond_resched calls __cond_resched.</summary>
    Plain = 0,

    /// <summary>PREEMPT_DYNAMIC by static key (arm64): dynamic_cond_resched tests sk_dynamic_cond_resched.</summary>
    StaticKey = 1,

    /// <summary>PREEMPT_DYNAMIC by static call (x86): cond_resched is a static call's trampoline.</summary>
    StaticCall = 2,
}

/// <summary>Where a running task may switch its own patch state (the livepatch scheduler hook).</summary>
public enum SwitchPointStrategy
{
    /// <summary>No hook (kernels before 6.4): only kernel exit, the idle loop and the once-a-second scan.</summary>
    None,

    /// <summary>6.4, the arm64 way: a static key in dynamic_cond_resched (or _cond_resched).</summary>
    CondReschedKey,

    /// <summary>6.4, the x86 way: the cond_resched static call retargeted to klp_cond_resched.</summary>
    CondReschedCall,

    /// <summary>6.16: a static key in __schedule, acting only for tasks sleeping with TASK_FREEZABLE.</summary>
    ScheduleFreezable,
}

public static class SwitchPointStrategies
{
    public static readonly IReadOnlyList<SwitchPointStrategy> All =
        [SwitchPointStrategy.None, SwitchPointStrategy.CondReschedKey, SwitchPointStrategy.CondReschedCall, SwitchPointStrategy.ScheduleFreezable];

    public static string Name(this SwitchPointStrategy strategy) => strategy switch
    {
        SwitchPointStrategy.None => "none",
        SwitchPointStrategy.CondReschedKey => "cond-resched-key",
        SwitchPointStrategy.CondReschedCall => "cond-resched-call",
        _ => "schedule-freezable",
    };

    public static SwitchPointStrategy Parse(string name) =>
        All.FirstOrDefault(s => s.Name() == name, (SwitchPointStrategy)(-1)) is var s && (int)s >= 0 ? s
            : throw new UserInputException($"unknown switch-point strategy `{name}' (one of: {string.Join(", ", All.Select(Name))})");
}

/// <summary>The kernel's build configuration: what the library's assembly is assembled with.</summary>
public sealed record KernelConfig
{
    public SwitchPointStrategy Strategy { get; init; } = SwitchPointStrategy.CondReschedKey;

    /// <summary>The cond_resched flavour; by default the one the strategy needs (static call for cond-resched-call).</summary>
    public CondReschedFlavour? CondResched { get; init; }

    /// <summary>How the image's static calls (cond_resched's, with the static-call flavour) are built and patched.</summary>
    public StaticCallFlavour StaticCalls { get; init; } = StaticCallFlavour.OutOfLine;

    /// <summary>Full preemption: interrupts preempt kernel code, cond_resched does nothing. Otherwise voluntary.</summary>
    public bool PreemptFull { get; init; }

    public CondReschedFlavour Flavour => CondResched ??
        (Strategy == SwitchPointStrategy.CondReschedCall ? CondReschedFlavour.StaticCall : CondReschedFlavour.StaticKey);

    /// <summary>CONFIG_KLP_HOOK: 0 none, 1 in cond_resched by static key, 2 in __schedule.</summary>
    private int KlpHook => Strategy switch
    {
        SwitchPointStrategy.CondReschedKey => 1,
        SwitchPointStrategy.ScheduleFreezable => 2,
        _ => 0,
    };

    public void Validate()
    {
        if (Strategy == SwitchPointStrategy.CondReschedCall && Flavour != CondReschedFlavour.StaticCall)
            throw new UserInputException("the cond-resched-call strategy needs the static-call cond_resched flavour");
        if (Strategy == SwitchPointStrategy.CondReschedKey && Flavour == CondReschedFlavour.StaticCall)
            throw new UserInputException("the cond-resched-key strategy needs a cond_resched flavour without a static call");
    }

    /// <summary>The CONFIG_* symbols every library source is assembled with.</summary>
    public string Defines =>
        $"""
        	.equ	CONFIG_COND_RESCHED, {(int)Flavour}
        	.equ	CONFIG_KLP_HOOK, {KlpHook}
        	.equ	CONFIG_PREEMPT_FULL, {(PreemptFull ? 1 : 0)}

        """;
}

/// <summary>
/// PatchLab's kernel library: the assembly under Kernel/Library (scheduler entry points, cond_resched, entry and
/// exit, ftrace_caller, the scenarios' workloads and the demo livepatch's functions), assembled with a
/// <see cref="KernelConfig"/> and linked into one image.
/// </summary>
public static class KernelLibrary
{
    private const string Prefix = "PatchLab.Kernel.Library.";

    /// <summary>The library's sources by file name.</summary>
    public static IReadOnlyDictionary<string, string> Sources { get; } = ReadSources();

    /// <summary>The library plus <paramref name="extra"/> sources (assembled with the same configuration).</summary>
    public static KernelImage Build(KernelConfig config, params (string Name, string Source)[] extra)
    {
        config.Validate();
        var sources = Sources.Select(s => (s.Key, s.Value)).Concat(extra).Select(s => (s.Item1, config.Defines + s.Item2));
        return KernelImage.Build(sources, "ret_from_fork", config.StaticCalls);
    }

    /// <summary>A module's source assembled as the kernel's own (with its configuration and include files).</summary>
    public static Elf.RelocatableObject Assemble(KernelConfig config, string name, string source) =>
        KernelImage.Assemble(name, config.Defines + source, config.StaticCalls);

    private static Dictionary<string, string> ReadSources()
    {
        var assembly = typeof(KernelLibrary).Assembly;
        var sources = new Dictionary<string, string>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            sources[name[Prefix.Length..]] = reader.ReadToEnd();
        }
        return sources;
    }
}
