using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// GNU as source lines for the SIMD&amp;FP, crypto, SVE and SME instructions encode to the words LLVM's assembler
/// (a second opinion, written independently of binutils) and GNU as give.
/// </summary>
public partial class FpSimdAssemblerCrossCheckTests
{
    private const string LlvmFeatures = "+v8.5a,+crypto,+sha3,+sm4,+sve,+sve2,+f64mm,+sme,+fullfp16,+fp16fml,+bf16,+i8mm";
    private const string GnuArchitecture = "-march=armv8.6-a+sve2+f64mm+sme+crypto+sha3+sm4+fp16+fp16fml+bf16+i8mm";

    [GeneratedRegex(@"encoding: \[0x([0-9a-f]{2}),0x([0-9a-f]{2}),0x([0-9a-f]{2}),0x([0-9a-f]{2})\]")]
    private static partial Regex LlvmEncoding();

    [Fact]
    public void Lines_encode_as_llvm_mc_encodes_them()
    {
        var lines = FpSimdAssemblyLines.Common;
        using var dir = new TempDir();
        var source = dir.File("lines.s");
        File.WriteAllLines(source, lines);
        var output = OracleTool.Run("llvm-mc", "-triple=aarch64", $"-mattr={LlvmFeatures}", "-show-encoding", source);
        var expected = LlvmEncoding().Matches(output)
            .Select(m => uint.Parse(m.Groups[4].Value + m.Groups[3].Value + m.Groups[2].Value + m.Groups[1].Value,
                NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();
        Assert.Equal(lines.Length, expected.Length);
        AssertEncodings(lines, expected, "llvm-mc");
    }

    [Fact]
    public void Lines_encode_as_gnu_as_encodes_them()
    {
        string[] lines = [.. FpSimdAssemblyLines.Common, .. FpSimdAssemblyLines.GnuOnly];
        using var dir = new TempDir();
        var source = dir.File("lines.s");
        var obj = dir.File("lines.o");
        var bin = dir.File("lines.bin");
        File.WriteAllLines(source, lines);
        OracleTool.Run("aarch64-linux-gnu-as", GnuArchitecture, "-o", obj, source);
        OracleTool.Run("aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", obj, bin);
        var bytes = File.ReadAllBytes(bin);
        var expected = Enumerable.Range(0, bytes.Length / 4)
            .Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4))).ToArray();
        Assert.Equal(lines.Length, expected.Length);
        AssertEncodings(lines, expected, "GNU as");
    }

    [Fact]
    public void Lines_cover_every_mnemonic_of_the_groups()
    {
        string[] lines = [.. FpSimdAssemblyLines.Common, .. FpSimdAssemblyLines.GnuOnly];
        var written = lines.Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        var missing = EncodingTable.All.Where(e => e.Group is "fp-simd" or "sve-sme").Select(e => e.Mnemonic)
            .Where(m => !written.Contains(m)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "no line for: " + string.Join(' ', missing));
    }

    private static void AssertEncodings(IReadOnlyList<string> lines, IReadOnlyList<uint> expected, string oracle)
    {
        var failures = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var space = lines[i].IndexOf(' ', StringComparison.Ordinal);
            var mnemonic = space < 0 ? lines[i] : lines[i][..space];
            var operands = space < 0 ? "" : lines[i][(space + 1)..];
            if (!InstructionEncoder.TryEncode(mnemonic, operands, new LiteralParseContext(0), out var word))
                failures.Add($"'{lines[i]}': does not encode ({oracle}: {expected[i]:x8})");
            else if (word != expected[i])
                failures.Add($"'{lines[i]}': {word:x8}, {oracle} {expected[i]:x8}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {lines.Count} lines differ from {oracle}:\n" + string.Join('\n', failures));
    }
}
