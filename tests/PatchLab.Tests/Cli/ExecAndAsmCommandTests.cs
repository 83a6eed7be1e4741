using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

/// <summary>`patchlab exec` and `patchlab asm` on good and bad input.</summary>
public class ExecAndAsmCommandTests
{
    [Fact]
    public void Exec_prints_the_programs_output_and_exits_with_its_exit_code()
    {
        using var dir = new TempDir();
        var binary = Gcc.BuildStatic(dir, "algorithms.c", "-O2");
        var expected = Qemu.Run(binary);
        var (exit, output, error) = CliHarness.Run("exec", binary, "--stats");
        Assert.Equal(expected.Exit, exit);
        Assert.Equal(expected.Out, output);
        Assert.Matches(@"^patchlab: \d+ instructions in [\d.]+ s \([\d.]+ MIPS\)", error);
    }

    [Fact]
    public void Exec_of_a_missing_file_is_one_line_and_exit_code_2() =>
        AssertOneLineError(["exec", "/no/such/program"], "patchlab: /no/such/program: no such file");

    [Fact]
    public void Exec_of_an_x86_64_program_says_it_is_not_AArch64() =>
        AssertOneLineError(["exec", "/bin/true"], "not an AArch64 executable");

    [Fact]
    public void Exec_of_a_dynamically_linked_program_says_to_link_statically()
    {
        using var dir = new TempDir();
        var source = dir.File("hello.c");
        File.WriteAllText(source, "int main(void) { return 3; }\n");
        var binary = dir.File("hello");
        OracleTool.Run("aarch64-linux-gnu-gcc", "-O2", "-o", binary, source);
        AssertOneLineError(["exec", binary], "dynamically linked executables are not supported");
    }

    [Fact]
    public void Exec_that_reaches_an_undefined_instruction_names_the_pc_and_the_word()
    {
        using var dir = new TempDir();
        var binary = SpinProgram.AssembleAndLink(dir, "udf", ".globl _start\n_start:\n  nop\n  .inst 0x00000000\n");
        var (exit, _, error) = CliHarness.Run("exec", binary);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Matches(@"undefined or unsupported instruction at pc 0x[0-9a-f]+: 00000000 udf\s+#0", error);
    }

    [Fact]
    public void Asm_writes_an_object_binutils_reads_with_GNU_as_bytes()
    {
        using var dir = new TempDir();
        var source = dir.File("entry.s");
        File.WriteAllText(source, ".text\n.globl f\nf:\n  add x0, x0, #1\n  bl g\n  ret\n");
        var ours = dir.File("ours.o");
        var (exit, _, error) = CliHarness.Run("asm", source, "-o", ours);
        Assert.True(exit == 0, error);
        var gnu = dir.File("gnu.o");
        OracleTool.Run("aarch64-linux-gnu-as", "-o", gnu, source);
        string Dump(string o) => OracleTool.Run("aarch64-linux-gnu-objdump", "-dr", o).Replace(o, "X");
        Assert.Equal(Dump(gnu), Dump(ours));
    }

    [Fact]
    public void Asm_reports_a_syntax_error_as_GNU_as_does_and_writes_nothing()
    {
        using var dir = new TempDir();
        var source = dir.File("bad.s");
        File.WriteAllText(source, "  nop\n  frobnicate x0\n");
        var output = dir.File("bad.o");
        var (exit, _, error) = CliHarness.Run("asm", source, "-o", output);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("bad.s:2: Error: unknown mnemonic `frobnicate'", error);
        Assert.False(File.Exists(output));
    }

    private static void AssertOneLineError(string[] args, string expected)
    {
        var (exit, output, error) = CliHarness.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(expected, error);
    }
}
