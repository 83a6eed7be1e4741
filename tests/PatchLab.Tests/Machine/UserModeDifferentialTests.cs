using System.Text;
using PatchLab.Machine.Linux;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Machine;

/// <summary>GCC-compiled static programs print the same and exit the same on the machine as under qemu-aarch64.</summary>
public class UserModeDifferentialTests
{
    public static TheoryData<string, string> Programs() => new()
    {
        { "algorithms.c", "-O0" },
        { "algorithms.c", "-O2" },
        { "algorithms.c", "-Os" },
        { "bignum.c", "-O0" },
        { "bignum.c", "-O2" },
        { "bignum.c", "-Os" },
        { "atomics.c", "-O2" },
        { "atomics.c", "-O2 -march=armv8.1-a" },
        { "atomics.c", "-Os -march=armv8.1-a" },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void The_program_behaves_as_under_qemu(string program, string flags)
    {
        using var dir = new TempDir();
        var binary = Gcc.BuildStatic(dir, program, flags.Split(' '));
        var expected = Qemu.Run(binary);
        var (exit, output) = RunOnMachine(binary);
        Assert.Equal(expected.Out, output);
        Assert.Equal(expected.Exit, exit);
    }

    internal static (int Exit, string Out) RunOnMachine(string binary, params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var process = LinuxProcess.Load(binary, args, stdout, stderr);
        var exit = process.Run();
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
