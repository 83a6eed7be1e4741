using System.Text;
using PatchLab.Machine;
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

    /// <summary>
    /// `patchlab exec`'s way (long quanta, compiled blocks without CMODX checks) and the checked way (short seeded
    /// quanta, evictions, CMODX checks) execute the same instructions: every count agrees, and the output is qemu's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public void The_program_runs_the_same_standalone_as_checked(string program, string flags)
    {
        using var dir = new TempDir();
        var binary = Gcc.BuildStatic(dir, program, flags.Split(' '));
        var expected = Qemu.Run(binary);
        var standalone = Run(binary, LinuxProcess.StandaloneOptions);
        var checkedRun = Run(binary, null);
        Assert.Equal(expected.Out, standalone.Out);
        Assert.Equal(expected.Exit, standalone.Exit);
        Assert.Equal(checkedRun.Counters, standalone.Counters);
    }

    internal static (int Exit, string Out) RunOnMachine(string binary, params string[] args)
    {
        var (exit, output, _) = Run(binary, null, args);
        return (exit, output);
    }

    private static (int Exit, string Out, (ulong, ulong, ulong, ulong, ulong, ulong) Counters) Run(string binary, MachineOptions? options, params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var process = LinuxProcess.Load(binary, args, stdout, stderr, options);
        var exit = process.Run();
        var c = process.Machine.Cpus[0].Counters;
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), (c.Instructions, c.Loads, c.Stores, c.Branches, c.IndirectBranches, c.Exceptions));
    }
}
