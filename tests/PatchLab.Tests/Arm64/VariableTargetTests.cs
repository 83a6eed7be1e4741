using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// An encoding's <see cref="Encoding.VariableTarget"/> promises that words differing only in the target's offset
/// print alike but for the target: the disassembly listing prints such words from a template.
/// </summary>
public class VariableTargetTests
{
    [Fact]
    public void Branches_calls_and_address_loads_have_a_variable_target()
    {
        // bl, b, b.ne, cbz, tbz, adr, adrp, ldr (literal)
        foreach (var word in new uint[] { 0x94000010, 0x14000010, 0x54000201, 0xb4000200, 0x36080200, 0x10000200, 0x90000200, 0x58000200 })
            Assert.True(Decoder.FindEncoding(word)?.VariableTarget is not null, $"0x{word:x8} ({Decoder.FindEncoding(word)})");
        Assert.Null(Decoder.FindEncoding(0x8b020020)!.VariableTarget); // add x0, x1, x2
    }

    [Fact]
    public void Words_that_differ_in_the_offset_alone_print_alike_but_for_the_target()
    {
        var random = TestSeed.Random();
        var disassembler = new Disassembler();
        var checkedWords = 0;
        foreach (var encoding in EncodingTable.All.Where(e => e.VariableTarget is not null))
        {
            var offsetBits = encoding.VariableTarget!.FieldMask;
            for (var sample = 0; sample < 64; sample++)
            {
                var word = encoding.Value | ((uint)random.Next() << 1 ^ (uint)random.Next()) & ~encoding.Mask;
                if (Decoder.FindEncoding(word) != encoding) continue;
                var other = (word & ~offsetBits) | ((uint)random.Next() << 1 ^ (uint)random.Next()) & offsetBits;
                Assert.Equal(encoding, Decoder.FindEncoding(other));
                var (before, after) = AroundTarget(disassembler, word);
                var (otherBefore, otherAfter) = AroundTarget(disassembler, other);
                Assert.True(before == otherBefore && after == otherAfter,
                    $"{encoding}: 0x{word:x8} and 0x{other:x8} differ outside the target (seed {TestSeed.Value})");
                checkedWords++;
            }
        }
        Assert.True(checkedWords > 500, $"only {checkedWords} words checked");
    }

    private static (string Before, string After) AroundTarget(Disassembler disassembler, uint word)
    {
        var text = new System.Text.StringBuilder();
        disassembler.Append(text, word, 0x400000);
        var target = disassembler.LastTarget!.Value;
        var line = text.ToString();
        return (line[..target.Start], line[target.End..]);
    }
}
