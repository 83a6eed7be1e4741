using PatchLab.Kernel;
using PatchLab.Machine;
using PatchLab.Scenarios;

namespace PatchLab.Tests.Kernel;

/// <summary>
/// Static calls under concurrency: CPUs 1–4 call through kernel, module and tail-call sites while CPU 0 retargets the
/// call again and again among near and far functions, NULL and RET0 (and flips a static key), over many seeds.
/// </summary>
public class StaticCallStressTests
{
    private const int Updates = 40;

    public static TheoryData<StaticCallFlavour, int> FlavoursAndSeeds =>
        [.. Enum.GetValues<StaticCallFlavour>().SelectMany(f => Enumerable.Range(0, 8).Select(s => (f, s)))];

    [Theory]
    [MemberData(nameof(FlavoursAndSeeds))]
    public void Every_call_reaches_the_old_or_the_new_target_with_no_CMODX_violation(StaticCallFlavour flavour, int salt)
    {
        var seed = TestSeed.Value + salt;
        var rig = new StaticCallRig(flavour, cpus: 5, seed);
        var random = new Random(seed);
        var targets = rig.Targets;
        var result = rig.Run(Updates, _ => targets[random.Next(targets.Count)], gap: 50 + random.Next(300));
        Assert.True(result.Calls > 100, $"seed {seed}: only {result.Calls} calls");
        Assert.Empty(result.Violations);
        Assert.True(result.WrongTargets == 0, $"seed {seed}: {result.WrongTargets} calls reached a third target");
        Assert.Equal(result.KeyPasses, result.KeyEnabledPasses + result.KeyDisabledPasses);
        Assert.Empty(result.StaleAfterUpdates);
        Assert.True(result.Sound);
    }

    [Theory]
    [MemberData(nameof(FlavoursAndSeeds))]
    public void A_NULL_call_never_runs_a_function(StaticCallFlavour flavour, int salt)
    {
        // Between the NULL windows the call has a target, so a stale site would show as a function run while NULL.
        var seed = TestSeed.Value + 100 + salt;
        var rig = new StaticCallRig(flavour, cpus: 4, seed, initial: "0");
        var far = rig.Image.Symbol("target3");
        var result = rig.Run(Updates, g => g % 2 == 0 ? 0 : g % 4 == 1 ? far : rig.Image.Symbol("target1"));
        Assert.True(result.Sound, $"seed {seed}: {result}");
    }

    [Theory]
    [InlineData(PatchingOmissions.CleanToPoU, StaleLevel.PointOfUnification)]
    [InlineData(PatchingOmissions.InvalidateInstructionCache, StaleLevel.InstructionCache)]
    [InlineData(PatchingOmissions.SynchronisationRound, StaleLevel.Fetched)]
    public void Each_step_left_out_of_an_inline_update_fails_the_run_and_calls_reach_a_third_target(PatchingOmissions omitted, StaleLevel level)
    {
        // A fixed seed: the memory system may write back or evict lines at any time, which can hide a missing step.
        var rig = new StaticCallRig(StaticCallFlavour.Inline, cpus: 4, 1, omissions: omitted);
        var near = new[] { rig.Image.Symbol("target1"), rig.Image.Symbol("target2") };
        var result = rig.Run(20, g => g % 3 == 0 ? 0 : near[g % 2]);
        Assert.False(result.Sound);
        Assert.Contains(result.StaleAfterUpdates, v => v.Level == level);
        Assert.True(result.WrongTargets > 0, "no call reached a target outside its window");
    }

    [Fact]
    public void Leaving_out_the_synchronisation_round_of_a_2021_trampoline_update_fails_the_run()
    {
        var rig = new StaticCallRig(StaticCallFlavour.OutOfLine2021, cpus: 4, 1, omissions: PatchingOmissions.SynchronisationRound);
        var near = new[] { rig.Image.Symbol("target1"), rig.Image.Symbol("target2") };
        Assert.False(rig.Run(20, g => near[g % 2]).Sound);
    }

    [Fact]
    public void A_non_CMODX_safe_site_write_outside_stop_machine_fails_the_run()
    {
        // RET0 the x86 way: the BL site becomes a MOV to x0, written while the other CPUs run.
        var rig = new StaticCallRig(StaticCallFlavour.Inline, cpus: 4, 1, omissions: PatchingOmissions.CmodxCheck);
        var site = rig.Hook.Sites.First(s => !s.Tail && !s.Module);
        var bl = rig.Machine.Memory.PeekWord(site.Address);
        var result = rig.Execute(50, [.. Enumerable.Range(0, 20).Select(i =>
            (Func<Cpu, IEnumerable<ulong>>)(cpu => rig.Patcher.PatchBatch(cpu, [(site.Address, i % 2 == 0 ? 0xaa1f03e0u : bl)])))]);
        Assert.False(result.Sound);
        Assert.Contains(result.Violations, v => v.Address == site.Address);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        StaticCallRunResult Once()
        {
            var rig = new StaticCallRig(StaticCallFlavour.Inline, cpus: 4, 7);
            var targets = rig.Targets;
            return rig.Run(10, g => targets[g % targets.Count]);
        }
        var (a, b) = (Once(), Once());
        Assert.Equal((a.Calls, a.KeyPasses), (b.Calls, b.KeyPasses));
    }
}
