using System.Numerics;

namespace PatchLab.Arm64;

/// <summary>
/// A row's further condition that reads only <paramref name="Bits"/> of the word (reserved values of a few fields).
/// The decode tree turns it into fixed bits and splits on them, so decoding a word never calls it.
/// </summary>
public sealed record BitCondition(uint Bits, Func<uint, bool> Holds)
{
    // Covering enumerates every value of the condition's bits that the row leaves free.
    private const int MaxFreeBits = 16;

    /// <summary>
    /// The words of <paramref name="mask"/>/<paramref name="value"/> where the condition holds, as disjoint
    /// mask/value pairs: the bits are split one at a time, highest first, until the answer no longer depends on the rest.
    /// </summary>
    public (uint Mask, uint Value)[] Cover(uint mask, uint value)
    {
        var free = Bits & ~mask;
        if (BitOperations.PopCount(free) > MaxFreeBits)
            throw new ArgumentException($"a bit condition may leave at most {MaxFreeBits} bits free, not {BitOperations.PopCount(free)}");
        var cover = new List<(uint, uint)>();
        void Split(uint m, uint v, uint rest)
        {
            var holds = Holds(v);
            var uniform = true;
            for (var sub = rest; sub != 0 && uniform; sub = (sub - 1) & rest)
                uniform = Holds(v | sub) == holds;
            if (uniform)
            {
                if (holds) cover.Add((m, v));
                return;
            }
            var bit = 1u << BitOperations.Log2(rest);
            Split(m | bit, v, rest & ~bit);
            Split(m | bit, v | bit, rest & ~bit);
        }
        Split(mask, value & mask, free);
        return [.. cover];
    }
}
