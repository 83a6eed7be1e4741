using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

/// <summary>
/// A static AArch64 program built with binutils that counts down from 1000 and exits with 7: 2004 instructions
/// (two movs, the loop's 2000, a mov and the svc), so its statistics and its trace are known exactly.
/// </summary>
internal static class SpinProgram
{
    public const int Instructions = 2004;
    public const int ExitCode = 7;

    public static string Build(TempDir dir) =>
        AssembleAndLink(dir, "spin", ".globl _start\n_start:\n  mov x1, #1000\n1: subs x1, x1, #1\n  b.ne 1b\n  mov x0, #7\n  mov x8, #93\n  svc #0\n");

    /// <summary>A static executable from assembly source, built by GNU as and ld; its path.</summary>
    public static string AssembleAndLink(TempDir dir, string name, string source)
    {
        var path = dir.File(name + ".s");
        File.WriteAllText(path, source);
        var obj = dir.File(name + ".o");
        var binary = dir.File(name);
        OracleTool.Run("aarch64-linux-gnu-as", "-o", obj, path);
        OracleTool.Run("aarch64-linux-gnu-ld", "-static", "-o", binary, obj);
        return binary;
    }
}
