namespace PatchLab.Arm64.Listing;

/// <summary>
/// Sorts addresses with their indices beside them, least significant byte first (a radix sort), skipping the
/// bytes all addresses share. A kernel's 150,000 symbols sort in a few milliseconds, in code of our own that is
/// compiled ahead of time; the runtime's generic sort over (ulong, int) is compiled at first use, unoptimised, and
/// took a tenth of a second.
/// </summary>
internal static class AddressSort
{
    /// <summary>
    /// Sorts the first <paramref name="count"/> <paramref name="keys"/> ascending, carrying
    /// <paramref name="items"/> along; equal keys keep their order.
    /// </summary>
    public static void Sort(ulong[] keys, int[] items, int count)
    {
        const int Digits = 8;
        var counts = new int[Digits * 256];
        for (var i = 0; i < count; i++)
        {
            var key = keys[i];
            for (var d = 0; d < Digits; d++, key >>= 8) counts[d * 256 + (int)(key & 0xff)]++;
        }
        var keysFrom = keys;
        var itemsFrom = items;
        var keysTo = new ulong[count];
        var itemsTo = new int[count];
        var start = new int[256];
        for (var d = 0; d < Digits; d++)
        {
            // A byte every key shares moves nothing.
            if (count == 0 || counts[d * 256 + (int)((keysFrom[0] >> (8 * d)) & 0xff)] == count) continue;
            for (int b = 0, at = 0; b < 256; b++)
            {
                start[b] = at;
                at += counts[d * 256 + b];
            }
            for (var i = 0; i < count; i++)
            {
                var at = start[(int)((keysFrom[i] >> (8 * d)) & 0xff)]++;
                keysTo[at] = keysFrom[i];
                itemsTo[at] = itemsFrom[i];
            }
            (keysFrom, keysTo) = (keysTo, keysFrom);
            (itemsFrom, itemsTo) = (itemsTo, itemsFrom);
        }
        if (!ReferenceEquals(keysFrom, keys))
        {
            Array.Copy(keysFrom, keys, count);
            Array.Copy(itemsFrom, items, count);
        }
    }
}
