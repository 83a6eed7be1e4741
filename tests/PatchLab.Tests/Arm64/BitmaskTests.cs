using PatchLab.Arm64.Operands;

namespace PatchLab.Tests.Arm64;

/// <summary>Logical-immediate bitmasks: every valid N:immr:imms decodes to a value that encodes back to it.</summary>
public class BitmaskTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_valid_encoding_round_trips_through_its_value(bool is64)
    {
        var values = new HashSet<ulong>();
        for (var n = 0u; n <= 1; n++)
        {
            for (var immr = 0u; immr < 64; immr++)
            {
                for (var imms = 0u; imms < 64; imms++)
                {
                    if (!Bitmask.TryDecode(n, immr, imms, is64, out var value)) continue;
                    values.Add(value);
                    Assert.True(Bitmask.TryEncode(value, is64, out var n2, out var immr2, out var imms2), $"{value:x}");
                    Assert.True(Bitmask.TryDecode(n2, immr2, imms2, is64, out var again) && again == value, $"{value:x}");
                    // Each value has exactly one encoding once immr is reduced modulo the element size.
                    Assert.Equal((n, imms), (n2, imms2));
                }
            }
        }
        // 5334 distinct 64-bit bitmasks, 1302 for 32 bits.
        Assert.Equal(is64 ? 5334 : 1302, values.Count);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(ulong.MaxValue)]
    [InlineData(0x5UL)]
    [InlineData(0x1234UL)]
    public void Values_that_are_not_rotated_runs_do_not_encode(ulong value) =>
        Assert.False(Bitmask.TryEncode(value, true, out _, out _, out _));
}
