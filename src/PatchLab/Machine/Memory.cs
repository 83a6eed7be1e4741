using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace PatchLab.Machine;

[Flags]
public enum PagePermissions : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,

    /// <summary>BTI-guarded page (the stage 1 GP bit): indirect branches must land on a BTI landing pad.</summary>
    Guarded = 8,

    ReadWrite = Read | Write,
    ReadExecute = Read | Execute,
}

/// <summary>What an access was doing, for faults.</summary>
public enum AccessKind : byte
{
    Read,
    Write,
    Fetch,
}

/// <summary>An access to an unmapped page or one whose permissions forbid it; becomes an abort on the CPU.</summary>
public sealed class MemoryFaultException(ulong address, AccessKind kind, bool mapped)
    : Exception($"{kind.ToString().ToLowerInvariant()} {(mapped ? "not permitted at" : "of unmapped address")} 0x{address:x16}")
{
    public ulong Address { get; } = address;
    public AccessKind Kind { get; } = kind;
    public bool Mapped { get; } = mapped;
}

/// <summary>One 4 KiB page of memory.</summary>
public sealed class Page(ulong baseAddress, PagePermissions permissions)
{
    public readonly byte[] Data = new byte[Memory.PageSize];
    public readonly ulong Base = baseAddress;
    public PagePermissions Permissions = permissions;

    public bool IsExecutable => (Permissions & PagePermissions.Execute) != 0;
}

/// <summary>
/// Sparse paged memory over the whole 64-bit address space (kernel images live at 0xffff8000_0800_0000).
/// Data accesses are coherent; stores to executable pages are reported to the instruction side
/// (<see cref="CodeCoherence"/>), which models what instruction fetch may still see.
/// </summary>
public sealed class Memory
{
    public const int PageShift = 12;
    public const int PageSize = 1 << PageShift;
    private const ulong PageOffsetMask = PageSize - 1;

    private readonly Dictionary<ulong, Page> _pages = [];

    /// <summary>A direct-mapped cache of recently used pages in front of the dictionary (a software TLB).</summary>
    private readonly Page?[] _recent = new Page?[256];

    public Memory(CodeCoherence? coherence = null) => Coherence = coherence ?? new CodeCoherence(CacheType.Default);

    public CodeCoherence Coherence { get; }

    public int PageCount => _pages.Count;

    /// <summary>Maps zeroed pages over [address, address+size) (rounded out to pages); already mapped pages keep their data.</summary>
    public void Map(ulong address, ulong size, PagePermissions permissions)
    {
        if (size == 0) return;
        var first = address & ~PageOffsetMask;
        var last = (address + size - 1) & ~PageOffsetMask;
        for (var page = first; ; page += PageSize)
        {
            if (_pages.TryGetValue(page, out var existing)) existing.Permissions = permissions;
            else _pages[page] = new Page(page, permissions);
            if (page == last) break;
        }
        Array.Clear(_recent);
    }

    public void Unmap(ulong address, ulong size)
    {
        if (size == 0) return;
        var first = address & ~PageOffsetMask;
        var last = (address + size - 1) & ~PageOffsetMask;
        for (var page = first; ; page += PageSize)
        {
            _pages.Remove(page);
            if (page == last) break;
        }
        Array.Clear(_recent);
    }

    public Page? FindPage(ulong address)
    {
        var pageBase = address & ~PageOffsetMask;
        var slot = (int)(address >> PageShift) & (_recent.Length - 1);
        if (_recent[slot] is { } cached && cached.Base == pageBase) return cached;
        var page = _pages.GetValueOrDefault(pageBase);
        if (page is not null) _recent[slot] = page;
        return page;
    }

    public bool IsMapped(ulong address) => _pages.ContainsKey(address & ~PageOffsetMask);

    /// <summary>The page for an access, checking permissions; throws <see cref="MemoryFaultException"/>.</summary>
    public Page PageFor(ulong address, AccessKind kind) => PageFor(address, kind switch
    {
        AccessKind.Read => PagePermissions.Read,
        AccessKind.Write => PagePermissions.Write,
        _ => PagePermissions.Execute,
    }, kind);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Page PageFor(ulong address, PagePermissions needed, AccessKind kind)
    {
        var slot = (int)(address >> PageShift) & (_recent.Length - 1);
        var page = _recent[slot];
        if (page is null || page.Base != (address & ~PageOffsetMask)) page = FindPage(address) ?? throw new MemoryFaultException(address, kind, false);
        if ((page.Permissions & needed) == 0)
            throw new MemoryFaultException(address, kind, true);
        return page;
    }

    /// <summary>
    /// Writes bytes as a loader does, ignoring permissions and bypassing the caches: afterwards every observer,
    /// instruction fetch included, sees them (the kernel's image arrives clean, as booting.rst requires).
    /// </summary>
    public void Load(ulong address, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var page = FindPage(address) ?? throw new MemoryFaultException(address, AccessKind.Write, false);
            var offset = (int)(address & PageOffsetMask);
            var n = Math.Min(bytes.Length, PageSize - offset);
            bytes[..n].CopyTo(page.Data.AsSpan(offset));
            Coherence.Forget(address, n);
            bytes = bytes[n..];
            address += (ulong)n;
        }
    }

    /// <summary>Reads bytes for the host (a debugger's view), ignoring permissions.</summary>
    public void Peek(ulong address, Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            var page = FindPage(address) ?? throw new MemoryFaultException(address, AccessKind.Read, false);
            var offset = (int)(address & PageOffsetMask);
            var n = Math.Min(into.Length, PageSize - offset);
            page.Data.AsSpan(offset, n).CopyTo(into);
            into = into[n..];
            address += (ulong)n;
        }
    }

    public uint PeekWord(ulong address)
    {
        Span<byte> b = stackalloc byte[4];
        Peek(address, b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    public ulong Read(ulong address, int size)
    {
        var offset = (int)(address & PageOffsetMask);
        // Within one page, a direct load: the host is little-endian, like the guest.
        if (offset + size <= PageSize)
        {
            ref var at = ref PageFor(address, PagePermissions.Read, AccessKind.Read).Data[offset];
            return size switch
            {
                8 => Unsafe.ReadUnaligned<ulong>(ref at),
                4 => Unsafe.ReadUnaligned<uint>(ref at),
                2 => Unsafe.ReadUnaligned<ushort>(ref at),
                1 => at,
                _ => throw new ArgumentOutOfRangeException(nameof(size), size, "access size"),
            };
        }
        Span<byte> b = stackalloc byte[size];
        for (var i = 0; i < size; i++)
            b[i] = PageFor(address + (ulong)i, AccessKind.Read).Data[(int)((address + (ulong)i) & PageOffsetMask)];
        return ReadLittleEndian(b);
    }

    /// <summary>A store by <paramref name="cpu"/> (−1 for the host acting as a CPU-less agent).</summary>
    public void Write(ulong address, int size, ulong value, int cpu, ulong virtualTime)
    {
        var offset = (int)(address & PageOffsetMask);
        if (offset + size <= PageSize)
        {
            var page = PageFor(address, PagePermissions.Write, AccessKind.Write);
            if (!page.IsExecutable)
            {
                ref var at = ref page.Data[offset];
                switch (size)
                {
                    case 8: Unsafe.WriteUnaligned(ref at, value); return;
                    case 4: Unsafe.WriteUnaligned(ref at, (uint)value); return;
                    case 2: Unsafe.WriteUnaligned(ref at, (ushort)value); return;
                    case 1: at = (byte)value; return;
                }
            }
        }
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        for (var i = 0; i < size;)
        {
            var a = address + (ulong)i;
            var page = PageFor(a, AccessKind.Write);
            var o = (int)(a & PageOffsetMask);
            var n = Math.Min(size - i, PageSize - o);
            if (page.IsExecutable) Coherence.BeforeCodeWrite(page, o, n, b.Slice(i, n), cpu, virtualTime);
            b.Slice(i, n).CopyTo(page.Data.AsSpan(o));
            i += n;
        }
    }

    private static ulong ReadLittleEndian(ReadOnlySpan<byte> b) => b.Length switch
    {
        1 => b[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(b),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(b),
        8 => BinaryPrimitives.ReadUInt64LittleEndian(b),
        _ => throw new ArgumentOutOfRangeException(nameof(b), b.Length, "access size"),
    };
}
