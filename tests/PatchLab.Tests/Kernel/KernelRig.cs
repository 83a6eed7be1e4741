using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Tests.Kernel;

/// <summary>Boots PatchLab's kernel for tests: a 1 MHz virtual clock, HZ=250, the test seed.</summary>
internal static class KernelRig
{
    public const ulong Tick = 4_000_000;
    public const ulong Ms = 1_000_000;

    public static BootedKernel Boot(SwitchPointStrategy strategy = SwitchPointStrategy.None, int cpus = 2, bool preemptFull = false,
        CondReschedFlavour? condResched = null) =>
        BootedKernel.Boot(new MachineOptions
        {
            Cpus = cpus, Seed = TestSeed.Value, ClockHz = 1_000_000, TimerPeriodNs = Tick, QuantumMin = 20, QuantumMax = 400,
        }, new KernelConfig { Strategy = strategy, PreemptFull = preemptFull, CondResched = condResched });

    public static void RunUntil(this BootedKernel kernel, ulong ns)
    {
        var stop = kernel.Machine.Run(untilNs: ns);
        Assert.True(stop == StopReason.TimeLimit, $"the machine stopped ({stop}) before {ns} ns (seed {TestSeed.Value})");
    }

    /// <summary>Runs in steps until the condition holds; false if it never did before <paramref name="limitNs"/>.</summary>
    public static bool RunUntil(this BootedKernel kernel, Func<bool> condition, ulong limitNs, ulong stepNs = 10 * Ms)
    {
        for (var t = kernel.NowNs + stepNs; t <= limitNs; t += stepNs)
        {
            kernel.RunUntil(t);
            if (condition()) return true;
        }
        return false;
    }

    public static ulong Counter(this BootedKernel kernel, string symbol) => kernel.Scheduler.Read(kernel.Image.Symbol(symbol), 8);

    public static KernelTask Worker(this BootedKernel kernel, int index, int cpu)
    {
        var device = kernel.Image.Symbol("vhost_devs") + (ulong)index * 24;
        var worker = kernel.Scheduler.CreateKernelThread($"vhost-{index}", "vhost_worker", device, cpu);
        kernel.Scheduler.Write(device + 16, 8, worker.Address);
        return worker;
    }
}
