using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>
/// Static keys under load: CPUs 1..N-1 loop through <c>sites</c> static-branch sites of <c>feature_key</c>
/// (initially disabled; x22 counts passes through the enabled path) and one site of <c>likely_key</c> (initially
/// enabled; x25 and x26 count its two paths, x24 the loop's passes), while CPU 0 runs the key operations as host work.
/// </summary>
public sealed class StaticKeyRig
{
    private readonly ulong _stop;

    public StaticKeyRig(int sites, int cpus, int seed)
    {
        var source = $$"""
                .include "static_key.S"
                DEFINE_STATIC_KEY feature_key, 0
                DEFINE_STATIC_KEY likely_key, 1
                .text
                .globl _start
            _start:
                cbz x0, idle
                adrp x20, stop
            loop:
                add x24, x24, #1
                .rept {{sites}}
                STATIC_BRANCH_UNLIKELY feature_key, 2f
                b 3f
            2:  add x22, x22, #1
            3:
                .endr
                STATIC_BRANCH_LIKELY likely_key, 5f
                add x25, x25, #1
                b 6f
            5:  add x26, x26, #1
            6:  ldr x1, [x20, :lo12:stop]
                cbz x1, loop
                brk #0
            idle:
                wfi
                b idle
                .data
                .balign 8
            stop: .quad 0
            """;
        var image = KernelImage.Build([("static_keys.s", source)], "_start");
        Machine = new AArch64Machine(new MachineOptions { Cpus = cpus, Seed = seed, QuantumMin = 1, QuantumMax = 16 });
        image.BootAllCpus(Machine);
        Host = new KernelHost(Machine);
        Patcher = new TextPatcher(Host);
        Keys = new StaticKeys(Host, image, Patcher);
        FeatureKey = image.Symbol("feature_key");
        LikelyKey = image.Symbol("likely_key");
        _stop = image.Symbol("stop");
    }

    public AArch64Machine Machine { get; }
    public KernelHost Host { get; }
    public TextPatcher Patcher { get; }
    public StaticKeys Keys { get; }
    public ulong FeatureKey { get; }
    public ulong LikelyKey { get; }

    /// <summary>Runs the steps on CPU 0 with reader time between them, then stops the readers; returns each step's cycles.</summary>
    public IReadOnlyList<ulong> Run(params Func<Cpu, IEnumerable<ulong>>[] steps)
    {
        var writer = Machine.Cpus[0];
        var cycles = new List<ulong>();
        IEnumerable<ulong> Work()
        {
            foreach (var step in steps)
            {
                for (var i = 0; i < 300; i++) yield return 1;
                var start = writer.Cycles;
                foreach (var cost in step(writer)) yield return cost;
                cycles.Add(writer.Cycles - start);
            }
            for (var i = 0; i < 300; i++) yield return 1;
            Machine.Memory.Write(_stop, 8, 1, writer.Index, writer.Cycles);
        }
        writer.RunHostWork(Work());
        Machine.Run(untilNs: 10_000_000_000);
        if (Machine.Cpus.Skip(1).Any(c => !c.Halted))
            throw new InvalidOperationException("the static-key run did not finish");
        return cycles;
    }

    /// <summary>Every CPU now sees each of the key's sites as the key's state says, or the first place one does not.</summary>
    public StaleView? FirstWrongSite(ulong key)
    {
        foreach (var entry in Keys.EntriesOf(key))
        {
            var expected = entry.InstructionFor(Keys.IsEnabled(key));
            var actual = Machine.Memory.PeekWord(entry.Code);
            if (actual != expected) return new StaleView(-1, entry.Code, StaleLevel.PointOfUnification, actual, expected);
            foreach (var view in Machine.Memory.Coherence.FindStaleViews(Machine.Memory, entry.Code, 4)) return view;
        }
        return null;
    }

    /// <summary>A register summed over the reader CPUs.</summary>
    public ulong Sum(int register) => Machine.Cpus.Skip(1).Aggregate(0UL, (s, c) => s + c.X(register));
}

/// <summary>The cost of one static-key update as the number of sites grows: writes, synchronisation rounds, time.</summary>
public sealed record UpdateCost(int Sites, ulong Writes, ulong SynchronisationRounds, double NsPerUpdate);

public static class StaticKeyUpdateCost
{
    /// <summary>Enables then disables a key with <paramref name="sites"/> sites under 3 running CPUs; per-update averages.</summary>
    public static UpdateCost Measure(int sites, int seed = 1)
    {
        var rig = new StaticKeyRig(sites, 4, seed);
        var cycles = rig.Run(cpu => rig.Keys.Enable(cpu, rig.FeatureKey), cpu => rig.Keys.Disable(cpu, rig.FeatureKey));
        return new UpdateCost(sites, rig.Patcher.Writes / 2, rig.Patcher.SynchronisationRounds / 2,
            cycles.Average(c => (double)rig.Machine.CyclesToNs(c)));
    }
}
