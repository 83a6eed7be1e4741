using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// Uniformly random words from the two data-processing regions of the A64 decode (op0 = 100x immediate, x101
/// register), class by class, print exactly as objdump prints them, undefined words included.
/// </summary>
public class DataProcessingRegionTests
{
    private const int WordsPerClass = 3000;

    /// <summary>Each class: the bits the Arm ARM's decode tables fix for it.</summary>
    private static readonly Dictionary<string, (uint Mask, uint Value)> Classes = new()
    {
        ["pc-relative addressing"] = (0x1f000000, 0x10000000),
        ["add/subtract immediate"] = (0x1f800000, 0x11000000),
        ["add/subtract immediate with tags, min/max immediate"] = (0x1f800000, 0x11800000),
        ["logical immediate"] = (0x1f800000, 0x12000000),
        ["move wide"] = (0x1f800000, 0x12800000),
        ["bitfield"] = (0x1f800000, 0x13000000),
        ["extract"] = (0x1f800000, 0x13800000),
        ["logical shifted register"] = (0x1f000000, 0x0a000000),
        ["add/subtract shifted register"] = (0x1f200000, 0x0b000000),
        ["add/subtract extended register"] = (0x1f200000, 0x0b200000),
        ["add/subtract with carry, flag manipulation"] = (0x1fe00000, 0x1a000000),
        ["unallocated op2 = 0xx1"] = (0x1f200000, 0x1a200000),
        ["conditional compare"] = (0x1fe00000, 0x1a400000),
        ["conditional select"] = (0x1fe00000, 0x1a800000),
        ["two source"] = (0x5fe00000, 0x1ac00000),
        ["one source"] = (0x5fe00000, 0x5ac00000),
        ["three source"] = (0x1f000000, 0x1b000000),
        // Both regions at once, uniformly: bits 28:25 = 1000, 1001, 0101 or 1101.
        ["whole region"] = (0, 0),
    };

    public static TheoryData<string> ClassNames() => [.. Classes.Keys];

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Random_words_of_the_class_print_as_objdump_prints_them(string name) =>
        DisassemblerOracleTests.AssertSameAsObjdump(RandomWords(name), $"data processing, {name}");

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Random_words_of_the_class_read_back_from_their_text(string name)
    {
        const ulong address = 0x400000;
        var disassembler = new Disassembler();
        var failures = new List<string>();
        var allocated = RandomWords(name).Where(w => Decoder.FindEncoding(w) is not null).ToList();
        foreach (var word in allocated)
        {
            var text = disassembler.Format(word, address);
            var tab = text.IndexOf('\t', StringComparison.Ordinal);
            var operands = tab < 0 ? "" : text[(tab + 1)..];
            var comment = operands.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0) operands = operands[..comment].TrimEnd();
            if (!InstructionEncoder.TryEncode(tab < 0 ? text : text[..tab], operands, new LiteralParseContext(address), out var back))
                failures.Add($"{word:x8} '{text}': does not encode");
            // Bits the text cannot show (SMULH's Ra) may come back different; the text may not.
            else if (back != word && disassembler.Format(back, address) != text)
                failures.Add($"{word:x8} '{text}': encodes as {back:x8}");
        }
        Assert.True(failures.Count == 0, $"{name}: {failures.Count} of {allocated.Count} words fail (seed {TestSeed.Value}):\n" +
            string.Join('\n', failures.Take(40)));
    }

    private static List<uint> RandomWords(string name)
    {
        var (mask, value) = Classes[name];
        var random = TestSeed.Random(name.Length * 7919 + (int)(value >> 20));
        var words = new List<uint>(WordsPerClass);
        uint[] regionTops = [0b1000, 0b1001, 0b0101, 0b1101];
        for (var i = 0; i < WordsPerClass; i++)
        {
            var word = (uint)random.NextInt64(0, 1L << 32);
            words.Add(mask == 0
                ? (word & ~(0xfu << 25)) | regionTops[random.Next(regionTops.Length)] << 25
                : value | (word & ~mask));
        }
        return words;
    }
}
