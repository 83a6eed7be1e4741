using PatchLab.Arm64.Listing;

namespace PatchLab.Tests.Arm64.Listing;

public class AddressSortTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(1000, false)]
    [InlineData(100_000, false)]
    [InlineData(1000, true)]
    [InlineData(100_000, true)]
    public void Sorts_as_a_stable_sort_of_unsigned_addresses_does(int count, bool fewUppers)
    {
        var random = TestSeed.Random(count + (fewUppers ? 1 : 0));
        // Kernel-like addresses (one upper half, few distinct low bits so that many repeat), and extremes; with few
        // upper halves (the bytes above 32 bits mostly shared, as in a kernel), no fully random ones.
        var keys = new ulong[count + 3];
        for (var i = 0; i < count; i++)
            keys[i] = random.Next(fewUppers ? 3 : 4) switch
            {
                0 => 0xffff800080000000UL + (ulong)random.Next(1 << 20) * 4,
                1 => (ulong)random.Next(64),
                2 => ulong.MaxValue - (ulong)random.Next(3),
                _ => (ulong)random.NextInt64(),
            };
        var items = Enumerable.Range(0, keys.Length).ToArray();
        var expected = keys.Take(count).Select((key, index) => (key, index)).OrderBy(p => p.key).ToArray();

        AddressSort.Sort(keys, items, count);

        Assert.Equal(expected.Select(p => p.key), keys.Take(count));
        Assert.Equal(expected.Select(p => p.index), items.Take(count));
        Assert.Equal([count, count + 1, count + 2], items.Skip(count));
    }
}
