using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64;

/// <summary>decode → print → encode gives back the same word, for samples of every encoding.</summary>
public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(DisassemblerOracleTests.Groups), MemberType = typeof(DisassemblerOracleTests))]
    public void Printed_text_encodes_back_to_the_same_word(string group)
    {
        var random = TestSeed.Random(group.Length);
        var disassembler = new Disassembler();
        var failures = new List<string>();
        var checkedWords = 0;
        foreach (var e in EncodingTable.All.Where(e => e.Group == group))
        {
            foreach (var word in DisassemblerOracleTests.Samples(e, random))
            {
                if (Decoder.FindEncoding(word) is null) continue;
                const ulong address = 0x400000;
                var text = disassembler.Format(word, address);
                var tab = text.IndexOf('\t');
                var mnemonic = tab < 0 ? text : text[..tab];
                var operands = tab < 0 ? "" : StripComment(text[(tab + 1)..]);
                checkedWords++;
                if (!InstructionEncoder.TryEncode(mnemonic, operands, new LiteralParseContext(address), out var back))
                    failures.Add($"{word:x8} '{text}': does not encode");
                else if (back != word && !SameMeaning(word, back))
                    failures.Add($"{word:x8} '{text}': encodes as {back:x8}");
            }
        }
        Assert.True(failures.Count == 0,
            $"{group}: {failures.Count} of {checkedWords} words fail (seed {TestSeed.Value}):\n" + string.Join('\n', failures.Take(40)));
    }

    private static string StripComment(string operands)
    {
        var comment = operands.IndexOf("//", StringComparison.Ordinal);
        return (comment < 0 ? operands : operands[..comment]).TrimEnd();
    }

    /// <summary>
    /// Some words have bits the printed text cannot show (ignored fields, several encodings of one instruction);
    /// those round-trip to a word that prints the same.
    /// </summary>
    private static bool SameMeaning(uint word, uint back)
    {
        var d = new Disassembler();
        return d.Format(word, 0x400000) == d.Format(back, 0x400000);
    }
}
