using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// Uniformly random words inside each finished SVE encoding class print exactly as objdump prints them, undefined
/// words included, and every word that decodes reads back from its text as the same instruction.
/// </summary>
public class SveRegionTests
{
    private const int WordsPerClass = 3000;
    private const ulong BaseAddress = 0x400000;

    /// <summary>The classes finished, named as the Arm ARM's SVE decode tables name them, with the bits that select each.</summary>
    private static readonly (string Name, string Pattern)[] Classes =
    [
        ("contiguous load scalar plus immediate", "1010010 xxxx 0 xxxx 101 xxxxxxxxxxxxx"),
        ("contiguous non-fault load", "1010010 xxxx 1 xxxx 101 xxxxxxxxxxxxx"),
        ("contiguous load scalar plus scalar", "1010010 xxxx xxxxx 010 xxxxxxxxxxxxx"),
        ("contiguous first-fault load", "1010010 xxxx xxxxx 011 xxxxxxxxxxxxx"),
        ("load multiple structures scalar plus immediate", "1010010 xxxx 0 xxxx 111 xxxxxxxxxxxxx"),
        ("load multiple structures scalar plus scalar", "1010010 xxxx xxxxx 110 xxxxxxxxxxxxx"),
        ("load and broadcast quadword scalar plus immediate", "1010010 xx 0x 0 xxxx 001 xxxxxxxxxxxxx"),
        ("load and broadcast quadword scalar plus scalar", "1010010 xx 0x xxxxx 000 xxxxxxxxxxxxx"),
        ("load and broadcast element", "1000010 xx 1 xxxxxx 1 xx xxxxxxxxxxxxx"),
        ("contiguous store scalar plus immediate", "1110010 xxxx 0 xxxx 111 xxxxxxxxxxxxx"),
        ("store multiple structures scalar plus immediate", "1110010 xxxx 1 xxxx 111 xxxxxxxxxxxxx"),
        ("contiguous store scalar plus scalar", "1110010 xxxx xxxxx 010 xxxxxxxxxxxxx"),
        ("store multiple structures scalar plus scalar", "1110010 xxxx xxxxx 011 xxxxxxxxxxxxx"),
        ("integer compare scalar count and limit", "00100101 xx 1 xxxxx 000 xxxxxxxxxxxxx"),
        ("pointer conflict compare", "00100101 xx 1 xxxxx 001100 xxxxxxxxxx"),
        ("predicate count", "00100101 xx 100 000 10 xxxxxxxxxxxxxx"),
        ("integer add/subtract vectors unpredicated", "00000100 xx 1 xxxxx 000 xxxxxxxxxxxxx"),
        ("integer add/subtract immediate unpredicated", "00100101 xx 100 xxx 11 xxxxxxxxxxxxxx"),
        ("inc/dec by predicate count", "00100101 xx 101 xxx 1000 xxxxxxxxxxxx"),
        ("integer compare vectors", "00100100 xx 0 xxxxx x 0 x xxxxxxxxxxxxx"),
        ("integer compare with wide elements", "00100100 xx 0 xxxxx x 1 x xxxxxxxxxxxxx"),
        ("integer compare unsigned immediate", "00100100 xx 1 xxxxxxxxxxxxxxxxxxxxx"),
        ("integer compare signed immediate", "00100101 xx 0 xxxxx x 0 x xxxxxxxxxxxxx"),
        ("integer binary arithmetic predicated", "00000100 xx 0 xxxxx 000 xxxxxxxxxxxxx"),
        ("select vector elements", "00000101 xx 1 xxxxx 11 xxxxxxxxxxxxxx"),
        ("move prefix unpredicated", "00000100 xx 1 xxxxx 101111 xxxxxxxxxx"),
        ("move prefix predicated", "00000100 xx 010 xxx 001 xxxxxxxxxxxxx"),
        ("index generation", "00000100 xx 1 xxxxx 0100 xxxxxxxxxxxx"),
        ("permute vector elements interleaving", "00000101 xx 1 xxxxx 011 xxxxxxxxxxxxx"),
        ("permute vector quadwords interleaving", "00000101 10 1 xxxxx 000 xxxxxxxxxxxxx"),
        ("bitwise shift by immediate unpredicated", "00000100 xx 1 xxxxx 1001 xxxxxxxxxxxx"),
        ("integer unary arithmetic predicated", "00000100 xx 01 xxxx 101 xxxxxxxxxxxxx"),
        ("integer reduction", "00000100 xx 0 xxxxx 001 xxxxxxxxxxxxx"),
        ("integer multiply-accumulate predicated", "00000100 xx 0 xxxxx x1 xxxxxxxxxxxxxx"),
        ("predicate test", "00100101 xx 010000 11 xxxx x xxxx xxxxx"),
        ("element count", "00000100 xx 1 x xxxx 11 xxxx xxxxxxxxxx"),
        ("broadcast general register", "00000101 xx 1 00000 001110 xxxxxxxxxx"),
        ("broadcast integer immediate", "00100101 xx 111 00 0 11 xxxxxxxxxxxxxx"),
        ("broadcast floating-point immediate", "00100101 xx 111 00 1 11 xxxxxxxxxxxxxx"),
        ("copy integer immediate predicated", "00000101 xx 01 xxxx 0 xxxxxxxxxxxxxxx"),
        ("copy floating-point immediate predicated", "00000101 xx 01 xxxx 1 xxxxxxxxxxxxxxx"),
        ("copy general register predicated", "00000101 xx 101000 101 xxxxxxxxxxxxx"),
        ("copy simd&fp scalar register predicated", "00000101 xx 100000 100 xxxxxxxxxxxxx"),
        ("broadcast indexed element", "00000101 xx 1 xxxxx 001000 xxxxxxxxxx"),
        ("broadcast bitmask immediate", "00000101 11 0000 xxxxxxxxxxxxxxxxxx"),
        ("bitwise logical unpredicated", "00000100 xx 1 xxxxx 001100 xxxxxxxxxx"),
        ("predicate logical operations", "00100101 xx 00 xxxx 01 xxxxxxxxxxxxxx"),
    ];

    public static TheoryData<string> ClassNames() => [.. Classes.Select(c => c.Name)];

    private static List<uint> WordsOf(string name)
    {
        var pattern = BitPattern.Parse(Classes.Single(c => c.Name == name).Pattern);
        var random = TestSeed.Random(name.Length * 7919 + name[0] + name[^1]);
        return [.. Enumerable.Range(0, WordsPerClass).Select(_ => pattern.Value | ((uint)random.NextInt64(0, 1L << 32) & ~pattern.Mask))];
    }

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Random_words_of_the_class_print_as_objdump_prints_them(string name) =>
        DisassemblerOracleTests.AssertSameAsObjdump(WordsOf(name), name);

    [Theory]
    [MemberData(nameof(ClassNames))]
    public void Random_words_of_the_class_encode_back_from_their_text(string name)
    {
        var disassembler = new Disassembler();
        var failures = new List<string>();
        foreach (var word in WordsOf(name))
        {
            if (Decoder.FindEncoding(word) is null) continue;
            var text = disassembler.Format(word, BaseAddress);
            var tab = text.IndexOf('\t', StringComparison.Ordinal);
            var operands = tab < 0 ? "" : text[(tab + 1)..];
            if (!InstructionEncoder.TryEncode(tab < 0 ? text : text[..tab], operands, new LiteralParseContext(BaseAddress), out var back))
                failures.Add($"{word:x8} '{text}': does not encode");
            else if (back != word && disassembler.Format(back, BaseAddress) != text)
                failures.Add($"{word:x8} '{text}': encodes as {back:x8}");
        }
        Assert.True(failures.Count == 0, $"{name}: {failures.Count} words fail (seed {TestSeed.Value}):\n"
            + string.Join('\n', failures.Take(40)));
    }
}
