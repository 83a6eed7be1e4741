using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Machine;

/// <summary>
/// Programs that use the FP and SIMD registers (GCC -O2/-O3 with the vectoriser, and static glibc with its ASIMD
/// string routines) print the same and exit the same on the machine as under qemu-aarch64.
/// </summary>
public class FpSimdProgramTests
{
    public static TheoryData<string, string> Freestanding() => new()
    {
        { "vectors.c", "-O2" },
        { "vectors.c", "-O3" },
        { "algorithms.c", "-O3" },
        { "bignum.c", "-O3" },
    };

    [Theory]
    [MemberData(nameof(Freestanding))]
    public void The_freestanding_program_behaves_as_under_qemu(string program, string flags)
    {
        using var dir = new TempDir();
        var binary = Build(dir, program, flags, ["-nostdlib", "-ffreestanding", "-fno-stack-protector",
            "-fno-asynchronous-unwind-tables", "-I", Gcc.ProgramsDirectory]);
        AssertSameAsQemu(binary);
    }

    [Theory]
    [InlineData("-O2")]
    [InlineData("-O3")]
    public void The_static_glibc_program_behaves_as_under_qemu(string flags)
    {
        using var dir = new TempDir();
        AssertSameAsQemu(Build(dir, "libc.c", flags, []));
    }

    private static string Build(TempDir dir, string program, string flags, string[] extra)
    {
        var output = dir.File(Path.GetFileNameWithoutExtension(program) + flags.Replace("-", "_"));
        OracleTool.Run("aarch64-linux-gnu-gcc",
            ["-static", .. extra, flags, "-o", output, Path.Combine(Gcc.ProgramsDirectory, program), "-lm", "-lgcc"]);
        return output;
    }

    private static void AssertSameAsQemu(string binary)
    {
        var expected = Qemu.Run(binary, "first", "second");
        var (exit, output) = UserModeDifferentialTests.RunOnMachine(binary, "first", "second");
        Assert.Equal(expected.Out, output);
        Assert.Equal(expected.Exit, exit);
    }
}
