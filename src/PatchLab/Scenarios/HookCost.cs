using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>
/// What a switch-point hook costs when no transition is running: the instructions one cond_resched() and one
/// schedule() execute in the strategy's kernel minus what they execute in a kernel with the same cond_resched
/// flavour and no hook, measured by
/// running each in a loop on one CPU (two loop lengths, so that everything but the loop cancels out).
/// </summary>
public static class HookCost
{
    private const string Source = """
        	.include "kernel.S"
        SYM_FUNC_START_NOTRACE bench_cond_resched
        	stp	x29, x30, [sp, #-32]!
        	mov	x29, sp
        	str	x19, [sp, #16]
        	mov	x19, x0
        1:	COND_RESCHED
        	bl	schedule
        	subs	x19, x19, #1
        	b.ne	1b
        	hvc	#HVC_EXIT
        SYM_FUNC_END bench_cond_resched
        """;

    private static readonly Dictionary<(SwitchPointStrategy, StaticCallFlavour), int> Cache = [];

    public static int Instructions(SwitchPointStrategy strategy, StaticCallFlavour staticCalls = StaticCallFlavour.OutOfLine)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((strategy, staticCalls), out var cost))
            {
                var config = new KernelConfig { Strategy = strategy, StaticCalls = staticCalls };
                var baseline = config with { Strategy = SwitchPointStrategy.None, CondResched = config.Flavour };
                Cache[(strategy, staticCalls)] = cost = (int)((long)PerIteration(config) - (long)PerIteration(baseline));
            }
            return cost;
        }
    }

    private static ulong PerIteration(KernelConfig config) => (Run(config, 2000) - Run(config, 1000)) / 1000;

    private static ulong Run(KernelConfig config, ulong iterations)
    {
        var kernel = BootedKernel.Boot(new MachineOptions { Cpus = 1, ClockHz = 1_000_000, TimerPeriodNs = 4_000_000 },
            config, ("bench.S", Source));
        var bench = kernel.Scheduler.CreateKernelThread("bench", "bench_cond_resched", iterations, cpu: 0);
        ulong? instructions = null;
        kernel.Scheduler.Switched += (cpu, prev, _) =>
        {
            if (prev == bench && bench.Exited) instructions = cpu.Counters.Instructions;
        };
        for (var t = 100_000_000UL; instructions is null; t += 100_000_000)
        {
            if (t > 100_000_000_000) throw new InvalidOperationException("the hook-cost loop did not finish");
            kernel.Machine.Run(untilNs: t);
        }
        return instructions.Value;
    }
}
