using System.Numerics;
using System.Runtime.CompilerServices;

namespace PatchLab.Arm64;

/// <summary>Something found by its bits: fixed bits (mask/value), an optional further condition, a stable order.</summary>
public interface IDecodeEntry
{
    uint Mask { get; }
    uint Value { get; }
    Func<uint, bool>? Condition { get; }

    /// <summary>Breaks ties between equally specific entries: the lower wins.</summary>
    int Id { get; }

    /// <summary>
    /// When not null, the words the entry matches (its bits and its condition) as disjoint mask/value pairs: the tree
    /// splits on those bits and never calls <see cref="Condition"/>.
    /// </summary>
    IReadOnlyList<(uint Mask, uint Value)>? Cover => null;
}

/// <summary>
/// A decision tree over instruction bits: each inner node indexes its children by a window of up to eight bits
/// (twelve at the root of a large table), each leaf holds the encodings left (one wherever a window can tell them
/// apart) in an order that gives the answer of "most specific first": the first that matches and whose condition
/// holds. Built once from the table, then flattened into arrays: decoding walks it with shifts and array loads only,
/// no object per node. An entry with a <see cref="IDecodeEntry.Cover"/> enters the tree as its parts, each ranked as
/// the whole entry.
/// </summary>
public sealed class DecodeTree<T> where T : class, IDecodeEntry
{
    // Split until one entry is left where a window tells entries apart: a leaf of one entry is one compare, where a
    // scan of a few costs mispredicted branches.
    private const int MaxLeaf = 1;
    private const int MaxWindow = 8;

    // The root of a large table indexes a wider window than the inner nodes: one load then settles most words (87%
    // of a kernel's code, against 24% with an eight-bit root), and its 4096 slots still fit the first-level cache.
    private const int RootWindow = 12;

    // The tree as slots: a slot for an inner node holds where its children's slots start (bits 0-31), its window's
    // shift (bits 32-36) and index mask (bits 40-62), so each level of a decode is one load; a leaf's slot is negative
    // and holds where its entries start (bits 0-31) and how many there are (bits 32-39). A decode compares the word
    // with the leaf's first entry and scans on only when that fails and more entries or a condition follow; an empty
    // leaf holds the entry that matches nothing. The root and its children are always inner nodes (see TwoLevels),
    // so a decode is at least two loads.
    private readonly long[] _slots;
    private readonly long _root;

    // Leaf entries, in leaf order within each leaf (see Node.MakeLeaf), side by side in one array: a probe touches one
    // place. Entry 0 matches no word: the one entry of every empty leaf.
    private readonly LeafEntry[] _leaves;

    // For each leaf entry, its part's index among the entries' parts (-1 for the entry that matches nothing).
    private readonly int[] _leafParts;

    private readonly record struct LeafEntry(uint Mask, uint Value, Func<uint, bool>? Condition, T? Entry);

    private static readonly LeafEntry Nothing = new(0, 1, null, null);

    /// <summary>One mask/value part of an entry: the whole entry, or one part of its cover.</summary>
    private sealed record Part(uint Mask, uint Value, Func<uint, bool>? Condition, T Entry, int Index, int Rank);

    private DecodeTree(Node root)
    {
        root = TwoLevels(root);
        var slots = new List<long>();
        var parts = new List<Part?> { null };
        var placed = new Dictionary<Node, long>(ReferenceEqualityComparer.Instance);
        long Place(Node node)
        {
            if (placed.TryGetValue(node, out var slot)) return slot;
            if (node.Children is null)
            {
                var leaf = node.Leaf!;
                slot = leaf.Length == 0 ? long.MinValue | 1L << 32 : long.MinValue | (long)leaf.Length << 32 | (long)parts.Count;
                parts.AddRange(leaf);
            }
            else
            {
                var first = slots.Count;
                slots.AddRange(new long[node.Children.Length]);
                for (var i = 0; i < node.Children.Length; i++) slots[first + i] = Place(node.Children[i]);
                slot = (long)node.IndexMask << 40 | (long)node.Shift << 32 | (long)first;
            }
            placed[node] = slot;
            return slot;
        }
        _root = Place(root);
        _slots = [.. slots];
        _leaves = [.. parts.Select(Leaf)];
        _leafParts = [.. parts.Select(p => p?.Index ?? -1)];
    }

    /// <summary>
    /// The tree with a leaf at the root or among the root's children put under a node of no bits: every decode then
    /// makes two loads before it looks at whether it reached a leaf, one branch the processor predicts well, where
    /// stopping at the root for most words and going on for some mispredicts.
    /// </summary>
    private static Node TwoLevels(Node root)
    {
        var wrapped = new Dictionary<Node, Node>(ReferenceEqualityComparer.Instance);
        Node Wrap(Node leaf)
        {
            if (!wrapped.TryGetValue(leaf, out var node)) wrapped[leaf] = node = new Node(0, 0, [leaf], null);
            return node;
        }
        if (root.Children is null) root = Wrap(root);
        return new Node(root.Shift, root.IndexMask, [.. root.Children!.Select(c => c.Children is null ? Wrap(c) : c)], null);
    }

    private DecodeTree(long root, long[] slots, int[] leafParts, Part[] parts)
    {
        _root = root;
        _slots = slots;
        _leafParts = leafParts;
        _leaves = [.. leafParts.Select(i => Leaf(i < 0 ? null : parts[i]))];
    }

    private static LeafEntry Leaf(Part? p) => p is null ? Nothing : new(p.Mask, p.Value, p.Condition, p.Entry);

    /// <summary>The parts of the entries, in order: an entry's cover, or the entry itself.</summary>
    private static Part[] Parts(IReadOnlyList<T> entries)
    {
        var parts = new List<Part>();
        foreach (var e in entries)
        {
            var rank = BitOperations.PopCount(e.Mask);
            if (e.Cover is { } cover)
                foreach (var (mask, value) in cover) parts.Add(new(mask, value, null, e, parts.Count, rank));
            else
                parts.Add(new(e.Mask, e.Value, e.Condition, e, parts.Count, rank));
        }
        return [.. parts];
    }

    public static DecodeTree<T> Build(IReadOnlyList<T> entries) => new(BuildNode(Parts(entries), 0, 0));

    /// <summary>
    /// The flattened tree: its root slot, its slots, and for each leaf entry the index of its part among the entries'
    /// parts (-1 for the entry that matches nothing).
    /// </summary>
    internal (long Root, long[] Slots, int[] LeafParts) Layout() => (_root, [.. _slots], [.. _leafParts]);

    /// <summary>
    /// A tree from a <see cref="Layout"/> saved earlier (a generated table): no search for windows at start-up. The
    /// layout must come from the same entries, in the same order.
    /// </summary>
    internal static DecodeTree<T> FromLayout(long root, ReadOnlySpan<long> slots, ReadOnlySpan<int> leafParts, IReadOnlyList<T> entries) =>
        new(root, slots.ToArray(), leafParts.ToArray(), Parts(entries));

    // Inlined into its callers (Decoder.FindEncoding), so that a decode is one call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? Find(uint word)
    {
        var slots = _slots;
        var slot = _root;
        slot = slots[(int)slot + (int)((word >> (int)(slot >> 32)) & (uint)(slot >> 40))];
        do slot = slots[(int)slot + (int)((word >> (int)(slot >> 32)) & (uint)(slot >> 40))];
        while (slot >= 0);
        ref readonly var first = ref _leaves[(int)slot];
        if ((word & first.Mask) == first.Value && first.Condition is null) return first.Entry;
        return (slot >> 32 & 0xff) > 1 || first.Condition is not null ? Scan(word, slot) : null;
    }

    /// <summary>The first entry of a leaf that matches the word and whose condition holds.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private T? Scan(uint word, long slot)
    {
        var leaves = _leaves;
        for (int i = (int)slot, end = i + (int)((slot >> 32) & 0xff); i < end; i++)
        {
            ref readonly var leaf = ref leaves[i];
            if ((word & leaf.Mask) == leaf.Value && (leaf.Condition is null || leaf.Condition(word)))
                return leaf.Entry;
        }
        return null;
    }

    private static Node BuildNode(Part[] set, uint decidedMask, int depth)
    {
        set = Reachable(set, decidedMask);
        if (set.Length <= MaxLeaf || depth > 12)
            return Node.MakeLeaf(set);
        var best = (Lsb: -1, Width: 0, Cost: long.MaxValue);
        var wide = depth == 0 && set.Length >= 1 << (RootWindow - 4);
        // Below the root an entry weighs as many words as it has there (see SplitCost); at the root each counts once,
        // as words there would weigh the few widest encodings (branches, wide immediates) over everything else.
        var counted = depth == 0 ? 0 : ~decidedMask;
        var words = set.Sum(p => 1L << BitOperations.PopCount(~p.Mask & counted));
        var slotCharge = Math.Max(words / set.Length, 1);
        for (var width = wide ? RootWindow : 1; width <= (wide ? RootWindow : MaxWindow); width++)
        {
            for (var lsb = 0; lsb + width <= 32; lsb++)
            {
                var window = ((1u << width) - 1) << lsb;
                if ((window & decidedMask) != 0) continue;
                var cost = SplitCost(set, lsb, width, counted & ~window, slotCharge, best.Cost);
                if (cost < best.Cost) best = (lsb, width, cost);
            }
        }
        // No window pays for itself (its buckets cost more than a scan of the whole set): the leaf's checks tell the
        // rest apart. At equal cost the split wins: it turns two entries into two leaves of one.
        if (best.Lsb < 0 || best.Cost > set.Length * words)
            return Node.MakeLeaf(set);
        var count = 1 << best.Width;
        var buckets = new List<Part>[count];
        for (var i = 0; i < count; i++) buckets[i] = [];
        foreach (var e in set)
            foreach (var index in Indices(e, best.Lsb, best.Width))
                buckets[index].Add(e);
        var windowMask = ((1u << best.Width) - 1) << best.Lsb;
        var children = new Node[count];
        var memo = new Dictionary<string, Node>();
        for (var i = 0; i < count; i++)
        {
            // Identical buckets (e.g. every index of a field no encoding fixes) share one subtree.
            var key = string.Join(',', buckets[i].Select(e => e.Index));
            if (!memo.TryGetValue(key, out var child))
                memo[key] = child = BuildNode([.. buckets[i]], decidedMask | windowMask, depth + 1);
            children[i] = child;
        }
        return new Node(best.Lsb, (1u << best.Width) - 1, children, null);
    }

    /// <summary>
    /// The parts in leaf order (most fixed bits first, then the lowest id), up to the first one without a condition
    /// whose bits the path has all decided: it matches every word that gets here, so none after it can be the answer.
    /// </summary>
    private static Part[] Reachable(Part[] set, uint decidedMask)
    {
        var ordered = set.OrderByDescending(p => p.Rank).ThenBy(p => p.Entry.Id).ThenBy(p => p.Index).ToArray();
        var settled = Array.FindIndex(ordered, p => p.Condition is null && (p.Mask & ~decidedMask) == 0);
        return settled < 0 ? ordered : ordered[..(settled + 1)];
    }

    /// <summary>
    /// Over the buckets, the entries in a bucket times the words they have there (a word may be compared with every
    /// entry of its bucket), plus <paramref name="slotCharge"/> per bucket for the table's size. An entry's words in
    /// a bucket are the values of its free bits among <paramref name="counted"/>: with none counted (the root), each
    /// entry weighs one and the cost is the sum of the buckets' sizes squared.
    /// </summary>
    private static long SplitCost(Part[] set, int lsb, int width, uint counted, long slotCharge, long bound)
    {
        var windowMask = (1u << width) - 1;
        if (counted == 0)
        {
            // Each entry lands in 2^(its free bits in the window) buckets; spread evenly, those placements cost at
            // least placements²/buckets (Cauchy-Schwarz), which rules out most windows without counting them.
            long placements = 0;
            foreach (var e in set) placements += 1L << BitOperations.PopCount(~(e.Mask >> lsb) & windowMask);
            var lowerBound = (placements * placements >> width) + (slotCharge << width);
            if (lowerBound >= bound) return lowerBound;
        }
        Span<int> sizes = stackalloc int[1 << width];
        Span<long> words = stackalloc long[1 << width];
        foreach (var e in set)
        {
            // Every window value the entry can have: its fixed bits, with each subset of the free ones.
            var value = (e.Value >> lsb) & windowMask;
            var free = ~(e.Mask >> lsb) & windowMask;
            var weight = 1L << BitOperations.PopCount(~e.Mask & counted);
            var sub = 0u;
            do
            {
                sizes[(int)(value | sub)]++;
                words[(int)(value | sub)] += weight;
                sub = (sub - free) & free;
            } while (sub != 0);
        }
        var cost = slotCharge << width;
        for (var i = 0; i < sizes.Length; i++)
        {
            cost += sizes[i] * words[i];
            if (cost >= bound) return cost;
        }
        return cost;
    }

    /// <summary>The window values an encoding can have: its fixed bits, with every combination of the free ones.</summary>
    private static IEnumerable<int> Indices(Part e, int lsb, int width)
    {
        var windowMask = (1u << width) - 1;
        var fixedBits = (e.Mask >> lsb) & windowMask;
        var value = (e.Value >> lsb) & windowMask;
        var free = ~fixedBits & windowMask;
        // Enumerate the subsets of the free bits.
        var sub = 0u;
        do
        {
            yield return (int)(value | sub);
            sub = (sub - free) & free;
        } while (sub != 0);
    }

    private sealed class Node(int shift, uint indexMask, Node[]? children, Part[]? leaf)
    {
        public readonly int Shift = shift;
        public readonly uint IndexMask = indexMask;
        public readonly Node[]? Children = children;
        public readonly Part[]? Leaf = leaf;

        /// <summary>
        /// A leaf of parts in leaf order (see <see cref="Reachable"/>), reordered where that changes no answer: of
        /// two parts that share no word either may come first, so the one with more words does, and a decode more
        /// often stops at the first compare. Parts that share words keep their order.
        /// </summary>
        public static Node MakeLeaf(Part[] set)
        {
            var left = set.ToList();
            var order = new List<Part>(set.Length);
            while (left.Count > 0)
            {
                // The widest part that no earlier part sharing words with it still waits for.
                var next = left.Where((p, i) => !left.Take(i).Any(q => Overlap(p, q)))
                    .OrderBy(p => BitOperations.PopCount(p.Mask)).First();
                order.Add(next);
                left.Remove(next);
            }
            return new(0, 0, null, [.. order]);
        }

        private static bool Overlap(Part a, Part b) => ((a.Value ^ b.Value) & a.Mask & b.Mask) == 0;
    }
}
