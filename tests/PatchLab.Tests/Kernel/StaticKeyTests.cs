using PatchLab.Kernel;
using PatchLab.Scenarios;

namespace PatchLab.Tests.Kernel;

/// <summary>
/// Static keys on 4 CPUs: CPUs 1–3 run through many static-branch sites of one key while CPU 0 flips the key as the
/// kernel does (all sites in one batch, one synchronisation round), checked by the machine's checkers.
/// </summary>
public class StaticKeyTests
{
    [Fact]
    public void The_jump_table_lists_every_site_with_its_key_and_branch_bit()
    {
        var rig = new StaticKeyRig(sites: 7, cpus: 4, seed: 1);
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
        var rig = new StaticKeyRig(sites, cpus: 4, seed: TestSeed.Value);
        rig.Run(
            cpu => rig.Keys.Enable(cpu, rig.FeatureKey),
            _ => Checked(rig, rig.FeatureKey),
            cpu => rig.Keys.Disable(cpu, rig.FeatureKey),
            _ => Checked(rig, rig.FeatureKey),
            cpu => rig.Keys.Disable(cpu, rig.LikelyKey),
            _ => Checked(rig, rig.LikelyKey));
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
        var rig = new StaticKeyRig(sites: 3, cpus: 4, seed: 2);
        rig.Run(
            cpu => rig.Keys.Increment(cpu, rig.FeatureKey),
            cpu => rig.Keys.Increment(cpu, rig.FeatureKey),
            cpu => rig.Keys.Decrement(cpu, rig.FeatureKey),
            _ => Checked(rig, rig.FeatureKey),
            cpu => rig.Keys.Decrement(cpu, rig.FeatureKey),
            _ => Checked(rig, rig.FeatureKey));
        Assert.Equal(2UL, rig.Patcher.SynchronisationRounds);
        Assert.Equal(0, rig.Keys.Count(rig.FeatureKey));
    }

    /// <summary>A step that asserts every CPU sees every site of the key as the key's state says.</summary>
    private static IEnumerable<ulong> Checked(StaticKeyRig rig, ulong key)
    {
        Assert.Null(rig.FirstWrongSite(key));
        yield break;
    }

    [Fact]
    public void An_update_costs_one_synchronisation_round_whatever_the_number_of_sites()
    {
        var one = StaticKeyUpdateCost.Measure(1);
        var many = StaticKeyUpdateCost.Measure(1000);
        Assert.Equal((1UL, 1UL), (one.Writes, one.SynchronisationRounds));
        Assert.Equal((1000UL, 1UL), (many.Writes, many.SynchronisationRounds));
        Assert.True(many.NsPerUpdate > one.NsPerUpdate);
    }
}
