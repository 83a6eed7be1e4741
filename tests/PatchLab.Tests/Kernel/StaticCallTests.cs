using PatchLab.Arm64;
using PatchLab.Kernel;
using PatchLab.Machine;
using PatchLab.Scenarios;

namespace PatchLab.Tests.Kernel;

/// <summary>
/// Static calls in every flavour: the tables the macros emit, static_call_init, and static_call_update /
/// static_call_query with the kernel's algorithm (key, trampoline, then the sites in one batch and one round).
/// </summary>
public class StaticCallTests
{
    private const uint Nop = 0xd503201f;
    private const uint MovX0Zero = 0xaa1f03e0;   // mov x0, xzr

    public static TheoryData<StaticCallFlavour> Flavours => [.. Enum.GetValues<StaticCallFlavour>()];

    [Fact]
    public void Inline_sites_are_listed_with_their_key_flags_and_own_pseudo_PLT()
    {
        var rig = new StaticCallRig(StaticCallFlavour.Inline, 2, 1);
        var sites = rig.Hook.Sites;
        Assert.Equal(4, sites.Count);   // cond, tail, init, module
        Assert.All(sites, s => Assert.Equal(rig.Hook.Address, s.Key));
        Assert.Single(sites, s => s.Tail);
        Assert.Single(sites, s => s.Init);
        Assert.True(sites[^1].Module, "module sites come after vmlinux sites");
        Assert.Equal(sites.Count, sites.Select(s => s.Plt!.Value.Address).Distinct().Count());
        // static_call_init wrote the INIT flag into the table, as the kernel does.
        var table = rig.Image.Image.FindSection(".static_call_sites")!;
        var flags = Enumerable.Range(0, sites.Count).Select(i =>
        {
            var at = table.Address + (ulong)(8 * i) + 4;
            return (at + (ulong)(long)(int)rig.Machine.Memory.Read(at, 4)) & 3;
        }).Order().ToList();
        Assert.Equal([0UL, 0UL, StaticCalls.SiteTail, StaticCalls.SiteInit], flags);
    }

    [Fact]
    public void Init_points_inline_sites_at_the_target_directly_or_through_their_PLT()
    {
        var rig = new StaticCallRig(StaticCallFlavour.Inline, 2, 1);
        var target1 = rig.Image.Symbol("target1");
        foreach (var site in rig.Hook.Sites)
        {
            var word = rig.Machine.Memory.PeekWord(site.Address);
            if (site.Module)
            {
                Assert.Equal(PatchInstructions.Branch(site.Address, site.Plt!.Value.Address, link: true), word);
                Assert.Equal(target1, rig.Machine.Memory.Read(site.Plt!.Value.Literal, 8));
            }
            else Assert.Equal(PatchInstructions.Branch(site.Address, target1, link: !site.Tail), word);
        }
    }

    [Theory]
    [MemberData(nameof(Flavours))]
    public void Update_then_query_gives_the_new_target_and_every_call_reaches_it(StaticCallFlavour flavour)
    {
        var rig = new StaticCallRig(flavour, 4, TestSeed.Value);
        var targets = rig.Targets;
        var result = rig.Run(targets.Count, g => targets[g % targets.Count]);
        Assert.Equal(targets[targets.Count % targets.Count], rig.Calls.Query(rig.Hook.Address));
        Assert.Empty(result.Violations);
        Assert.Equal(0UL, result.WrongTargets);
        Assert.True(result.Calls > 0);
    }

    [Fact]
    public void An_inline_update_writes_the_trampoline_literal_then_patches_all_sites_in_one_round()
    {
        var rig = new StaticCallRig(StaticCallFlavour.Inline, 4, 2);
        var target2 = rig.Image.Symbol("target2");
        var module = rig.Hook.Sites.Single(s => s.Module);
        var moduleWord = rig.Machine.Memory.PeekWord(module.Address);
        rig.Execute(200, cpu => rig.Calls.Update(cpu, rig.Hook.Address, target2));
        Assert.Equal(target2, rig.Calls.Query(rig.Hook.Address));
        Assert.Equal(target2, rig.Machine.Memory.Read(rig.Hook.Literal!.Value, 8));
        // The three vmlinux sites (cond, tail, init while initialising) change in one batch; the module site keeps
        // its BL to its PLT, whose literal now holds the new target.
        Assert.Equal((3UL, 1UL), (rig.Patcher.Writes, rig.Patcher.SynchronisationRounds));
        Assert.Equal(moduleWord, rig.Machine.Memory.PeekWord(module.Address));
        Assert.Equal(target2, rig.Machine.Memory.Read(module.Plt!.Value.Literal, 8));
        Assert.Empty(rig.Machine.Violations);
    }

    [Fact]
    public void Init_sites_are_skipped_once_init_is_over()
    {
        var rig = new StaticCallRig(StaticCallFlavour.Inline, 4, 3);
        var init = rig.Hook.Sites.Single(s => s.Init);
        var before = rig.Machine.Memory.PeekWord(init.Address);
        rig.Calls.FreeInitMem();
        rig.Execute(200, cpu => rig.Calls.Update(cpu, rig.Hook.Address, rig.Image.Symbol("target2")));
        Assert.Equal(before, rig.Machine.Memory.PeekWord(init.Address));
        Assert.Equal(2UL, rig.Patcher.Writes);
    }

    [Fact]
    public void NULL_makes_inline_sites_NOPs_and_tail_calls_return_through_the_RET0_stub()
    {
        var rig = new StaticCallRig(StaticCallFlavour.Inline, 4, 4);
        rig.Execute(200, cpu => rig.Calls.Update(cpu, rig.Hook.Address, 0));
        foreach (var site in rig.Hook.Sites)
        {
            var word = rig.Machine.Memory.PeekWord(site.Address);
            if (site.Tail) Assert.Equal(PatchInstructions.Branch(site.Address, rig.Calls.Return0, link: false), word);
            else Assert.Equal(Nop, word);
        }
        Assert.Equal(rig.Calls.Return0, rig.Machine.Memory.Read(rig.Hook.Literal!.Value, 8));
    }

    [Fact]
    public void RET0_calls_the_stub_and_a_far_target_goes_through_each_sites_own_PLT()
    {
        var rig = new StaticCallRig(StaticCallFlavour.Inline, 4, 5);
        var target3 = rig.Image.Symbol("target3");
        var vmlinux = rig.Hook.Sites.First(s => !s.Module && !s.Tail);
        var module = rig.Hook.Sites.Single(s => s.Module);
        var words = new List<(uint Vmlinux, uint Module)>();
        IEnumerable<ulong> Record()
        {
            words.Add((rig.Machine.Memory.PeekWord(vmlinux.Address), rig.Machine.Memory.PeekWord(module.Address)));
            yield break;
        }
        rig.Execute(200,
            cpu => rig.Calls.Update(cpu, rig.Hook.Address, rig.Calls.Return0), _ => Record(),
            cpu => rig.Calls.Update(cpu, rig.Hook.Address, target3), _ => Record());
        Assert.Equal(PatchInstructions.Branch(vmlinux.Address, rig.Calls.Return0, link: true), words[0].Vmlinux);
        Assert.Equal(PatchInstructions.Branch(module.Address, module.Plt!.Value.Address, link: true), words[0].Module);
        Assert.Equal(PatchInstructions.Branch(vmlinux.Address, vmlinux.Plt!.Value.Address, link: true), words[1].Vmlinux);
        Assert.Equal(target3, rig.Machine.Memory.Read(vmlinux.Plt!.Value.Literal, 8));
        Assert.Equal(PatchInstructions.Branch(module.Address, target3, link: true), words[1].Module);
        Assert.Empty(rig.Machine.Violations);
    }

    [Theory]
    [InlineData(StaticCallFlavour.Generic, "target2", 0, 0)]
    [InlineData(StaticCallFlavour.OutOfLine2021, "target2", 1, 1)]
    [InlineData(StaticCallFlavour.OutOfLine2021, "target3", 1, 1)]
    [InlineData(StaticCallFlavour.OutOfLine, "target2", 0, 0)]
    [InlineData(StaticCallFlavour.CondKey, "target2", 0, 0)]
    [InlineData(StaticCallFlavour.CondKey, "NULL", 3, 1)]
    [InlineData(StaticCallFlavour.Inline, "target2", 3, 1)]
    public void Each_flavour_patches_only_what_it_must(StaticCallFlavour flavour, string target, int writes, int rounds)
    {
        var rig = new StaticCallRig(flavour, 4, 6);
        var func = target == "NULL" ? 0 : rig.Image.Symbol(target);
        rig.Execute(200, cpu => rig.Calls.Update(cpu, rig.Hook.Address, func), cpu => rig.Calls.Update(cpu, rig.Hook.Address, func));
        Assert.Equal(((ulong)writes, (ulong)rounds), (rig.Patcher.Writes, rig.Patcher.SynchronisationRounds));
        Assert.Equal(func, rig.Calls.Query(rig.Hook.Address));
        Assert.Empty(rig.Machine.Violations);
    }

    [Fact]
    public void The_2021_trampoline_branches_when_in_range_and_takes_the_literal_otherwise()
    {
        var rig = new StaticCallRig(StaticCallFlavour.OutOfLine2021, 4, 7);
        var at = rig.Hook.Trampoline!.Value + 4;
        var target2 = rig.Image.Symbol("target2");
        Assert.Equal(rig.Hook.Trampoline!.Value - 8, rig.Hook.Literal);
        Assert.Equal(PatchInstructions.Branch(at, rig.Image.Symbol("target1"), link: false), rig.Machine.Memory.PeekWord(at));
        var words = new List<(uint Word, ulong Literal)>();
        IEnumerable<ulong> Record()
        {
            words.Add((rig.Machine.Memory.PeekWord(at), rig.Machine.Memory.Read(rig.Hook.Literal!.Value, 8)));
            yield break;
        }
        rig.Execute(200,
            cpu => rig.Calls.Update(cpu, rig.Hook.Address, target2), _ => Record(),
            cpu => rig.Calls.Update(cpu, rig.Hook.Address, rig.Image.Symbol("target3")), _ => Record(),
            cpu => rig.Calls.Update(cpu, rig.Hook.Address, 0), _ => Record());
        Assert.Equal((PatchInstructions.Branch(at, target2, link: false), target2), words[0]);
        Assert.Equal((Nop, rig.Image.Symbol("target3")), words[1]);
        Assert.Equal((Nop, 0UL), words[2]);
    }

    [Fact]
    public void The_2021_prototypes_RET_for_NULL_is_not_CMODX_safe_and_is_refused()
    {
        var rig = new StaticCallRig(StaticCallFlavour.OutOfLine2021, 4, 8);
        var at = rig.Hook.Trampoline!.Value + 4;
        var e = Assert.Throws<TextPatchingException>(() => rig.Patcher.PatchNosync(rig.Machine.Cpus[0], at, 0xd65f03c0).ToList());
        Assert.Contains("is not CMODX-safe", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_MOV_into_a_BL_site_for_RET0_is_refused_and_flagged_when_forced()
    {
        var rig = new StaticCallRig(StaticCallFlavour.Inline, 4, 9);
        var site = rig.Hook.Sites.First(s => !s.Tail && !s.Module);
        var e = Assert.Throws<TextPatchingException>(() => rig.Patcher.PatchNosync(rig.Machine.Cpus[0], site.Address, MovX0Zero).ToList());
        Assert.Contains(" -> mov\tx0, xzr is not CMODX-safe", e.Message, StringComparison.Ordinal);
        var forced = new TextPatcher(rig.Host, omissions: PatchingOmissions.CmodxCheck);
        var bl = rig.Machine.Memory.PeekWord(site.Address);
        var result = rig.Execute(50, [.. Enumerable.Range(0, 20).Select(i =>
            (Func<Cpu, IEnumerable<ulong>>)(cpu => forced.PatchBatch(cpu, [(site.Address, i % 2 == 0 ? MovX0Zero : bl)])))]);
        Assert.Contains(result.Violations, v => v.Address == site.Address && v.NewWord == MovX0Zero);
    }

    [Fact]
    public void A_far_site_without_a_PLT_and_sites_sharing_a_PLT_are_refused_at_init()
    {
        const string Header = """
                .include "static_call.S"
                DEFINE_STATIC_CALL_RETURN0
                DEFINE_STATIC_CALL hook, target
                .text
                .globl _start, target
            _start: brk #0
            target: ret
            """;
        // A site in the module region listed with no pseudo-PLT: target is out of its reach.
        var far = KernelImage.Build([("far.s", Header + "\n" + """
                .pushsection .module.text, "ax"
            1:  bl target
                .popsection
                .pushsection .static_call_sites, "aw"
                .long 1b - ., __SCK__hook - .
                .popsection
            """)], "_start", StaticCallFlavour.Inline);
        var e = Assert.Throws<TextPatchingException>(() => Start(far));
        Assert.EndsWith("has no pseudo-PLT", e.Message, StringComparison.Ordinal);

        // Two sites listed with one PLT.
        var shared = KernelImage.Build([("shared.s", Header + "\n" + """
            1:  bl 3f
            2:  bl 3f
            3:  ldr x16, 4f
                br x16
            4:  .quad __SCT__hook
                .pushsection .static_call_sites, "aw"
                .long 1b - ., __SCK__hook - .
                .long 2b - ., __SCK__hook - .
                .popsection
                .pushsection .static_call_plts, "a"
                .long 1b - ., 3b - .
                .long 2b - ., 3b - .
                .popsection
            """)], "_start", StaticCallFlavour.Inline);
        e = Assert.Throws<TextPatchingException>(() => Start(shared));
        Assert.Contains("share the pseudo-PLT", e.Message, StringComparison.Ordinal);
    }

    private static StaticCalls Start(KernelImage image)
    {
        var machine = new AArch64Machine(new MachineOptions { Cpus = 1 });
        image.LoadInto(machine);
        var host = new KernelHost(machine);
        var patcher = new TextPatcher(host);
        return new StaticCalls(host, image, patcher, new StaticKeys(host, image, patcher));
    }
}
