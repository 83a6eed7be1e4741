using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Tests.Kernel;

/// <summary>
/// Static keys on 4 CPUs: CPUs 1–3 run through many static-branch sites of one key while CPU 0 flips the key as the
/// kernel does (all sites in one batch, one synchronisation round), checked by the machine's checkers.
/// </summary>
public class StaticKeyTests
{
    private sealed class Rig
    {
        public readonly AArch64Machine Machine;
        public readonly KernelHost Host;
        public readonly TextPatcher Patcher;
        public readonly StaticKeys Keys;
        public readonly ulong FeatureKey;
        public readonly ulong LikelyKey;
        private readonly ulong _stop;

        public Rig(int sites, int seed)
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
            var image = KernelImage.Build([("keys.s", source)], "_start");
            Machine = new AArch64Machine(new MachineOptions { Cpus = 4, Seed = seed, QuantumMin = 1, QuantumMax = 16 });
            image.LoadInto(Machine);
            foreach (var cpu in Machine.Cpus)
            {
                cpu.Pc = image.Image.Entry;
                cpu.Daif = 0;
                cpu.SetX(0, (ulong)cpu.Index);
            }
            Host = new KernelHost(Machine);
            Patcher = new TextPatcher(Host);
            Keys = new StaticKeys(Host, image, Patcher);
            FeatureKey = image.Symbol("feature_key");
            LikelyKey = image.Symbol("likely_key");
            _stop = image.Symbol("stop");
        }

        /// <summary>Runs the steps on CPU 0 with reader time between them, then stops the readers.</summary>
        public void Run(params Func<Cpu, IEnumerable<ulong>>[] steps)
        {
            var writer = Machine.Cpus[0];
            IEnumerable<ulong> Work()
            {
                foreach (var step in steps)
                {
                    for (var i = 0; i < 300; i++) yield return 1;
                    foreach (var cost in step(writer)) yield return cost;
                }
                for (var i = 0; i < 300; i++) yield return 1;
                Machine.Memory.Write(_stop, 8, 1, writer.Index, writer.Cycles);
            }
            writer.RunHostWork(Work());
            Machine.Run(untilNs: 100_000_000);
            Assert.All(Machine.Cpus.Skip(1), c => Assert.True(c.Halted, $"cpu{c.Index} did not finish"));
        }

        public IEnumerable<ulong> CheckAllSitesShow(ulong key, bool enabled)
        {
            foreach (var entry in Keys.EntriesOf(key))
            {
                Assert.Equal(entry.InstructionFor(enabled), Machine.Memory.PeekWord(entry.Code));
                Assert.Empty(Machine.Memory.Coherence.FindStaleViews(Machine.Memory, entry.Code, 4));
            }
            yield break;
        }

        public ulong Sum(int register) => Machine.Cpus.Skip(1).Aggregate(0UL, (s, c) => s + c.X(register));
    }

    [Fact]
    public void The_jump_table_lists_every_site_with_its_key_and_branch_bit()
    {
        var rig = new Rig(sites: 7, seed: 1);
        var feature = rig.Keys.EntriesOf(rig.FeatureKey);
        Assert.Equal(7, feature.Count);
        Assert.All(feature, e => Assert.False(e.Branch));
        Assert.All(feature, e => Assert.Equal(StaticKeys.Nop, rig.Machine.Memory.PeekWord(e.Code)));
        var likely = Assert.Single(rig.Keys.EntriesOf(rig.LikelyKey));
        Assert.True(likely.Branch);
        Assert.Equal(StaticKeys.Nop, rig.Machine.Memory.PeekWord(likely.Code));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(100)]
    public void Flipping_a_key_rewrites_all_its_sites_with_one_synchronisation_round(int sites)
    {
        var rig = new Rig(sites, seed: TestSeed.Value);
        rig.Run(
            cpu => rig.Keys.Enable(cpu, rig.FeatureKey),
            _ => rig.CheckAllSitesShow(rig.FeatureKey, true),
            cpu => rig.Keys.Disable(cpu, rig.FeatureKey),
            _ => rig.CheckAllSitesShow(rig.FeatureKey, false),
            cpu => rig.Keys.Disable(cpu, rig.LikelyKey),
            _ => rig.CheckAllSitesShow(rig.LikelyKey, false));
        Assert.Equal(3UL, rig.Patcher.SynchronisationRounds);
        Assert.Equal((ulong)(2 * sites + 1), rig.Patcher.Writes);
        Assert.Empty(rig.Machine.Violations);
        Assert.True(rig.Sum(22) > 0, "no CPU took the enabled path");
        Assert.True(rig.Sum(26) > 0, "no CPU took the likely key's disabled path");
        // Each pass through the loop takes exactly one side of the likely key's branch.
        Assert.Equal(rig.Sum(24), rig.Sum(25) + rig.Sum(26));
    }

    [Fact]
    public void Increments_and_decrements_patch_only_when_the_count_crosses_zero()
    {
        var rig = new Rig(sites: 3, seed: 2);
        rig.Run(
            cpu => rig.Keys.Increment(cpu, rig.FeatureKey),
            cpu => rig.Keys.Increment(cpu, rig.FeatureKey),
            cpu => rig.Keys.Decrement(cpu, rig.FeatureKey),
            _ => rig.CheckAllSitesShow(rig.FeatureKey, true),
            cpu => rig.Keys.Decrement(cpu, rig.FeatureKey),
            _ => rig.CheckAllSitesShow(rig.FeatureKey, false));
        Assert.Equal(2UL, rig.Patcher.SynchronisationRounds);
        Assert.Equal(0, rig.Keys.Count(rig.FeatureKey));
    }
}
