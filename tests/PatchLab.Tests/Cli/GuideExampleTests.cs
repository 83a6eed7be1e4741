using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

/// <summary>The worked example of docs/guide.md: our assembler, linker, machine and disassembler, end to end.</summary>
public class GuideExampleTests
{
    private const string Hello = """
        	.text
        	.globl	_start
        _start:
        	mov	x0, #1
        	adr	x1, msg
        	mov	x2, #14
        	mov	x8, #64		// write
        	svc	#0
        	mov	x0, #0
        	mov	x8, #93		// exit
        	svc	#0
        msg:	.ascii	"hello, arm64!\n"
        """;

    [Fact]
    public void Asm_link_exec_and_disasm_agree_with_qemu_and_objdump()
    {
        using var dir = new TempDir();
        var source = dir.File("hello.s");
        File.WriteAllText(source, Hello + "\n");
        var obj = dir.File("hello.o");
        var binary = dir.File("hello");
        Assert.Equal(0, CliHarness.Run("asm", source, "-o", obj).Exit);
        Assert.Equal(0, CliHarness.Run("link", "-o", binary, obj).Exit);

        var (exit, output, _) = CliHarness.Run("exec", binary);
        Assert.Equal((0, "hello, arm64!\n"), (exit, output));
        Assert.Equal((0, "hello, arm64!\n"), Qemu.Run(binary));

        var listing = CliHarness.Run("disasm", binary);
        Assert.Equal(OracleTool.Run("aarch64-linux-gnu-objdump", "-d", binary), listing.Out);
    }
}
