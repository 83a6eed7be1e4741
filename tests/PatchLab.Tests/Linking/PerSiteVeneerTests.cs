using PatchLab.Arm64.Assembler;
using PatchLab.Linking;
using PatchLab.Machine;

namespace PatchLab.Tests.Linking;

/// <summary>
/// A per-site pseudo-PLT is retargeted by rewriting its literal: a data store, so no instruction changes, no cache
/// maintenance and nothing for CMODX. The callees start with <c>bti c</c>, the pad a <c>br x16</c> may land on.
/// </summary>
public class PerSiteVeneerTests
{
    private const ulong FarAddress = 0x10400000;

    private const string Source = """
        .text
        .globl _start
        _start:
            ret
        .globl call_one
        call_one:
            stp x29, x30, [sp, #-16]!
            bl far_a
            ldp x29, x30, [sp], #16
            ret
        .globl call_two
        call_two:
            stp x29, x30, [sp, #-16]!
            bl far_a
            add x0, x0, #100
            ldp x29, x30, [sp], #16
            ret
        .section .far, "ax"
        .globl far_a
        far_a:
            bti c
            mov x0, #1
            ret
        .globl far_b
        far_b:
            bti c
            mov x0, #2
            ret
        """;

    private static (Image Image, AArch64Machine Machine) Boot()
    {
        var image = Linker.Link([SourceAssembler.Assemble(Source, "sites.s")], new LinkLayout
        {
            SectionStarts = new Dictionary<string, ulong> { [".far"] = FarAddress },
            Veneers = VeneerPolicy.PerSite,
        });
        return (image, ImageRunner.Boot(image.Sections));
    }

    private static ulong Symbol(Image image, string name) => image.FindSymbol(name)!.Value;

    [Fact]
    public void Rewriting_one_sites_literal_retargets_that_site_alone()
    {
        var (image, machine) = Boot();
        Assert.Equal(2, image.Veneers.Count);
        Assert.Equal(1UL, ImageRunner.Call(machine, Symbol(image, "call_one"), 0));
        Assert.Equal(101UL, ImageRunner.Call(machine, Symbol(image, "call_two"), 0));
        var one = image.Veneers.Single(v => v.Callers.Single().Address < Symbol(image, "call_two"));
        machine.Memory.Write(one.Address + 8, 8, Symbol(image, "far_b"), cpu: 0, virtualTime: 0);
        Assert.Equal(2UL, ImageRunner.Call(machine, Symbol(image, "call_one"), 0));
        Assert.Equal(101UL, ImageRunner.Call(machine, Symbol(image, "call_two"), 0));
        Assert.Empty(machine.Violations);
    }

    [Theory]
    [InlineData(VeneerPolicy.Shared)]
    [InlineData(VeneerPolicy.PerSite)]
    public void A_veneer_follows_a_target_that_moves_when_veneers_grow_the_sections_before_it(VeneerPolicy policy)
    {
        // .other follows .text, so the veneer .text gets for far_fn moves other_fn, which far_fn calls through a veneer.
        const string source = """
            .text
            .globl _start
            _start:
                ret
            .globl call_far
            call_far:
                stp x29, x30, [sp, #-16]!
                bl far_fn
                ldp x29, x30, [sp], #16
                ret
            .section .other, "ax"
            .globl other_fn
            other_fn:
                mov x0, #7
                ret
            .section .far, "ax"
            .globl far_fn
            far_fn:
                stp x29, x30, [sp, #-16]!
                bl other_fn
                add x0, x0, #1
                ldp x29, x30, [sp], #16
                ret
            """;
        var image = Linker.Link([SourceAssembler.Assemble(source, "moving.s")], new LinkLayout
        {
            SectionStarts = new Dictionary<string, ulong> { [".far"] = FarAddress },
            Veneers = policy,
        });
        Assert.Equal(2, image.Veneers.Count);
        Assert.Equal(Symbol(image, "other_fn"), image.Veneers.Single(v => v.Target == "other_fn").TargetAddress);
        Assert.Equal(8UL, ImageRunner.Call(ImageRunner.Boot(image.Sections), Symbol(image, "call_far"), 0));
    }

    [Fact]
    public void Callers_running_through_the_veneer_while_another_CPU_rewrites_its_literal_reach_the_old_or_the_new_target()
    {
        // CPU 0 calls far_a through its pseudo-PLT in a loop, counting results 1 and 2 and any 1 after a 2; CPU 1
        // spins, then stores far_b's address into the literal. No instruction changes, so CMODX has nothing to say.
        const string source = """
            .text
            .globl _start
            _start:
                ret
            .globl caller_loop
            caller_loop:
                stp x29, x30, [sp, #-48]!
                stp x19, x20, [sp, #16]
                stp x21, x22, [sp, #32]
                mov x19, x0
                mov x20, #0
                mov x21, #0
                mov x22, #0
            1:  bl far_a
                cmp x0, #1
                cinc x20, x20, eq
                b.ne 2f
                cmp x21, #0
                cinc x22, x22, ne
            2:  cmp x0, #2
                cinc x21, x21, eq
                subs x19, x19, #1
                b.ne 1b
                mov x0, x20
                mov x1, x21
                mov x2, x22
                ldp x21, x22, [sp, #32]
                ldp x19, x20, [sp, #16]
                ldp x29, x30, [sp], #48
                ret
            .globl writer
            writer:
                subs x2, x2, #1
                b.ne writer
                str x1, [x0]
                ret
            .section .far, "ax"
            .globl far_a
            far_a:
                bti c
                mov x0, #1
                ret
            .globl far_b
            far_b:
                bti c
                mov x0, #2
                ret
            """;
        var image = Linker.Link([SourceAssembler.Assemble(source, "concurrent.s")], new LinkLayout
        {
            SectionStarts = new Dictionary<string, ulong> { [".far"] = FarAddress },
            Veneers = VeneerPolicy.PerSite,
        });
        var veneer = Assert.Single(image.Veneers);
        var machine = ImageRunner.Boot(image.Sections, cpus: 2);
        const ulong calls = 2000;
        ImageRunner.Start(machine.Cpus[0], Symbol(image, "caller_loop"), calls);
        ImageRunner.Start(machine.Cpus[1], Symbol(image, "writer"), veneer.Address + 8, Symbol(image, "far_b"), 3000);
        machine.Run();
        var cpu = machine.Cpus[0];
        var (ones, twos, backwards) = (cpu.X(0), cpu.X(1), cpu.X(2));
        Assert.Equal(calls, ones + twos);
        Assert.True(ones > 0 && twos > 0, $"ones {ones}, twos {twos} (seed {machine.Options.Seed})");
        Assert.Equal(0UL, backwards);
        Assert.Empty(machine.Violations);
    }
}
