using PatchLab.Tests.Elf;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

public partial class DisasmCommandTests
{
    private static string Objdump(params string[] args) => OracleTool.Run("aarch64-linux-gnu-objdump", args);

    private static void AssertSameAsObjdump(string path, string[] ourArgs, string[] objdumpArgs)
    {
        var (exit, output, error) = CliHarness.Run(["disasm", path, .. ourArgs]);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(Objdump([.. objdumpArgs, path]), output);
    }

    [Fact]
    public void An_assembled_object_disassembles_exactly_as_objdump_d()
    {
        AssertSameAsObjdump(ElfSamples.BranchesObject, [], ["-d"]);
    }

    [Fact]
    public void A_linked_executable_disassembles_exactly_as_objdump_d()
    {
        AssertSameAsObjdump(ElfSamples.BranchesExecutable, [], ["-d"]);
    }

    [Fact]
    public void Section_options_select_sections_as_objdump_j_does()
    {
        AssertSameAsObjdump(ElfSamples.BranchesObject, ["--section", ".text.second"], ["-d", "-j", ".text.second"]);
        AssertSameAsObjdump(ElfSamples.BranchesObject, ["--section", ".text.nosym", "--section", ".text"],
            ["-d", "-j", ".text.nosym", "-j", ".text"]);
        AssertSameAsObjdump(ElfSamples.BranchesObject, ["--section", ".data"], ["-d", "-j", ".data"]);
    }

    /// <summary>Sources that exercise objdump's choices: which symbol names an address, data, objects, zeros.</summary>
    public static TheoryData<string, string> Sources() => new()
    {
        { "symbol-choice", """
            	.text
            	ret
            	b .+8
            	.word 0
            	.globl g1, g2
            	.type g1,%function
            	.size g1, 4
            g1:
            g2:
            l1:
            	ret
            	.word 0
            	.byte 0, 0
            	.p2align 2
            zz:
            	ret
            	.byte 0,0,0
            	.section .text.b,"ax"
            	b zz
            	b .+0x100
            """ },
        { "sizes-and-mapping", """
            	.text
            	.globl a_small, b_big
            	.type a_small,%function
            	.type b_big,%function
            	.size a_small, 4
            	.size b_big, 8
            	ret
            a_small:
            b_big:
            	ret
            	ret
            	b c_lab
            c_lab:
            $x.foo:
            	ret
            	.section .text.other,"ax"
            	b .+0x100
            """ },
        { "object-in-text", """
            	.text
            p0:	ret
            	.type q1,%object
            q1:
            	.word 0x64636261, 0x68676665, 0x01020304, 0x41424344, 0x45464748
            	.byte 0x30, 0x31
            	.short 0x3233
            	.word 0,0,0,0,0
            	.byte 7
            	.p2align 2
            	.type r1,%function
            r1:	ret
            	.section .text.b,"ax"
            	b .+0x100
            """ },
        { "object-tails", """
            	.text
            p0:	ret
            	.type q1,%object
            q1:
            	.byte 0x41, 0x42, 0x43, 0x44, 0x45, 0x46
            	.section .text.b,"ax"
            r0:	ret
            	.word 0x11223344
            	.short 0x5566
            	.section .text.c,"ax"
            s0:	ret
            	.byte 0x77
            	.section .text.d,"ax"
            t0:	ret
            	.byte 0, 0
            	.section .text.e,"ax"
            	.type objx,%object
            objx:	.byte 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19
            """ },
        { "data-units", """
            	.text
            f:	ret
            	.word 0x11223344
            	.short 0x5566
            	.byte 0x77
            	.byte 0x88, 0x99
            mid:	.byte 0xaa
            	.short 0xbbcc
            	.p2align 3
            	.quad 0x1122334455667788
            	.zero 12
            	ret
            	.byte 0, 0
            """ },
        // Long runs of symbols at one address: objdump names the address by the first of its order (names alike in
        // their first eight bytes, and a shorter one, sort by the rest).
        { "long-runs", """
            	.text
            f0:	ret
            	.irp n, 9,3,7,1,5,8,2,6,4,0,19,13,17,11,15,18,12,16,14,10,29,23,27,21,25
            	.globl g\n
            g\n:
            	.endr
            	ret
            	.irp n, 9,3,7,1,5,8,2,6,4,0,19,13,17,11,15,18,12,16,14,10,29,23,27,21,25
            l\n:
            	.endr
            	.irp n, 4,1,3,2
            	.type s\n, %function
            	.size s\n, \n * 4
            s\n:
            	.endr
            	ret
            	.irp n, 3,1,2,19,0,5,4,9,8,7,6,18,17,16,15,14,13,12,11,10
            k_twelve_same_\n:
            	.endr
            m:
            	ret
            	b	g0
            	b	l0
            	b	m
            """ },
        // A compiler marker that is not a function is shown as bytes; control characters in names print as ^B.
        { "names", """
            	.text
            start:	ret
            gcc2_compiled.:
            	nop
            gnu_compiled_x:
            	nop
            	.type	gnu_compiled_c, %function
            gnu_compiled_c:
            	nop
            	.type	"ctl\002name", %function
            "ctl\002name":
            	b	1f
            	bl	"ctl\002name"
            1:	ret
            	.type	data_obj, %object
            data_obj:
            	.word 0x12345678
            after:
            	b	data_obj
            """ },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Objdump_choices_are_reproduced(string name, string source)
    {
        AssertSameAsObjdump(ElfSamples.Assemble("disasm-" + name, source), [], ["-d"]);
    }

    [Fact]
    public void Executable_targets_are_named_as_objdump_names_them()
    {
        // .bare has no symbols at all, .plt neither (objdump names targets there by the section); .mix has
        // symbols only above its start; the adrp target lies in the gap before .data.
        var obj = ElfSamples.Assemble("exe-sections", """
            	.text
            	.globl _start
            _start:	b .+0x1000
            	b .+0x1004
            	b .+0x1ff8
            	b .+0x1ff8
            	b .+0x2ff0
            	b .+0x2ff0
            	adrp x0, after_gap
            	bl in_mix
            	.section .text2,"ax"
            in_mix:	ret
            	b .-0x100
            	.data
            	.zero 0x10
            after_gap:	.quad 0
            """);
        using var dir = new TempDir();
        var script = dir.File("exe.ld");
        File.WriteAllText(script, """
            SECTIONS {
              .text 0x400000 : { *(.text) }
              .mix 0x401000 : { LONG(0xd65f03c0) LONG(0xd65f03c0) *(.text2) }
              .bare 0x402000 : { LONG(0xd65f03c0) LONG(0xd65f03c0) }
              .plt 0x403000 : { LONG(0xd65f03c0) LONG(0xd65f03c0) }
              .data 0x410010 : { *(.data) }
            }
            """);
        var exe = dir.File("exe-sections");
        OracleTool.Run("aarch64-linux-gnu-ld", "-T", script, "-o", exe, obj);
        AssertSameAsObjdump(exe, [], ["-d"]);
        Assert.Contains("<.plt+0x4>", CliHarness.Run("disasm", exe).Out);
    }

    /// <summary>
    /// The listing's frame over GCC code: section headers, symbol blocks, addresses, instruction words and "..."
    /// lines, with each instruction's text left out (DisasmFullIsaTests compares the text once every instruction
    /// group decodes).
    /// </summary>
    [Theory]
    [InlineData("c-o2.o")]
    [InlineData("c-fs.o")]
    [InlineData("c-patchable.o")]
    [InlineData("static.exe")]
    public void A_gcc_built_file_lists_the_same_blocks_addresses_and_words_as_objdump(string sample)
    {
        var path = ElfReaderTests.PathOf(sample);
        var (exit, output, _) = CliHarness.Run("disasm", path);
        Assert.Equal(0, exit);
        Assert.Equal(Frame(Objdump("-d", path)), Frame(output));
    }

    private static string[] Frame(string listing) =>
        [.. listing.Split('\n').Select(line => InstructionText().Replace(line, "$1"))];

    [System.Text.RegularExpressions.GeneratedRegex(@"^(\s*[0-9a-f]+:\t[0-9a-f ]+\t).*$")]
    private static partial System.Text.RegularExpressions.Regex InstructionText();

    [Fact]
    public void A_missing_file_is_one_line_and_exit_code_2()
    {
        AssertBadInput(["disasm", "/no/such/file.o"], "/no/such/file.o", "no such file");
    }

    [Fact]
    public void A_file_that_is_not_elf_is_one_line_and_exit_code_2()
    {
        using var dir = new TempDir();
        var path = dir.File("text.o");
        File.WriteAllText(path, "this is not an object file, just text that is long enough to fill a header........");
        AssertBadInput(["disasm", path], path, "not an ELF file");
    }

    [Fact]
    public void A_truncated_file_is_one_line_and_exit_code_2()
    {
        using var dir = new TempDir();
        var path = dir.File("cut.o");
        File.WriteAllBytes(path, File.ReadAllBytes(ElfSamples.BranchesObject)[..200]);
        AssertBadInput(["disasm", path], path, "runs past the end of the file");
    }

    [Fact]
    public void A_file_for_another_machine_is_one_line_and_exit_code_2()
    {
        AssertBadInput(["disasm", ElfSamples.X86Object], ElfSamples.X86Object, "not an AArch64 file");
    }

    [Fact]
    public void A_section_the_file_lacks_is_one_line_and_exit_code_2()
    {
        AssertBadInput(["disasm", ElfSamples.BranchesObject, "--section", ".nope"], ElfSamples.BranchesObject, "no section named '.nope'");
    }

    private static void AssertBadInput(string[] args, string file, string problem)
    {
        var (exit, output, error) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("patchlab: " + file + ":", line);
        Assert.Contains(problem, line);
    }
}
