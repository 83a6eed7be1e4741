using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// Uniformly random words of the loads-and-stores region (bits 28:25 = x1x0), class by class, print exactly as
/// GNU objdump prints them, undefined words included.
/// </summary>
public class LoadsStoresRegionTests
{
    private const int WordsPerClass = 3000;
    private const ulong BaseAddress = 0x400000;

    /// <summary>The region split by the loads-and-stores decode fields (op0 = bits 31:28, op1 = bit 26, op2 = 24:23).</summary>
    public static TheoryData<string, string> Classes() => new()
    {
        { "simd-structures", "0x0011 0 x xxxxxxxx xxxxxxxx xxxxxxxx" },
        { "simd-unallocated", "1x0011 0 x xxxxxxxx xxxxxxxx xxxxxxxx" },
        { "exclusive-ordered-cas", "xx0010 0 x xxxxxxxx xxxxxxxx xxxxxxxx" },
        { "literal", "xx011x 0 0 xxxxxxxx xxxxxxxx xxxxxxxx" },
        { "rcpc-tags-copies", "xx011x 0 1 xxxxxxxx xxxxxxxx xxxxxxxx" },
        { "pairs", "xx101x 0 x xxxxxxxx xxxxxxxx xxxxxxxx" },
        { "registers-atomics", "xx111x 0 x xxxxxxxx xxxxxxxx xxxxxxxx" },
    };

    private static uint[] RandomWords(string name, string pattern)
    {
        var space = BitPattern.Parse(pattern);
        var random = TestSeed.Random(name.Length * 7919 + (int)(space.Value >> 20));
        var words = new uint[WordsPerClass];
        for (var i = 0; i < words.Length; i++)
            words[i] = space.Value | ((uint)random.NextInt64(0, 1L << 32) & ~space.Mask);
        return words;
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Random_words_print_as_objdump_prints_them(string name, string pattern)
    {
        var words = RandomWords(name, pattern);
        var expected = Objdump.Disassemble(words, BaseAddress);
        var disassembler = new Disassembler();
        var mismatches = new List<(string Objdump, string Line)>();
        for (var i = 0; i < words.Length; i++)
        {
            var actual = disassembler.Format(words[i], BaseAddress + (ulong)i * 4);
            if (actual != expected[i])
                mismatches.Add((expected[i], $"{words[i]:x8}: objdump '{expected[i]}' patchlab '{actual}'"));
        }
        // Show a few of each kind, so one frequent difference does not hide the others.
        var shown = mismatches.GroupBy(m => m.Objdump.Split('\t')[0]).SelectMany(g => g.Take(3)).Take(60)
            .Select(m => m.Line);
        var agreement = 100.0 * (words.Length - mismatches.Count) / words.Length;
        Assert.True(mismatches.Count == 0,
            $"{name}: {mismatches.Count} of {words.Length} words differ ({agreement:F2}% agree, seed {TestSeed.Value}):\n"
            + string.Join('\n', shown));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Random_words_encode_back_from_their_printed_text(string name, string pattern)
    {
        var disassembler = new Disassembler();
        var failures = new List<string>();
        var decoded = 0;
        foreach (var word in RandomWords(name, pattern))
        {
            if (Decoder.FindEncoding(word) is null) continue;
            decoded++;
            var text = disassembler.Format(word, BaseAddress);
            var tab = text.IndexOf('\t', StringComparison.Ordinal);
            var mnemonic = tab < 0 ? text : text[..tab];
            var operands = tab < 0 ? "" : text[(tab + 1)..];
            // Printed text that cannot show ignored bits must give back a word that prints the same.
            if (!InstructionEncoder.TryEncode(mnemonic, operands, new LiteralParseContext(BaseAddress), out var back))
                failures.Add($"{word:x8} '{text}': does not encode");
            else if (back != word && disassembler.Format(back, BaseAddress) != text)
                failures.Add($"{word:x8} '{text}': encodes as {back:x8}");
        }
        Assert.True(failures.Count == 0,
            $"{name}: {failures.Count} of {decoded} words fail (seed {TestSeed.Value}):\n" + string.Join('\n', failures.Take(40)));
    }
}
