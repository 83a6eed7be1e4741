using PatchLab.Arm64;
using PatchLab.Machine;

namespace PatchLab.Tests.Machine;

/// <summary>What instruction fetch may see after a store into code, step by step of the patching protocol.</summary>
public class InstructionFetchTests
{
    private const ulong Text = 0xffff800008000000;
    private const uint Nop = 0xd503201f;
    private const uint BranchForward = 0x14000004;   // b .+16
    private const uint AddX0 = 0x91000400;           // add x0, x0, #1
    private const uint MovX0 = 0xd2800020;           // mov x0, #1

    private sealed class Rig
    {
        public readonly Memory Memory;
        public readonly InstructionFetcher Writer;
        public readonly InstructionFetcher Executor;

        public Rig(CacheType cacheType, uint initial)
        {
            Memory = new Memory(new CodeCoherence(cacheType));
            Memory.Map(Text, Memory.PageSize, PagePermissions.ReadExecute | PagePermissions.Write);
            Memory.Load(Text, BitConverter.GetBytes(initial));
            Writer = new InstructionFetcher(0, Memory);
            Executor = new InstructionFetcher(1, Memory);
        }

        public uint Executes() => Executor.Fetch(Text).Words[0];

        public void Store(uint word) => Memory.Write(Text, 4, word, cpu: 0, virtualTime: 0);

        public void CleanInvalidate(bool clean = true, bool invalidate = true)
        {
            if (clean) Memory.Coherence.CleanToPoU(Text);
            Writer.DataSynchronizationBarrier();
            if (invalidate) Writer.InvalidateInstructionCacheLine(Text);
            Writer.DataSynchronizationBarrier();
        }

        public List<StaleView> Stale() => [.. Memory.Coherence.FindStaleViews(Memory, Text, 4)];
    }

    [Fact]
    public void The_full_sequence_and_an_ISB_on_the_executing_CPU_make_the_new_instruction_visible()
    {
        var rig = new Rig(CacheType.Default, Nop);
        Assert.Equal(Nop, rig.Executes());
        rig.Store(BranchForward);
        rig.CleanInvalidate();
        rig.Executor.ContextSynchronize();
        Assert.Equal(BranchForward, rig.Executes());
        Assert.Empty(rig.Stale());
    }

    [Fact]
    public void Without_DC_CVAU_the_old_instruction_survives_IC_IVAU_and_ISB()
    {
        var rig = new Rig(CacheType.Default, Nop);
        rig.Executes();
        rig.Store(BranchForward);
        rig.CleanInvalidate(clean: false);
        rig.Executor.ContextSynchronize();
        Assert.Equal(Nop, rig.Executes());
        Assert.Contains(rig.Stale(), v => v.Level == StaleLevel.PointOfUnification);
    }

    [Fact]
    public void Without_IC_IVAU_the_instruction_cache_keeps_the_old_line_after_ISB()
    {
        var rig = new Rig(CacheType.Default, Nop);
        rig.Executes();
        rig.Store(BranchForward);
        rig.CleanInvalidate(invalidate: false);
        rig.Executor.ContextSynchronize();
        Assert.Equal(Nop, rig.Executes());
        Assert.Contains(rig.Stale(), v => v is { Cpu: 1, Level: StaleLevel.InstructionCache });
    }

    [Fact]
    public void Without_ISB_the_executing_CPU_keeps_running_what_it_already_fetched()
    {
        var rig = new Rig(CacheType.Default, Nop);
        rig.Executes();
        rig.Store(BranchForward);
        rig.CleanInvalidate();
        Assert.Equal(Nop, rig.Executes());
        Assert.Contains(rig.Stale(), v => v is { Cpu: 1, Level: StaleLevel.Fetched });
    }

    [Fact]
    public void With_IDC_no_clean_is_needed_and_with_DIC_no_invalidation_but_ISB_still_is()
    {
        var idc = new Rig(new CacheType(Idc: true, Dic: false), Nop);
        idc.Executes();
        idc.Store(BranchForward);
        idc.CleanInvalidate(clean: false);
        idc.Executor.ContextSynchronize();
        Assert.Equal(BranchForward, idc.Executes());

        var dic = new Rig(new CacheType(Idc: true, Dic: true), Nop);
        dic.Executes();
        dic.Store(BranchForward);
        Assert.Equal(Nop, dic.Executes());
        dic.Executor.ContextSynchronize();
        Assert.Equal(BranchForward, dic.Executes());
    }

    [Fact]
    public void Patching_a_NOP_into_a_B_under_a_running_CPU_is_not_a_CMODX_violation()
    {
        var rig = new Rig(CacheType.Default, Nop);
        rig.Executes();
        rig.Store(BranchForward);
        Assert.Null(rig.Memory.Coherence.FindConcurrentModification(rig.Executor, Text, CmodxList.Strict));
    }

    [Fact]
    public void Patching_an_ADD_into_a_MOV_under_a_running_CPU_is_a_CMODX_violation_until_it_synchronises()
    {
        var rig = new Rig(CacheType.Default, AddX0);
        rig.Executes();
        rig.Store(MovX0);
        var violation = rig.Memory.Coherence.FindConcurrentModification(rig.Executor, Text, CmodxList.Strict);
        Assert.NotNull(violation);
        Assert.Equal((AddX0, MovX0, 0), (violation.Value.OldWord, violation.Value.NewWord, violation.Value.Cpu));

        rig.Executor.ContextSynchronize();
        Assert.Null(rig.Memory.Coherence.FindConcurrentModification(rig.Executor, Text, CmodxList.Strict));
    }

    [Theory]
    [InlineData(0x54000040u, false, true)]   // b.eq: only on the current list
    [InlineData(0xb4000040u, false, true)]   // cbz
    [InlineData(0x36080040u, false, true)]   // tbz
    [InlineData(0x94000010u, true, true)]    // bl
    [InlineData(0xd4200000u, true, true)]    // brk #0
    [InlineData(0xd5033fdfu, true, true)]    // isb
    [InlineData(0xd4000001u, true, true)]    // svc #0
    [InlineData(0xaa0103e0u, false, false)]  // mov x0, x1
    public void The_CMODX_lists_are_the_Arm_ARM_lists(uint word, bool strict, bool current)
    {
        Assert.Equal(strict, Cmodx.IsSafe(word, CmodxList.Strict));
        Assert.Equal(current, Cmodx.IsSafe(word, CmodxList.Current));
    }
}
