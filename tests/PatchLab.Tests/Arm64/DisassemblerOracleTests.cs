using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>Every encoding in the table, sampled over its free bits, prints exactly as GNU objdump prints it.</summary>
public class DisassemblerOracleTests
{
    private const ulong BaseAddress = 0x400000;
    private const int SamplesPerEncoding = 48;

    public static TheoryData<string> Groups() => [.. EncodingTable.All.Select(e => e.Group).Distinct()];

    [Theory]
    [MemberData(nameof(Groups))]
    public void Every_encoding_of_the_group_prints_as_objdump_prints_it(string group)
    {
        var random = TestSeed.Random(group.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var words = EncodingTable.All.Where(e => e.Group == group)
            .SelectMany(e => Samples(e, random)).Distinct().ToList();
        AssertSameAsObjdump(words, $"group {group}");
    }

    [Fact]
    public void Unallocated_words_print_as_undefined()
    {
        uint[] words = [0xffffffff, 0x00010000, 0x07000000];
        AssertSameAsObjdump(words, "unallocated");
    }

    internal static void AssertSameAsObjdump(IReadOnlyList<uint> words, string what)
    {
        var expected = Objdump.Disassemble(words, BaseAddress);
        var disassembler = new Disassembler();
        var mismatches = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var actual = disassembler.Format(words[i], BaseAddress + (ulong)i * 4);
            if (actual != expected[i])
                mismatches.Add($"{words[i]:x8}: objdump '{expected[i]}' patchlab '{actual}'");
        }
        Assert.True(mismatches.Count == 0,
            $"{what}: {mismatches.Count} of {words.Count} words differ (seed {TestSeed.Value}):\n" +
            string.Join('\n', mismatches.Take(40)));
    }

    /// <summary>Words in the encoding's space: free bits all clear, all set, and random.</summary>
    internal static IEnumerable<uint> Samples(Encoding e, Random random)
    {
        var free = ~e.Mask;
        yield return e.Value;
        yield return e.Value | free;
        for (var i = 0; i < SamplesPerEncoding; i++)
            yield return e.Value | ((uint)random.NextInt64(0, 1L << 32) & free);
    }
}

/// <summary>Words real kernels contain that random sampling is unlikely to hit; each once differed from objdump.</summary>
public class KernelCornerCaseTests
{
    [Fact]
    public void Move_wide_of_zero_with_a_shift_keeps_its_own_name()
    {
        uint[] words = [0xd2c00002, 0xd2a00000, 0xd2e00000, 0x52a00000, 0x92c00000, 0x12a00000, 0xd2800000, 0x92800000];
        DisassemblerOracleTests.AssertSameAsObjdump(words, "move wide of zero");
    }
}
