using System.Buffers.Binary;
using PatchLab.Arm64;

namespace PatchLab.Machine;

/// <summary>A store into code: which word, what it held and what it holds now, who wrote it and when.</summary>
public readonly record struct CodeWrite(ulong Sequence, ulong Address, uint OldWord, uint NewWord, int Cpu, ulong VirtualTime);

/// <summary>A cache line of code that has been written since it was loaded.</summary>
public sealed class CodeLine(ulong address)
{
    public ulong Address { get; } = address;

    /// <summary>
    /// While the data side holds bytes the point of unification has not yet seen (CTR_EL0.IDC = 0 and no DC CVAU
    /// since the store), the line as the PoU still has it; null when the PoU is up to date.
    /// </summary>
    public byte[]? StalePoU { get; set; }

    /// <summary>The sequence number of the last store into the line.</summary>
    public ulong LastWrite { get; set; }

    /// <summary>Stores to the line that some CPU may not have synchronised with yet.</summary>
    public List<CodeWrite> Writes { get; } = [];
}

/// <summary>
/// The instruction side of the memory system shared by all CPUs: the point of unification's view of code and the
/// log of stores into code, from which the CMODX checker decides whether an executed instruction was modified
/// concurrently. Each CPU's own instruction cache and already-fetched instructions are in its
/// <see cref="InstructionFetcher"/>.
/// </summary>
public sealed class CodeCoherence(CacheType cacheType)
{
    private readonly Dictionary<ulong, CodeLine> _lines = [];
    private readonly List<InstructionFetcher> _fetchers = [];

    public CacheType CacheType { get; } = cacheType;

    /// <summary>Counts stores into code; a CPU's last context synchronisation is remembered as a value of it.</summary>
    public ulong WriteSequence { get; private set; }

    public IReadOnlyList<InstructionFetcher> Fetchers => _fetchers;

    internal void Attach(InstructionFetcher fetcher) => _fetchers.Add(fetcher);

    public CodeLine? FindLine(ulong address) => _lines.GetValueOrDefault(CacheType.LineOf(address));

    private CodeLine LineFor(ulong lineAddress)
    {
        if (!_lines.TryGetValue(lineAddress, out var line))
            _lines[lineAddress] = line = new CodeLine(lineAddress);
        return line;
    }

    /// <summary>Called by <see cref="Memory"/> before a store lands in an executable page.</summary>
    internal void BeforeCodeWrite(Page page, int offset, int length, ReadOnlySpan<byte> newBytes, int cpu, ulong time)
    {
        var address = page.Base + (ulong)offset;
        for (var lineAddress = CacheType.LineOf(address); lineAddress < address + (ulong)length; lineAddress += CacheType.LineSize)
        {
            var line = LineFor(lineAddress);
            if (!CacheType.DataCoherentToPoU && line.StalePoU is null)
                line.StalePoU = page.Data.AsSpan((int)(lineAddress - page.Base), CacheType.LineSize).ToArray();
        }
        // One log entry per instruction word the store touches, with the word as it will read afterwards.
        var firstWord = address & ~3UL;
        Span<byte> merged = stackalloc byte[4];
        for (var word = firstWord; word < address + (ulong)length; word += 4)
        {
            var at = (int)(word - page.Base);
            var old = BinaryPrimitives.ReadUInt32LittleEndian(page.Data.AsSpan(at));
            page.Data.AsSpan(at, 4).CopyTo(merged);
            for (var i = 0; i < 4; i++)
            {
                var byteAddress = word + (ulong)i;
                if (byteAddress >= address && byteAddress < address + (ulong)length)
                    merged[i] = newBytes[(int)(byteAddress - address)];
            }
            var updated = BinaryPrimitives.ReadUInt32LittleEndian(merged);
            var line = LineFor(CacheType.LineOf(word));
            line.LastWrite = ++WriteSequence;
            line.Writes.Add(new CodeWrite(WriteSequence, word, old, updated, cpu, time));
            if (line.Writes.Count > 32) Prune(line);
        }
    }

    /// <summary>Drops log entries every CPU has synchronised past: they can no longer be concurrent with anything.</summary>
    private void Prune(CodeLine line)
    {
        var oldest = _fetchers.Count == 0 ? WriteSequence : _fetchers.Min(f => f.LastContextSync);
        line.Writes.RemoveAll(w => w.Sequence <= oldest);
    }

    /// <summary>The loader wrote these bytes: the PoU and every instruction cache see them (the image arrives clean).</summary>
    internal void Forget(ulong address, int length)
    {
        for (var lineAddress = CacheType.LineOf(address); lineAddress < address + (ulong)length; lineAddress += CacheType.LineSize)
        {
            if (_lines.TryGetValue(lineAddress, out var line)) line.StalePoU = null;
            foreach (var f in _fetchers) f.DropCachedLine(lineAddress);
        }
    }

    /// <summary>DC CVAU: the line's data reaches the point of unification.</summary>
    public void CleanToPoU(ulong address)
    {
        if (_lines.TryGetValue(CacheType.LineOf(address), out var line)) line.StalePoU = null;
    }

    /// <summary>The 16 words of a line as an instruction-cache fill from the point of unification reads them.</summary>
    internal uint[] ReadLineForFetch(Memory memory, ulong lineAddress)
    {
        var words = new uint[CacheType.WordsPerLine];
        var stale = _lines.GetValueOrDefault(lineAddress)?.StalePoU;
        if (stale is not null)
        {
            for (var i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(stale.AsSpan(i * 4));
            return words;
        }
        var page = memory.PageFor(lineAddress, AccessKind.Fetch);
        var offset = (int)(lineAddress - page.Base);
        for (var i = 0; i < words.Length; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(page.Data.AsSpan(offset + i * 4));
        return words;
    }

    /// <summary>An IC IVAU has completed (its DSB): no CPU's instruction cache holds the line any more.</summary>
    internal void CompleteInvalidation(ulong lineAddress)
    {
        foreach (var f in _fetchers) f.DropCachedLine(lineAddress);
    }

    /// <summary>The memory system may write a dirty line back to the PoU at any moment; this does so for one, chosen by <paramref name="random"/>.</summary>
    public void CleanOneAtRandom(Random random)
    {
        var dirty = _lines.Values.Where(l => l.StalePoU is not null).ToList();
        if (dirty.Count > 0) dirty[random.Next(dirty.Count)].StalePoU = null;
    }

    /// <summary>
    /// The CMODX check for one executed instruction: if the word was stored to since this CPU's last context
    /// synchronisation, every value it held in that time must be on the CMODX list. Returns the offending store.
    /// </summary>
    public CodeWrite? FindConcurrentModification(InstructionFetcher cpu, ulong address, CmodxList list)
    {
        var line = _lines.GetValueOrDefault(CacheType.LineOf(address));
        if (line is null || line.LastWrite <= cpu.LastContextSync) return null;
        foreach (var w in line.Writes)
        {
            if (w.Address != address || w.Sequence <= cpu.LastContextSync) continue;
            if (!Cmodx.IsSafePair(w.OldWord, w.NewWord, list)) return w;
        }
        return null;
    }

    /// <summary>
    /// After a patch has been made visible (stores, cache maintenance, a synchronisation round), every CPU should see
    /// the new words. Lists each place an old word is still visible, naming the step that was missed.
    /// </summary>
    public IEnumerable<StaleView> FindStaleViews(Memory memory, ulong address, int length)
    {
        for (var word = address & ~3UL; word < address + (ulong)length; word += 4)
        {
            var current = memory.PeekWord(word);
            var line = _lines.GetValueOrDefault(CacheType.LineOf(word));
            if (line?.StalePoU is { } pou)
            {
                var seen = BinaryPrimitives.ReadUInt32LittleEndian(pou.AsSpan((int)(word - line.Address)));
                if (seen != current) yield return new StaleView(-1, word, StaleLevel.PointOfUnification, seen, current);
            }
            foreach (var f in _fetchers)
                foreach (var view in f.FindStaleViews(word, current))
                    yield return view;
        }
    }
}

/// <summary>Where an old instruction is still visible, and so which step of the patching protocol was missed.</summary>
public enum StaleLevel
{
    /// <summary>The store never reached the point of unification: DC CVAU missing.</summary>
    PointOfUnification,

    /// <summary>A CPU's instruction cache still holds the old line: IC IVAU (or its DSB) missing.</summary>
    InstructionCache,

    /// <summary>A CPU still holds the old instruction already fetched: it has had no context synchronisation event.</summary>
    Fetched,
}

public readonly record struct StaleView(int Cpu, ulong Address, StaleLevel Level, uint Seen, uint Current)
{
    public override string ToString() =>
        $"{(Cpu < 0 ? "PoU" : $"cpu{Cpu}")} sees 0x{Seen:x8} at 0x{Address:x} ({Level}), memory holds 0x{Current:x8}";
}
