using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>The vhost scenario's machine, workload and time budget.</summary>
public sealed record VhostOptions
{
    public int Cpus { get; init; } = 4;
    public int Seed { get; init; } = 1;

    /// <summary>The virtual clock: low, so that many virtual seconds (the retry is once a second) run in real seconds.</summary>
    public ulong ClockHz { get; init; } = 1_000_000;

    /// <summary>The tick (HZ=250).</summary>
    public ulong TickNs { get; init; } = 4_000_000;

    /// <summary>Busy vhost workers, each pinned to a CPU of its own (the last CPUs).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>User tasks hammering getpid().</summary>
    public int UserTasks { get; init; } = 2;

    public ulong EnableAtNs { get; init; } = 100_000_000;

    /// <summary>How long the transition may take before the run gives up (past the 15th retry, so signals show).</summary>
    public ulong BudgetNs { get; init; } = 16_500_000_000;

    /// <summary>How often the pending-task count is sampled.</summary>
    public ulong SampleNs { get; init; } = 50_000_000;

    public bool PreemptFull { get; init; }

    /// <summary>The static-call flavour the kernel is built with (what the cond-resched-call strategy patches).</summary>
    public StaticCallFlavour StaticCalls { get; init; } = StaticCallFlavour.OutOfLine;

    /// <summary>Where the run reports its timeline (tasks on CPUs, patch steps, tasks pending), or nowhere.</summary>
    public ITraceSink? Trace { get; init; }
}

/// <summary>What one switch-point strategy did in the vhost scenario.</summary>
public sealed record StrategyResult(
    SwitchPointStrategy Strategy,
    StaticCallFlavour StaticCalls,
    bool Completed,
    double? TransitionMs,
    double? LastSwitchMs,
    int Retries,
    int Signals,
    int HookCostInstructions,
    int CmodxViolations,
    int ConsistencyViolations,
    IReadOnlyList<PendingSample> PendingOverTime,
    IReadOnlyList<TaskSwitch> Switches,
    IReadOnlyList<KernelLogLine> Log,
    IReadOnlyList<string> StillPending,
    IReadOnlyDictionary<SwitchRefusal, int> Refusals,
    ulong TraceHash)
{
    /// <summary>The strategy, and for the static-call one the flavour when it is not the mainline out-of-line form.</summary>
    public string Name => NameOf(Strategy, StaticCalls);

    public static string NameOf(SwitchPointStrategy strategy, StaticCallFlavour flavour) =>
        strategy == SwitchPointStrategy.CondReschedCall && flavour != StaticCallFlavour.OutOfLine
            ? $"{strategy.Name()} ({flavour.Name()})"
            : strategy.Name();
}

/// <summary>
/// The vhost scenario (the CPU-bound kthread problem of 2022–2023): on 4 CPUs, two vhost workers pinned to CPUs 2
/// and 3 that never run out of work (a producer on CPU 0 refills their queues every tick) and call cond_resched()
/// after each item; user tasks hammering getpid() on CPUs 0 and 1; idle tasks; a kworker. A livepatch replacing
/// vhost_handle_work and __arm64_sys_getpid is enabled at <see cref="VhostOptions.EnableAtNs"/>, and the run lasts
/// until the transition completes or the budget is spent.
/// </summary>
public static class VhostScenario
{
    public static KlpPatch DemoPatch() => KlpPatch.Of("livepatch_vhost",
        ("vhost_handle_work", "livepatch_vhost_handle_work"), ("__arm64_sys_getpid", "livepatch_sys_getpid"));

    public static MachineOptions MachineOptionsFor(VhostOptions options) => new()
    {
        Cpus = options.Cpus, Seed = options.Seed, ClockHz = options.ClockHz, TimerPeriodNs = options.TickNs,
        QuantumMin = 20, QuantumMax = 400,
    };

    /// <summary>Boots the kernel and starts the scenario's tasks.</summary>
    public static BootedKernel Boot(SwitchPointStrategy strategy, VhostOptions options)
    {
        if (options.Cpus < 2 || options.Workers >= options.Cpus)
            throw new UserInputException($"the vhost scenario needs more CPUs ({options.Cpus}) than workers ({options.Workers}), and at least 2");
        var kernel = BootedKernel.Boot(MachineOptionsFor(options), new KernelConfig { Strategy = strategy, PreemptFull = options.PreemptFull, StaticCalls = options.StaticCalls });
        kernel.Machine.Trace = options.Trace;
        var s = kernel.Scheduler;
        var devices = kernel.Image.Symbol("vhost_devs");
        for (var i = 0; i < options.Workers; i++)
        {
            var device = devices + (ulong)i * 24;
            var worker = s.CreateKernelThread($"vhost-{i}", "vhost_worker", device, cpu: options.Cpus - 1 - i);
            s.Write(device + 16, 8, worker.Address);
        }
        s.CreateKernelThread("vhost-producer", "vhost_producer", (ulong)options.Workers, cpu: 0);
        for (var i = 0; i < options.UserTasks; i++) s.CreateUserTask($"getpid-{i}", "user_getpid_loop", cpu: i % (options.Cpus - options.Workers));
        return kernel;
    }

    public static StrategyResult Run(SwitchPointStrategy strategy, VhostOptions options)
    {
        var kernel = Boot(strategy, options);
        var lp = kernel.Livepatch;
        kernel.Machine.Run(untilNs: options.EnableAtNs);
        lp.Load(DemoPatch());
        var pending = new List<PendingSample>();
        for (var t = options.EnableAtNs + options.SampleNs; t <= options.EnableAtNs + options.BudgetNs; t += options.SampleNs)
        {
            var stop = kernel.Machine.Run(untilNs: t);
            if (stop != StopReason.TimeLimit) throw new InvalidOperationException($"the vhost scenario stopped: {stop}");
            pending.Add(new PendingSample(t, lp.InTransition ? lp.PendingTasks : 0));
            if (lp.TransitionEndNs is not null) break;
        }
        var start = lp.TransitionStartNs ?? options.EnableAtNs;
        double? Ms(ulong? end) => end is { } e ? (e - start) / 1e6 : null;
        var stillPending = kernel.Scheduler.Tasks.Where(t => (kernel.Scheduler.Flags(t) & ThreadFlags.PatchPending) != 0)
            .Select(t => t.ToString()).ToList();
        return new StrategyResult(strategy, options.StaticCalls, lp.TransitionEndNs is not null, Ms(lp.TransitionEndNs),
            lp.Switches.Count > 0 && lp.TransitionEndNs is not null ? Ms(lp.Switches.Max(x => x.TimeNs)) : null,
            lp.Retries, lp.SignalsSent, HookCost.Instructions(strategy, options.StaticCalls), kernel.Machine.Violations.Count,
            lp.Checker.Violations.Count, [.. lp.PendingOverTime.Take(1), .. pending], lp.Switches, lp.Log, stillPending,
            lp.Refusals, kernel.Machine.TraceHash);
    }
}
