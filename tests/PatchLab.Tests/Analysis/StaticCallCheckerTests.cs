using PatchLab.Analysis;
using PatchLab.Arm64.Assembler;
using PatchLab.Elf;
using PatchLab.Tests.Cli;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Analysis;

/// <summary>
/// The build-time static-call checker on objects as a compiler leaves them (<c>bl __SCT__name</c>): the table it
/// writes, the pseudo-PLTs and NOPs of the inline flavour, what binutils and the linkers make of its output, and
/// each rejection with object, section, offset and symbol.
/// </summary>
public class StaticCallCheckerTests
{
    /// <summary>A caller as GCC would emit it: three calls, one to a NULL call, a tail call, and a tail call in init text.</summary>
    private const string User = """
            .text
            .globl caller
            .type caller, %function
        caller:
            stp x29, x30, [sp, #-16]!
            bl __SCT__foo
            bl __SCT__nullcall
            bl __SCT__foo
            ldp x29, x30, [sp], #16
            b __SCT__foo
            .size caller, .-caller
            .section .init.text, "ax"
            .globl init_caller
        init_caller:
            b __SCT__foo
        """;

    /// <summary>The keys and trampolines: foo starts at a function, nullcall is NULL, ret0call is RET0.</summary>
    private const string Keys = """
            .data
            .balign 8
            .globl __SCK__foo, __SCK__nullcall, __SCK__ret0call
        __SCK__foo: .quad foo
            .quad 0
        __SCK__nullcall: .quad 0
            .quad 0
        __SCK__ret0call: .quad __static_call_return0
            .quad 0
            .text
            .globl __SCT__foo, __SCT__nullcall, __SCT__ret0call, foo, _start, __static_call_return0
        _start: bl caller
            bl init_caller
            b .
        foo: ret
        __static_call_return0: mov x0, xzr
            ret
        __SCT__foo: b foo
        __SCT__nullcall: ret
        __SCT__ret0call: b __static_call_return0
        """;

    private static RelocatableObject Assemble(string source, string name) => SourceAssembler.Assemble(source, name);

    private static StaticCallCheckResult Check(bool inline, params RelocatableObject[] objects) =>
        StaticCallChecker.Check(objects, new StaticCallCheckOptions { Inline = inline });

    [Fact]
    public void Calls_to_trampolines_become_static_call_sites_with_TAIL_and_INIT_flags()
    {
        var user = Assemble(User, "user.o");
        var result = Check(false, user, Assemble(Keys, "keys.o"));
        Assert.Empty(result.Rejections);
        Assert.Equal(["user.o: .text+0x4: static call __SCT__foo", "user.o: .text+0x8: static call __SCT__nullcall",
            "user.o: .text+0xc: static call __SCT__foo", "user.o: .text+0x14: static call (tail) __SCT__foo",
            "user.o: .init.text+0x0: static call (tail) __SCT__foo, init"], result.Sites.Select(s => s.ToString()));
        var table = user.FindSection(".static_call_sites")!;
        Assert.Equal(40UL, table.Size);
        Assert.Equal(["__SCK__foo+0", "__SCK__nullcall+0", "__SCK__foo+0", "__SCK__foo+1", "__SCK__foo+3"],
            table.Relocations.Where(r => r.Offset % 8 == 4).Select(r => $"{r.Symbol!.Name}+{r.Addend}"));
        Assert.Null(user.FindSection(".static_call_plts"));
    }

    [Fact]
    public void The_inline_flavour_gives_each_site_its_own_PLT_and_NOPs_sites_of_NULL_calls()
    {
        var user = Assemble(User, "user.o");
        var result = Check(true, user, Assemble(Keys, "keys.o"));
        Assert.Empty(result.Rejections);
        var plts = result.Sites.Where(s => s.PltOffset is not null).Select(s => (s.Section, s.PltOffset)).ToList();
        Assert.Equal(4, plts.Count);
        Assert.Equal(plts.Count, plts.Distinct().Count());
        Assert.True(result.Sites.Single(s => s.Symbol == "__SCT__nullcall").Nopped);
        Assert.Equal([0x1f, 0x20, 0x03, 0xd5], user.FindSection(".text")!.Data[8..12]);
    }

    [Fact]
    public void Checked_objects_read_back_in_objdump_and_readelf_and_link_with_GNU_ld_and_ours()
    {
        using var dir = new TempDir();
        var (user, keys) = (dir.File("user.o"), dir.File("keys.o"));
        Write(Assemble(User, "user.o"), user);
        Write(Assemble(Keys, "keys.o"), keys);
        var (exit, output, error) = CliHarness.Run("check", "--inline", user, keys, "-o", dir.File("user.c.o"), dir.File("keys.c.o"));
        Assert.True(exit == 0, error);
        Assert.Contains("pseudo-PLT at .text+0x18", output, StringComparison.Ordinal);
        var listing = OracleTool.Run("aarch64-linux-gnu-objdump", "-dr", dir.File("user.c.o"));
        Assert.Contains("R_AARCH64_CALL26\t.text+0x18", listing, StringComparison.Ordinal);
        Assert.Contains("R_AARCH64_ABS64\t__SCT__foo", listing, StringComparison.Ordinal);
        Assert.Contains("   8:\td503201f \tnop", listing, StringComparison.Ordinal);
        var relocations = OracleTool.Run("aarch64-linux-gnu-readelf", "-rW", dir.File("user.c.o"));
        Assert.Contains("Relocation section '.rela.static_call_sites'", relocations, StringComparison.Ordinal);
        Assert.Contains("R_AARCH64_PREL32       0000000000000000 __SCK__foo + 3", relocations, StringComparison.Ordinal);
        OracleTool.Run("aarch64-linux-gnu-ld", "-static", "-o", dir.File("gnu"), dir.File("user.c.o"), dir.File("keys.c.o"));
        var (linkExit, _, linkError) = CliHarness.Run("link", "-o", dir.File("ours"), dir.File("user.c.o"), dir.File("keys.c.o"));
        Assert.True(linkExit == 0, linkError);
    }

    [Fact]
    public void Objects_built_with_the_static_call_macros_are_checked_as_they_are()
    {
        var obj = PatchLab.Kernel.KernelImage.Assemble("macros.s", """
                .include "static_call.S"
                DEFINE_STATIC_CALL_RETURN0
                DEFINE_STATIC_CALL hook, f
                .text
                .globl f
            f:  STATIC_CALL hook
                STATIC_CALL_TAIL hook
            """, PatchLab.Kernel.StaticCallFlavour.Inline);
        var sections = obj.Sections.Select(s => (s.Name, s.Size)).ToList();
        var result = Check(true, obj);
        Assert.Empty(result.Rejections);
        // After the 12-byte __static_call_return0 stub.
        Assert.Equal([(12UL, false), (16UL, true)], result.Sites.Select(s => (s.Offset, s.Tail)));
        Assert.All(result.Sites, s => Assert.NotNull(s.PltOffset));
        Assert.Equal(sections, obj.Sections.Select(s => (s.Name, s.Size)));
    }

    [Fact]
    public void A_site_that_shares_a_PLT_is_rejected()
    {
        var result = Check(true, Assemble("""
                .text
                .globl f
            f:  bl 1f
                bl 1f
                ret
            1:  ldr x16, 2f
                br x16
            2:  .quad __SCT__foo
                .section .static_call_sites, "aw"
                .long f - ., __SCK__foo - .
                .long f + 4 - ., __SCK__foo - .
                .section .static_call_plts, "a"
                .long f - ., 1b - .
                .long f + 4 - ., 1b - .
            """, "shared.o"));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(("shared.o", ".text", 4UL, "f+0x4"), (rejection.Object, rejection.Section, rejection.Offset, rejection.Symbol));
        Assert.StartsWith("shares its PLT at .text+0xc with the site at .text+0x0", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_site_with_no_PLT_or_a_PLT_out_of_reach_is_rejected()
    {
        var result = Check(true, Assemble("""
                .text
                .globl f
            f:  bl __SCT__foo_tramp
                bl 1f
                ret
                .section .text.far, "ax"
            1:  ldr x16, 2f
                br x16
            2:  .quad __SCT__foo
                .section .static_call_sites, "aw"
                .long f - ., __SCK__foo - .
                .long f + 4 - ., __SCK__foo - .
                .section .static_call_plts, "a"
                .long f + 4 - ., 1b - .
            """, "far.o"));
        Assert.Equal(2, result.Rejections.Count);
        Assert.All(result.Rejections, r => Assert.StartsWith("out of range with no PLT", r.Reason, StringComparison.Ordinal));
        Assert.Equal([("far.o", ".text", 0UL, "f"), ("far.o", ".text", 4UL, "f+0x4")],
            result.Rejections.Select(r => (r.Object, r.Section, r.Offset, r.Symbol)).Order());
    }

    [Fact]
    public void A_PLT_that_would_land_beyond_a_BLs_reach_is_rejected()
    {
        // 129 MiB of code after the call: the PLT appended to the section is out of range.
        var obj = Assemble("""
                .text
                .globl f
            f:  bl __SCT__foo
                .skip 129 * 1024 * 1024
            """, "big.o");
        var rejection = Assert.Single(Check(true, obj).Rejections);
        Assert.Equal((".text", 0UL, "__SCT__foo"), (rejection.Section, rejection.Offset, rejection.Symbol));
        Assert.StartsWith("out of range with no PLT", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trampoline_reference_that_is_not_a_BL_or_B_is_rejected()
    {
        var result = Check(false, Assemble("""
                .text
                .globl f
            f:  adrp x0, __SCT__foo
                cbz x1, __SCT__foo
                b.eq __SCT__foo
                ret
            """, "notbl.o"));
        Assert.Equal([0UL, 4UL, 8UL], result.Rejections.Select(r => r.Offset));
        Assert.All(result.Rejections, r => Assert.StartsWith("not a BL or B", r.Reason, StringComparison.Ordinal));
        Assert.Contains("(cbz x1, 0x4)", result.Rejections[1].Reason, StringComparison.Ordinal);
        Assert.Empty(result.Sites);
    }

    [Fact]
    public void A_jump_label_on_an_instruction_a_static_key_cannot_switch_is_rejected()
    {
        var result = Check(false, Assemble("""
                .text
                .globl f
            f:  nop
                add x0, x0, #1
            1:  ret
                .pushsection __jump_table, "aw"
                .balign 8
                .long f - ., 1b - .
                .quad key - .
                .long f + 4 - ., 1b - .
                .quad key - .
                .popsection
                .data
            key: .quad 0
            """, "jl.o"));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal((".text", 4UL, "f+0x4"), (rejection.Section, rejection.Offset, rejection.Symbol));
        Assert.StartsWith("patch target not CMODX-safe: add x0, x0, #0x1 is neither a NOP nor a B", rejection.Reason, StringComparison.Ordinal);
        Assert.Single(result.Sites, s => s.Kind == PatchSiteKind.JumpLabel);
    }

    [Fact]
    public void RET0_as_a_MOV_at_the_site_is_rejected_as_not_CMODX_safe()
    {
        var user = Assemble("""
                .text
                .globl g
            g:  bl __SCT__ret0call
                ret
            """, "ret0.o");
        var result = StaticCallChecker.Check([user, Assemble(Keys, "keys.o")], new StaticCallCheckOptions { Inline = true, Ret0AsMov = true });
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(("ret0.o", ".text", 0UL, "__SCT__ret0call"), (rejection.Object, rejection.Section, rejection.Offset, rejection.Symbol));
        Assert.Equal("patch target not CMODX-safe: bl 0x0 -> mov x0, xzr for RET0 (MOV is not on the CMODX list)", rejection.Reason);
    }

    [Fact]
    public void The_command_reports_rejections_and_writes_nothing()
    {
        using var dir = new TempDir();
        var path = dir.File("notbl.o");
        Write(Assemble(".text\nf: adrp x0, __SCT__foo\n", "notbl.o"), path);
        var (exit, _, error) = CliHarness.Run("check", path, "-o", dir.File("out.o"));
        Assert.Equal(1, exit);
        Assert.Contains($"error: {path}: .text+0x0 (__SCT__foo): not a BL or B", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.o")));
    }

    [Fact]
    public void The_command_reports_sites_and_rejections_as_json()
    {
        using var dir = new TempDir();
        var (user, bad) = (dir.File("user.o"), dir.File("notbl.o"));
        Write(Assemble(User, "user.o"), user);
        Write(Assemble(".text\nf: adrp x0, __SCT__foo\n", "notbl.o"), bad);
        var (exit, output, _) = CliHarness.Run("check", "--json", user);
        Assert.Equal(0, exit);
        using (var json = System.Text.Json.JsonDocument.Parse(output))
        {
            var sites = json.RootElement.GetProperty("sites").EnumerateArray().ToList();
            Assert.NotEmpty(sites);
            Assert.All(sites, s => Assert.Equal(user, s.GetProperty("object").GetString()));
            Assert.Empty(json.RootElement.GetProperty("rejections").EnumerateArray());
        }
        var (badExit, badOutput, _) = CliHarness.Run("check", "--json", bad);
        Assert.Equal(1, badExit);
        using var rejected = System.Text.Json.JsonDocument.Parse(badOutput);
        Assert.StartsWith("not a BL or B", rejected.RootElement.GetProperty("rejections")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private static void Write(RelocatableObject obj, string path)
    {
        using var stream = File.Create(path);
        ElfWriter.WriteRelocatable(obj, stream);
    }
}
