using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// Uniformly random words from the sub-classes of the "Data Processing -- Scalar Floating-Point and Advanced SIMD"
/// region (top-level op0 = x111) print exactly as objdump prints them, undefined words included.
/// </summary>
public class FpSimdRegionTests(ITestOutputHelper output)
{
    private const int WordsPerClass = 3000;
    private const ulong BaseAddress = 0x400000;

    /// <summary>The sub-classes finished, as the Arm ARM's decode table names them, with the bits that select each.</summary>
    private static readonly (string Name, string Pattern)[] Classes =
    [
        ("fp <-> fixed-point conversion", "x0x 11110 xx 0 xxxxxxxxxxxxxxxxxxxxx"),
        ("fp <-> integer conversion", "x0x 11110 xx 1 xxxxx 000000 xxxxxxxxxx"),
        ("fp data-processing 1 source", "x0x 11110 xx 1 xxxxxx 10000 xxxxxxxxxx"),
        ("fp compare", "x0x 11110 xx 1 xxxxx xx 1000 xxxxxxxxxx"),
        ("fp immediate", "x0x 11110 xx 1 xxxxxxxx 100 xxxxxxxxxx"),
        ("fp conditional compare", "x0x 11110 xx 1 xxxxx xxxx 01 xxxxxxxxxx"),
        ("fp data-processing 2 source", "x0x 11110 xx 1 xxxxx xxxx 10 xxxxxxxxxx"),
        ("fp conditional select", "x0x 11110 xx 1 xxxxx xxxx 11 xxxxxxxxxx"),
        ("fp data-processing 3 source", "x0x 11111 xxxxxxxxxxxxxxxxxxxxxxxx"),
        ("simd three same", "0xx 01110 xx 1 xxxxx xxxxx 1 xxxxxxxxxx"),
        ("simd three different", "0xx 01110 xx 1 xxxxx xxxx 00 xxxxxxxxxx"),
        ("simd two-register misc", "0xx 01110 xx 10000 xxxxx 10 xxxxxxxxxx"),
        ("simd across lanes", "0xx 01110 xx 11000 xxxxx 10 xxxxxxxxxx"),
        ("simd copy", "0xx 01110 000 xxxxx 0 xxxx 1 xxxxxxxxxx"),
        ("simd table lookup", "0x0 01110 xx 0 xxxxx 0 xxx 00 xxxxxxxxxx"),
        ("simd permute", "0x0 01110 xx 0 xxxxx 0 xxx 10 xxxxxxxxxx"),
        ("simd extract", "0x1 01110 xx 0 xxxxx 0 xxxx 0 xxxxxxxxxx"),
        ("simd three same fp16", "0xx 01110 x 10 xxxxx 00 xxx 1 xxxxxxxxxx"),
        ("simd modified immediate", "0xx 0111100000 xxx xxxx x 1 xxxxxxxxxx"),
        ("simd shift by immediate", "0xx 011110 xxxxxxx xxxxx 1 xxxxxxxxxx"),
        ("simd scalar shift by immediate", "01x 111110 xxxxxxx xxxxx 1 xxxxxxxxxx"),
        ("simd vector x indexed element", "0xx 01111 xx xxxxxx xxxx x 0 xxxxxxxxxx"),
        ("simd scalar x indexed element", "01x 11111 xx xxxxxx xxxx x 0 xxxxxxxxxx"),
        ("simd scalar three same", "01x 11110 xx 1 xxxxx xxxxx 1 xxxxxxxxxx"),
        ("simd scalar three different", "01x 11110 xx 1 xxxxx xxxx 00 xxxxxxxxxx"),
        ("simd scalar two-register misc", "01x 11110 xx 10000 xxxxx 10 xxxxxxxxxx"),
        ("simd scalar pairwise", "01x 11110 xx 11000 xxxxx 10 xxxxxxxxxx"),
        ("simd scalar copy", "01x 11110 000 xxxxx 0 xxxx 1 xxxxxxxxxx"),
        ("simd scalar three same fp16", "01x 11110 x 10 xxxxx 00 xxx 1 xxxxxxxxxx"),
        ("simd scalar two-register misc fp16", "01x 11110 x 1111 00 xxxxx 10 xxxxxxxxxx"),
        ("simd three same extra", "0xx 01110 xx 0 xxxxx 1 xxxx 1 xxxxxxxxxx"),
        ("simd scalar three same extra", "01x 11110 xx 0 xxxxx 1 xxxx 1 xxxxxxxxxx"),
        ("crypto aes", "01001110 xx 10100 xxxxx 10 xxxxxxxxxx"),
        ("crypto three-register sha", "01011110 xx 0 xxxxx 0 xxx 00 xxxxxxxxxx"),
        ("crypto two-register sha", "01011110 xx 10100 xxxxx 10 xxxxxxxxxx"),
        ("crypto three-register imm2", "11001110010 xxxxx 10 xx xx xxxxxxxxxx"),
        ("crypto three-register sha512", "11001110011 xxxxx 1 x 00 xx xxxxxxxxxx"),
        ("crypto four-register", "110011100 xx xxxxx 0 xxxxxxxxxxxxxxx"),
        ("crypto xar", "11001110100 xxxxxxxxxxxxxxxxxxxxx"),
        ("crypto two-register sha512", "11001110110000001000 xx xxxxxxxxxx"),
        ("simd two-register misc fp16", "0xx 01110 x 1111 00 xxxxx 10 xxxxxxxxxx"),
    ];

    public static TheoryData<string> ClassNames() => [.. Classes.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Random_words_of_the_class_print_as_objdump_prints_them(string name)
    {
        var pattern = BitPattern.Parse(Classes.Single(c => c.Name == name).Pattern);
        var random = TestSeed.Random(name.Length * 7919 + name[0]);
        var words = Enumerable.Range(0, WordsPerClass)
            .Select(_ => pattern.Value | ((uint)random.NextInt64(0, 1L << 32) & ~pattern.Mask)).ToList();
        DisassemblerOracleTests.AssertSameAsObjdump(words, name);
    }

    /// <summary>Every word of the region that decodes reads back, from its printed text, as the same instruction.</summary>
    [Fact]
    public void Region_words_encode_back_from_their_text()
    {
        var random = TestSeed.Random(0x7111);
        var disassembler = new Disassembler();
        var failures = new List<string>();
        var checkedWords = 0;
        for (var i = 0; i < 200000; i++)
        {
            var word = 0x0e000000u | ((uint)random.NextInt64(0, 1L << 32) & ~0x0e000000u);
            if (Decoder.FindEncoding(word) is null) continue;
            checkedWords++;
            var text = disassembler.Format(word, BaseAddress);
            var tab = text.IndexOf('\t', StringComparison.Ordinal);
            var operands = tab < 0 ? "" : text[(tab + 1)..];
            var comment = operands.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0) operands = operands[..comment].TrimEnd();
            if (!InstructionEncoder.TryEncode(tab < 0 ? text : text[..tab], operands, new LiteralParseContext(BaseAddress), out var back))
                failures.Add($"{word:x8} '{text}': does not encode");
            else if (back != word && disassembler.Format(back, BaseAddress) != text)
                failures.Add($"{word:x8} '{text}': encodes as {back:x8}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedWords} words fail (seed {TestSeed.Value}):\n"
            + string.Join('\n', failures.Take(40)));
    }

    /// <summary>
    /// Agreement over the whole region, uniformly sampled; the rate is written to the test output
    /// (<c>dotnet test --filter FullyQualifiedName~FpSimdRegionTests.Whole --logger "console;verbosity=detailed"</c>).
    /// </summary>
    [Fact]
    public void Whole_region_prints_as_objdump_prints_it()
    {
        const int count = 100000;
        var random = TestSeed.Random(0x111);
        var words = Enumerable.Range(0, count)
            .Select(_ => 0x0e000000u | ((uint)random.NextInt64(0, 1L << 32) & ~0x0e000000u)).ToList();
        var expected = Objdump.Disassemble(words, BaseAddress);
        var disassembler = new Disassembler();
        var agree = 0;
        var misses = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var actual = disassembler.Format(words[i], BaseAddress + (ulong)i * 4);
            if (actual == expected[i]) agree++;
            else if (misses.Count < 30) misses.Add($"{words[i]:x8}: objdump '{expected[i]}' patchlab '{actual}'");
        }
        var rate = 100.0 * agree / count;
        output.WriteLine($"x111 region: {agree} of {count} random words agree with objdump ({rate:F2}%), seed {TestSeed.Value}");
        foreach (var m in misses) output.WriteLine(m);
        Assert.True(agree == count, $"x111 region: {count - agree} of {count} words differ (seed {TestSeed.Value}):\n"
            + string.Join('\n', misses));
    }
}
