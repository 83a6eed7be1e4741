namespace PatchLab.Machine;

/// <summary>Sixteen instructions a CPU has fetched and may keep executing until its next context synchronisation.</summary>
public sealed class FetchedLine(ulong address, uint[] words, bool guarded)
{
    public readonly ulong Address = address;
    public readonly uint[] Words = words;

    /// <summary>The line's page is BTI-guarded: indirect branches into it must land on a landing pad.</summary>
    public readonly bool Guarded = guarded;

    /// <summary>The interpreter's decode of each word, filled on first execution.</summary>
    public readonly Execution.DecodedInstruction[] Decoded = new Execution.DecodedInstruction[CacheType.WordsPerLine];

    /// <summary>The compiled block starting at each word, once that word has started enough straight runs.</summary>
    public readonly Execution.CompiledBlock?[] Blocks = new Execution.CompiledBlock?[CacheType.WordsPerLine];

    /// <summary>How many straight-run steps have started at each word, until its block is compiled.</summary>
    public readonly int[] Heat = new int[CacheType.WordsPerLine];
}

/// <summary>
/// One CPU's instruction side: its instruction cache (unless CTR_EL0.DIC) and the instructions it has already
/// fetched. Fetched instructions stay in use until a context synchronisation event (ISB, exception entry or
/// return); cache lines stay until an IC IVAU for them completes at a DSB. Both may also be dropped at any moment,
/// chosen by the machine's seeded random source, so stale and fresh views both happen.
/// </summary>
public sealed class InstructionFetcher
{
    private readonly Memory _memory;
    private readonly CodeCoherence _coherence;
    private readonly Dictionary<ulong, uint[]> _icache = [];
    private readonly Dictionary<ulong, FetchedLine> _fetched = [];

    /// <summary>A direct-mapped cache of fetched lines in front of the dictionary: branches and calls change line often.</summary>
    private readonly FetchedLine?[] _recent = new FetchedLine?[64];
    private readonly List<ulong> _pendingInvalidations = [];

    public InstructionFetcher(int cpu, Memory memory)
    {
        Cpu = cpu;
        _memory = memory;
        _coherence = memory.Coherence;
        _coherence.Attach(this);
    }

    public int Cpu { get; }

    /// <summary>The code-write sequence number at this CPU's last context synchronisation event.</summary>
    public ulong LastContextSync { get; private set; }

    public int ContextSyncCount { get; private set; }

    /// <summary>The line of fetched instructions holding <paramref name="pc"/>, if this CPU has fetched it since its last context synchronisation.</summary>
    public FetchedLine? FindFetched(ulong pc)
    {
        var lineAddress = CacheType.LineOf(pc);
        var slot = (int)(lineAddress / CacheType.LineSize) & (_recent.Length - 1);
        if (_recent[slot] is { } recent && recent.Address == lineAddress) return recent;
        return _fetched.TryGetValue(lineAddress, out var line) ? _recent[slot] = line : null;
    }

    /// <summary>The line of fetched instructions holding <paramref name="pc"/>, fetching it if need be.</summary>
    public FetchedLine Fetch(ulong pc)
    {
        if (FindFetched(pc) is { } fetched) return fetched;
        var lineAddress = CacheType.LineOf(pc);
        var slot = (int)(lineAddress / CacheType.LineSize) & (_recent.Length - 1);
        FetchedLine line;
        var page = _memory.PageFor(pc, AccessKind.Fetch);
        uint[] words;
        if (_coherence.CacheType.Dic)
        {
            words = _coherence.ReadLineForFetch(_memory, lineAddress);
        }
        else if (!_icache.TryGetValue(lineAddress, out words!))
        {
            words = _coherence.ReadLineForFetch(_memory, lineAddress);
            _icache[lineAddress] = words;
        }
        line = new FetchedLine(lineAddress, (uint[])words.Clone(), (page.Permissions & PagePermissions.Guarded) != 0);
        _fetched[lineAddress] = line;
        return _recent[slot] = line;
    }

    /// <summary>ISB, exception entry, exception return: forget every fetched instruction.</summary>
    public void ContextSynchronize()
    {
        _fetched.Clear();
        Array.Clear(_recent);
        LastContextSync = _coherence.WriteSequence;
        ContextSyncCount++;
    }

    /// <summary>IC IVAU: the invalidation is broadcast; it is complete for every CPU at this CPU's next DSB.</summary>
    public void InvalidateInstructionCacheLine(ulong address) => _pendingInvalidations.Add(CacheType.LineOf(address));

    /// <summary>IC IALLU / IC IALLUIS: the whole instruction cache (of this CPU, or broadcast), at the next DSB.</summary>
    public void InvalidateInstructionCacheAll(bool broadcast)
    {
        if (!broadcast)
        {
            _icache.Clear();
            return;
        }
        foreach (var f in _coherence.Fetchers) f._icache.Clear();
    }

    /// <summary>DSB: this CPU's cache maintenance completes.</summary>
    public void DataSynchronizationBarrier()
    {
        foreach (var line in _pendingInvalidations) _coherence.CompleteInvalidation(line);
        _pendingInvalidations.Clear();
    }

    internal void DropCachedLine(ulong lineAddress) => _icache.Remove(lineAddress);

    /// <summary>Hardware may evict a cache line or refetch at any time; does one of each, chosen by <paramref name="random"/>.</summary>
    public void EvictOneAtRandom(Random random)
    {
        if (_icache.Count > 0) _icache.Remove(_icache.Keys.ElementAt(random.Next(_icache.Count)));
        if (_fetched.Count > 0)
        {
            _fetched.Remove(_fetched.Keys.ElementAt(random.Next(_fetched.Count)));
            Array.Clear(_recent);
        }
    }

    internal IEnumerable<StaleView> FindStaleViews(ulong word, uint current)
    {
        var lineAddress = CacheType.LineOf(word);
        var index = (int)((word - lineAddress) / 4);
        if (_icache.TryGetValue(lineAddress, out var cached) && cached[index] != current)
            yield return new StaleView(Cpu, word, StaleLevel.InstructionCache, cached[index], current);
        if (_fetched.TryGetValue(lineAddress, out var fetched) && fetched.Words[index] != current)
            yield return new StaleView(Cpu, word, StaleLevel.Fetched, fetched.Words[index], current);
    }
}
