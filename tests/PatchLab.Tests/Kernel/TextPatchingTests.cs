using PatchLab.Kernel;
using PatchLab.Machine;
using PatchLab.Scenarios;

namespace PatchLab.Tests.Kernel;

/// <summary>
/// The arm64 text-patching primitives run as host work on CPU 0 while CPUs 1–3 execute the patched site in a loop;
/// the machine's checkers judge each protocol.
/// </summary>
public class TextPatchingTests
{
    private const uint AddX23 = 0x910006f7;   // add x23, x23, #1
    private const uint SubX23 = 0xd10006f7;   // sub x23, x23, #1

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_batch_with_the_kernels_protocol_leaves_no_CPU_on_the_old_instruction(int seed)
    {
        var rig = new PatchSiteRig("nop", 4, seed + TestSeed.Value);
        var patcher = new TextPatcher(rig.Host);
        var result = rig.Run(1, (cpu, _) => patcher.PatchBatch(cpu, [(rig.Site, rig.BranchToNewPath)]));
        Assert.Empty(result.StaleViewsByRound[0]);
        Assert.Empty(result.Violations);
        Assert.True(result.NewPathExecutions > 0);
        Assert.Equal((1UL, 1UL), (patcher.Writes, patcher.SynchronisationRounds));
    }

    [Fact]
    public void A_change_that_is_not_CMODX_safe_is_refused_outside_stop_machine()
    {
        var rig = new PatchSiteRig("add x23, x23, #1", 4, 1);
        var patcher = new TextPatcher(rig.Host);
        var e = Assert.Throws<TextPatchingException>(() => patcher.PatchNosync(rig.Machine.Cpus[0], rig.Site, SubX23).ToList());
        Assert.Equal($"0x{rig.Site:x}: add\tx23, x23, #0x1 -> sub\tx23, x23, #0x1 is not CMODX-safe while other CPUs run; use stop-machine", e.Message);
        Assert.Equal(AddX23, rig.Machine.Memory.PeekWord(rig.Site));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Stop_machine_changes_any_instruction_with_no_violation(int seed)
    {
        var rig = new PatchSiteRig("add x23, x23, #1", 4, seed + TestSeed.Value);
        var patcher = new TextPatcher(rig.Host);
        var result = rig.Run(3, (cpu, round) => patcher.PatchStopMachine(cpu, [(rig.Site, round % 2 == 0 ? SubX23 : AddX23)]));
        Assert.All(result.StaleViewsByRound, Assert.Empty);
        Assert.Empty(result.Violations);
        Assert.Equal(3UL, patcher.StopMachines);
    }

    [Theory]
    [InlineData(PatchingOmissions.CleanToPoU, StaleLevel.PointOfUnification)]
    [InlineData(PatchingOmissions.InvalidateInstructionCache, StaleLevel.InstructionCache)]
    [InlineData(PatchingOmissions.SynchronisationRound, StaleLevel.Fetched)]
    public void Each_step_left_out_leaves_the_old_instruction_visible_where_that_step_acts(PatchingOmissions omitted, StaleLevel level)
    {
        // The memory system may write a line back or evict it at any time, which can hide a missing step in one
        // round; over ten rounds (NOP and B in turn) the missing step shows.
        var rig = new PatchSiteRig("nop", 4, 1);
        var patcher = new TextPatcher(rig.Host, omissions: omitted);
        var result = rig.Run(10, (cpu, round) => patcher.PatchBatch(cpu, [(rig.Site, round % 2 == 0 ? rig.BranchToNewPath : 0xd503201f)]));
        Assert.Contains(result.StaleViewsByRound.SelectMany(r => r), v => v.Level == level);
    }

    [Fact]
    public void Writing_a_non_CMODX_safe_change_under_running_CPUs_is_caught_by_the_CMODX_checker()
    {
        var rig = new PatchSiteRig("add x23, x23, #1", 4, 1);
        var patcher = new TextPatcher(rig.Host, omissions: PatchingOmissions.CmodxCheck);
        var result = rig.Run(1, (cpu, _) => patcher.PatchBatch(cpu, [(rig.Site, SubX23)]));
        Assert.Contains(result.Violations, v => v.Address == rig.Site && v.OldWord == AddX23 && v.NewWord == SubX23);
    }
}
