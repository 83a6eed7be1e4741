using PatchLab.Kernel;
using PatchLab.Machine;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Kernel;

/// <summary>
/// The arm64 text-patching primitives run as host work on CPU 0 while CPUs 1–3 execute the patched site in a loop;
/// the machine's checkers judge each protocol.
/// </summary>
public class TextPatchingTests
{
    private const ulong Text = 0xffff800008000000;
    private const uint Nop = 0xd503201f;
    private const uint AddX23 = 0x910006f7;   // add x23, x23, #1
    private const uint SubX23 = 0xd10006f7;   // sub x23, x23, #1

    private sealed class Rig
    {
        public readonly AArch64Machine Machine;
        public readonly KernelHost Host;
        public readonly ulong Site;
        public readonly ulong NewPath;
        public readonly ulong Flag;
        public List<StaleView> StaleAfterPatch = [];
        public bool Patched;

        public Rig(string siteInstruction, int seed)
        {
            // CPU 0 idles in WFI; CPUs 1–3 run through the site until the flag is set.
            var code = GnuAs.AssembleText($$"""
                    cbz x0, idle
                    adr x20, flag
                1:  add x24, x24, #1
                site:
                    {{siteInstruction}}
                    add x21, x21, #1
                    b 2f
                new_path:
                    add x22, x22, #1
                2:  ldr x1, [x20]
                    cbz x1, 1b
                    brk #0
                idle:
                    wfi
                    b idle
                    .balign 64
                flag: .quad 0
                """);
            Machine = new AArch64Machine(new MachineOptions { Cpus = 4, Seed = seed, QuantumMin = 1, QuantumMax = 8 });
            Machine.Memory.Map(Text, (ulong)code.Length, PagePermissions.ReadExecute | PagePermissions.Write);
            Machine.Memory.Load(Text, code);
            foreach (var cpu in Machine.Cpus)
            {
                cpu.Pc = Text;
                cpu.Daif = 0;
                cpu.SetX(0, (ulong)cpu.Index);
            }
            Host = new KernelHost(Machine);
            Site = Text + 12;
            NewPath = Site + 12;
            Flag = Text + (ulong)code.Length - 8;
        }

        /// <summary>Lets the readers run, then patches on CPU 0, checks every CPU's view, and lets the readers finish.</summary>
        public void Run(Func<Cpu, IEnumerable<ulong>> patch)
        {
            var writer = Machine.Cpus[0];
            IEnumerable<ulong> Work()
            {
                for (var i = 0; i < 200; i++) yield return 1;   // the readers get going first
                foreach (var cost in patch(writer)) yield return cost;
                StaleAfterPatch = [.. Machine.Memory.Coherence.FindStaleViews(Machine.Memory, Site, 4)];
                Patched = true;
                for (var i = 0; i < 200; i++) yield return 1;   // and run the new code a while
                Machine.Memory.Write(Flag, 8, 1, writer.Index, writer.Cycles);
            }
            writer.RunHostWork(Work());
            Machine.Run(untilNs: 5_000_000);
            Assert.True(Patched, "the patch did not complete");
            Assert.All(Machine.Cpus.Skip(1), c => Assert.True(c.Halted, $"cpu{c.Index} did not finish"));
        }

        public ulong NewPathRuns => Machine.Cpus.Skip(1).Aggregate(0UL, (s, c) => s + c.X(22));
    }

    private static uint BranchTo(ulong from, ulong to) => 0x14000000 | (uint)(((long)(to - from) >> 2) & 0x3ffffff);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_batch_with_the_kernels_protocol_leaves_no_CPU_on_the_old_instruction(int seed)
    {
        var rig = new Rig("nop", seed);
        var patcher = new TextPatcher(rig.Host);
        rig.Run(cpu => patcher.PatchBatch(cpu, [(rig.Site, BranchTo(rig.Site, rig.NewPath))]));
        Assert.Empty(rig.StaleAfterPatch);
        Assert.Empty(rig.Machine.Violations);
        Assert.True(rig.NewPathRuns > 0);
        Assert.Equal((1UL, 1UL), (patcher.Writes, patcher.SynchronisationRounds));
    }

    [Fact]
    public void A_change_that_is_not_CMODX_safe_is_refused_outside_stop_machine()
    {
        var rig = new Rig("add x23, x23, #1", 1);
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
        var rig = new Rig("add x23, x23, #1", seed);
        var patcher = new TextPatcher(rig.Host);
        rig.Run(cpu => patcher.PatchStopMachine(cpu, [(rig.Site, SubX23)]));
        Assert.Empty(rig.StaleAfterPatch);
        Assert.Empty(rig.Machine.Violations);
        Assert.Equal(1UL, patcher.StopMachines);
    }

    [Theory]
    [InlineData(PatchingOmissions.CleanToPoU, StaleLevel.PointOfUnification)]
    [InlineData(PatchingOmissions.InvalidateInstructionCache, StaleLevel.InstructionCache)]
    [InlineData(PatchingOmissions.SynchronisationRound, StaleLevel.Fetched)]
    public void Each_step_left_out_leaves_the_old_instruction_visible_where_that_step_acts(PatchingOmissions omitted, StaleLevel level)
    {
        var rig = new Rig("nop", 1);
        var patcher = new TextPatcher(rig.Host, omissions: omitted);
        rig.Run(cpu => patcher.PatchBatch(cpu, [(rig.Site, BranchTo(rig.Site, rig.NewPath))]));
        Assert.Contains(rig.StaleAfterPatch, v => v.Level == level);
    }

    [Fact]
    public void Writing_a_non_CMODX_safe_change_under_running_CPUs_is_caught_by_the_CMODX_checker()
    {
        var rig = new Rig("add x23, x23, #1", 1);
        var patcher = new TextPatcher(rig.Host, omissions: PatchingOmissions.CmodxCheck);
        rig.Run(cpu => patcher.PatchBatch(cpu, [(rig.Site, SubX23)]));
        Assert.Contains(rig.Machine.Violations, v => v.Address == rig.Site && v.OldWord == AddX23 && v.NewWord == SubX23);
    }
}
