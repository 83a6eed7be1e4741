using System.Buffers.Binary;
using System.Numerics;
using PatchLab.Arm64;
using PatchLab.Elf;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// The decode tree finds what a plain scan of the table finds: among the base rows whose bits match and whose
/// condition holds, the one with the most fixed bits, then the lowest id (DecodeTree's leaf order).
/// </summary>
public sealed class DecodeTreeTests
{
    private static readonly Encoding[] Bases = [.. EncodingTable.All.Where(e => !e.IsAlias)];

    // The rows each value of the top byte can match, in table order: only narrows the scan, never decides.
    private static readonly Encoding[][] ByTopByte =
    [
        .. Enumerable.Range(0, 256).Select(top => Bases.Where(e => ((uint)top << 24 & e.Mask) == (e.Value & 0xff000000u)).ToArray()),
    ];

    private static Encoding? Reference(uint word)
    {
        Encoding? best = null;
        foreach (var e in ByTopByte[word >> 24])
        {
            if ((word & e.Mask) != e.Value || e.Condition is { } holds && !holds(word)) continue;
            if (best is null || BitOperations.PopCount(e.Mask) > BitOperations.PopCount(best.Mask)) best = e;
        }
        return best;
    }

    private static void AssertDecodesAsReference(uint word, string source) =>
        Assert.True(ReferenceEquals(Decoder.FindEncoding(word), Reference(word)),
            $"word {word:x8} ({source}): tree {Decoder.FindEncoding(word)}, reference {Reference(word)}");

    [Fact]
    public void Random_words_decode_as_the_reference_scan()
    {
        var random = TestSeed.Random(3);
        for (var i = 0; i < 1 << 22; i++)
            AssertDecodesAsReference((uint)random.NextInt64(0, 1L << 32), $"seed {TestSeed.Value}");
    }

    [Fact]
    public void Every_code_word_of_a_real_vmlinux_decodes_as_the_reference_scan()
    {
        using var elf = ElfFile.Open(KernelImage.Vmlinux);
        var words = 0;
        foreach (var section in elf.Sections)
        {
            if ((section.Flags & SectionFlags.ExecInstr) == 0 || section.Type == SectionType.NoBits) continue;
            var data = elf.GetSpan(section);
            for (var i = 0; i + 4 <= data.Length; i += 4, words++)
                AssertDecodesAsReference(BinaryPrimitives.ReadUInt32LittleEndian(data[i..]), section.Name);
        }
        Assert.True(words > 1_000_000, $"only {words} code words in {KernelImage.Vmlinux}");
    }

    [Fact]
    public void Bit_conditions_read_only_their_bits()
    {
        // A covered row's condition must give the same answer whatever its other free bits hold.
        var random = TestSeed.Random(4);
        foreach (var e in Bases.Where(e => e.Cover is not null))
        {
            for (var i = 0; i < 4096; i++)
            {
                var word = e.Value | (uint)random.NextInt64(0, 1L << 32) & ~e.Mask;
                var covered = e.Cover!.Any(c => (word & c.Mask) == c.Value);
                Assert.True(covered == e.Condition!(word), $"{e}: word {word:x8} (seed {TestSeed.Value})");
            }
        }
    }
}
