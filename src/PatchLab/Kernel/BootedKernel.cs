using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>
/// A machine running PatchLab's kernel: the library built with a configuration and loaded, the idle tasks and the
/// kworker created, text patching, static keys, and livepatch with the configuration's switch-point hook.
/// </summary>
public sealed class BootedKernel
{
    private BootedKernel(MachineOptions options, KernelConfig config, (string Name, string Source)[] extra)
    {
        Config = config;
        Image = KernelLibrary.Build(config, extra);
        Machine = new AArch64Machine(options);
        Host = new KernelHost(Machine);
        Scheduler = new Scheduler(Host, Image, config);
        Patcher = new TextPatcher(Host, options.CmodxList);
        Keys = new StaticKeys(Host, Image, Patcher);
        StaticCalls = new StaticCalls(Host, Image, Patcher, Keys);
        Hook = config.Strategy switch
        {
            SwitchPointStrategy.CondReschedKey or SwitchPointStrategy.ScheduleFreezable =>
                new StaticKeySwitchPointHook(Keys, Image.Symbol("klp_sched_try_switch_key")),
            SwitchPointStrategy.CondReschedCall => new StaticCallSwitchPointHook(
                new StaticCallCondReschedCall(StaticCalls, Image, config.PreemptFull), Image.Symbol("klp_cond_resched")),
            _ => new NoSwitchPointHook(),
        };
        Livepatch = new Livepatch(Scheduler, Patcher, Hook);
        Modules = new KernelModules(Scheduler, Livepatch);
        Livepatch.Modules = Modules;
        Sysfs = new LivepatchSysfs(Livepatch);
        ShadowVariables = new ShadowVariables(Machine.Memory);
    }

    /// <summary>Boots a kernel; <paramref name="extra"/> sources are assembled and linked with the library.</summary>
    public static BootedKernel Boot(MachineOptions options, KernelConfig config, params (string Name, string Source)[] extra) =>
        new(options, config, extra);

    public KernelConfig Config { get; }
    public KernelImage Image { get; }
    public AArch64Machine Machine { get; }
    public KernelHost Host { get; }
    public Scheduler Scheduler { get; }
    public TextPatcher Patcher { get; }
    public StaticKeys Keys { get; }
    public StaticCalls StaticCalls { get; }
    public ISwitchPointHook Hook { get; }
    public Livepatch Livepatch { get; }
    public KernelModules Modules { get; }
    public LivepatchSysfs Sysfs { get; }
    public ShadowVariables ShadowVariables { get; }

    /// <summary>Virtual time of the CPU furthest behind (the machine's notion of now).</summary>
    public ulong NowNs => Machine.Cpus.Min(c => c.VirtualTimeNs);
}
