namespace PatchLab.Tests.Oracles;

/// <summary>GNU as, used to make machine code for tests from assembly source.</summary>
internal static class GnuAs
{
    /// <summary>The bytes of the .text section of <paramref name="source"/> (position-independent code).</summary>
    public static byte[] AssembleText(string source)
    {
        using var dir = new TempDir();
        var s = dir.File("t.s");
        var o = dir.File("t.o");
        var bin = dir.File("t.bin");
        File.WriteAllText(s, source + "\n");
        OracleTool.Run("aarch64-linux-gnu-as", "-march=armv8.2-a", "-o", o, s);
        OracleTool.Run("aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", o, bin);
        return File.ReadAllBytes(bin);
    }
}
