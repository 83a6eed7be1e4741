using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>
/// The cost of one static_call_update of an inline static call as its number of sites grows: CPUs 1–3 call through
/// the sites in a loop while CPU 0 retargets the call from one near function to another and back.
/// </summary>
public static class StaticCallUpdateCost
{
    public static UpdateCost Measure(int sites, int seed = 1)
    {
        var source = $$"""
                .include "static_call.S"
                DEFINE_STATIC_CALL_RETURN0
                DEFINE_STATIC_CALL hook, target1
                .text
                .globl _start, target1, target2
            _start:
                cbz x0, idle
                adrp x20, stop
            loop:
                .rept {{sites}}
                STATIC_CALL hook
                .endr
                ldr x1, [x20, :lo12:stop]
                cbz x1, loop
                brk #0
            idle:
                wfi
                b idle
            target1:
                ret
            target2:
                ret
                .data
                .balign 8
            stop: .quad 0
            """;
        var image = KernelImage.Build([("static_call_updates.s", source)], "_start", StaticCallFlavour.Inline);
        var machine = new AArch64Machine(new MachineOptions { Cpus = 4, Seed = seed, QuantumMin = 1, QuantumMax = 16 });
        image.BootAllCpus(machine);
        var host = new KernelHost(machine);
        var patcher = new TextPatcher(host);
        var calls = new StaticCalls(host, image, patcher, new StaticKeys(host, image, patcher));
        var key = calls["hook"].Address;
        var writer = machine.Cpus[0];
        var cycles = new List<ulong>();
        IEnumerable<ulong> Work()
        {
            foreach (var target in new[] { image.Symbol("target2"), image.Symbol("target1") })
            {
                for (var i = 0; i < 300; i++) yield return 1;
                var start = writer.Cycles;
                foreach (var cost in calls.Update(writer, key, target)) yield return cost;
                cycles.Add(writer.Cycles - start);
            }
            for (var i = 0; i < 300; i++) yield return 1;
            machine.Memory.Write(image.Symbol("stop"), 8, 1, writer.Index, writer.Cycles);
        }
        writer.RunHostWork(Work());
        machine.Run(untilNs: 100_000_000_000);
        if (machine.Cpus.Skip(1).Any(c => !c.Halted) || machine.Violations.Count > 0)
            throw new InvalidOperationException("the static-call update run did not finish cleanly");
        return new UpdateCost(sites, patcher.Writes / 2, patcher.SynchronisationRounds / 2, cycles.Average(c => (double)machine.CyclesToNs(c)));
    }
}
