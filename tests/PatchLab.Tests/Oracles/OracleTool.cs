using System.Diagnostics;

namespace PatchLab.Tests.Oracles;

/// <summary>
/// Runs a tool nobody here wrote (binutils, GCC, QEMU, LLVM). A missing tool fails the test with the Debian package
/// to install; scripts/test installs them, so this only fires when tests run some other way.
/// </summary>
internal static class OracleTool
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["aarch64-linux-gnu-objdump"] = "binutils-aarch64-linux-gnu",
        ["aarch64-linux-gnu-as"] = "binutils-aarch64-linux-gnu",
        ["aarch64-linux-gnu-ld"] = "binutils-aarch64-linux-gnu",
        ["aarch64-linux-gnu-readelf"] = "binutils-aarch64-linux-gnu",
        ["aarch64-linux-gnu-objcopy"] = "binutils-aarch64-linux-gnu",
        ["aarch64-linux-gnu-gcc"] = "gcc-aarch64-linux-gnu",
        ["qemu-aarch64"] = "qemu-user",
        ["llvm-mc"] = "llvm",
    };

    public static string Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var path = Path.Combine(dir, tool);
            if (File.Exists(path)) return path;
        }
        var package = Packages.GetValueOrDefault(tool, "?");
        throw new InvalidOperationException(
            $"oracle tool '{tool}' is missing: install the Debian package {package} (scripts/test does this)");
    }

    /// <summary>Runs the tool and returns its standard output; a non-zero exit fails with its stderr.</summary>
    public static string Run(string tool, params string[] args)
    {
        var result = RunRaw(tool, args);
        if (result.Exit != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {result.Exit}: {result.Err}");
        return result.Out;
    }

    public static (int Exit, string Out, string Err) RunRaw(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, err.Result);
    }
}

/// <summary>A scratch directory removed when disposed.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("patchlab-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, true); }
        catch (IOException) { }
    }
}
