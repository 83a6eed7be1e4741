using System.Globalization;
using System.Text.RegularExpressions;
using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>Our encoder reads GNU as load/store source into the same words as llvm-mc and GNU as.</summary>
public partial class LoadsStoresEncoderTests
{
    private static readonly string[] Lines = SplitLines(LoadsStoresSource.Lines);
    private static readonly string[] GnuAsLines = [.. Lines, .. SplitLines(LoadsStoresSource.GnuAsOnlyLines)];

    private static string[] SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"encoding: \[0x([0-9a-f]{2}),0x([0-9a-f]{2}),0x([0-9a-f]{2}),0x([0-9a-f]{2})\]")]
    private static partial Regex LlvmEncoding();

    [Fact]
    public void Every_load_store_line_encodes_as_llvm_mc_encodes_it()
    {
        using var dir = new TempDir();
        var source = dir.File("loads-stores.s");
        File.WriteAllText(source, string.Join('\n', Lines) + "\n");
        var output = OracleTool.Run("llvm-mc", "-triple=aarch64", "-mattr=+v8.5a,+lse,+rcpc,+mte,+mops,+ls64",
            "-show-encoding", source);
        var expected = LlvmEncoding().Matches(output)
            .Select(m => uint.Parse(m.Groups[4].Value + m.Groups[3].Value + m.Groups[2].Value + m.Groups[1].Value,
                NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(Lines.Length, expected.Count);
        AssertEncodings(Lines, expected, "llvm-mc");
    }

    [Fact]
    public void Every_load_store_line_encodes_as_gnu_as_encodes_it()
    {
        using var dir = new TempDir();
        var source = dir.File("loads-stores.s");
        var obj = dir.File("loads-stores.o");
        File.WriteAllText(source, string.Join('\n', GnuAsLines) + "\n");
        OracleTool.Run("aarch64-linux-gnu-as", "-march=armv8.8-a+memtag+ls64", "-o", obj, source);
        var output = OracleTool.Run("aarch64-linux-gnu-objdump", "-d", obj);
        var expected = output.Split('\n')
            .Select(l => Regex.Match(l, @"^\s*[0-9a-f]+:\t([0-9a-f]{8}) "))
            .Where(m => m.Success)
            .Select(m => uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(GnuAsLines.Length, expected.Count);
        AssertEncodings(GnuAsLines, expected, "GNU as");
    }

    private static void AssertEncodings(string[] lines, List<uint> expected, string oracle)
    {
        var failures = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var ok = InstructionEncoder.TryEncode(line[..space], line[(space + 1)..], new LiteralParseContext(0), out var word);
            if (!ok) failures.Add($"'{line}': does not encode ({oracle}: {expected[i]:x8})");
            else if (word != expected[i]) failures.Add($"'{line}': {word:x8}, {oracle}: {expected[i]:x8}");
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {lines.Length} lines differ from {oracle}:\n" + string.Join('\n', failures.Take(60)));
    }
}
