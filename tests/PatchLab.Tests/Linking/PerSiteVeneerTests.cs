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
}
