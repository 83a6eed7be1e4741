using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using PatchLab.Arm64;

namespace PatchLab.Tests.Oracles;

/// <summary>GNU as and llvm-mc as judges of instruction encodings, and the check that our encoder agrees with them.</summary>
internal static partial class EncoderOracles
{
    [GeneratedRegex(@"encoding: \[0x([0-9a-f]{2}),0x([0-9a-f]{2}),0x([0-9a-f]{2}),0x([0-9a-f]{2})\]")]
    private static partial Regex LlvmEncoding();

    /// <summary>The words llvm-mc's <c>-show-encoding</c> comments give, in source order.</summary>
    public static uint[] ParseLlvmMcEncodings(string output) =>
        [.. LlvmEncoding().Matches(output).Select(m => uint.Parse(
            m.Groups[4].Value + m.Groups[3].Value + m.Groups[2].Value + m.Groups[1].Value,
            NumberStyles.HexNumber, CultureInfo.InvariantCulture))];

    /// <summary>llvm-mc's words for the lines, which it must all accept.</summary>
    public static uint[] LlvmMc(IReadOnlyList<string> lines, string features)
    {
        using var dir = new TempDir();
        var source = dir.File("lines.s");
        File.WriteAllText(source, string.Join('\n', lines) + "\n");
        return ParseLlvmMcEncodings(OracleTool.Run("llvm-mc", "-triple=aarch64", "-mattr=" + features, "-show-encoding", source));
    }

    /// <summary>GNU as's words for the lines, which it must all accept (the .text bytes of its object).</summary>
    public static uint[] GnuAs(IReadOnlyList<string> lines, string march)
    {
        using var dir = new TempDir();
        var source = dir.File("lines.s");
        var obj = dir.File("lines.o");
        var bin = dir.File("lines.bin");
        File.WriteAllText(source, string.Join('\n', lines) + "\n");
        OracleTool.Run("aarch64-linux-gnu-as", march, "-o", obj, source);
        OracleTool.Run("aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", obj, bin);
        var bytes = File.ReadAllBytes(bin);
        return [.. Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4)))];
    }

    /// <summary>Each line (<c>mnemonic operands</c>) encodes with our encoder to the oracle's word for it.</summary>
    public static void AssertOurEncoderAgrees(IReadOnlyList<string> lines, IReadOnlyList<uint> expected, string oracle)
    {
        Assert.Equal(lines.Count, expected.Count);
        var failures = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var space = lines[i].IndexOf(' ', StringComparison.Ordinal);
            var mnemonic = space < 0 ? lines[i] : lines[i][..space];
            var operands = space < 0 ? "" : lines[i][(space + 1)..];
            if (!InstructionEncoder.TryEncode(mnemonic, operands, new LiteralParseContext(0), out var word))
                failures.Add($"'{lines[i]}': does not encode ({oracle}: {expected[i]:x8})");
            else if (word != expected[i])
                failures.Add($"'{lines[i]}': {word:x8}, {oracle}: {expected[i]:x8}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {lines.Count} lines differ from {oracle}:\n" +
            string.Join('\n', failures.Take(60)));
    }
}
