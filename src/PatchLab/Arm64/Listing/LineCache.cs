using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using PatchLab.Elf;

namespace PatchLab.Arm64.Listing;

/// <summary>
/// Most instruction words recur (nop, ret, register moves, calls to the same function): the line after the
/// address is kept by a hash of the word and reused. A line with a PC-relative target is kept as the text before and
/// after the target, which is printed afresh for each address. Each slot is one 64-byte cache line holding the word,
/// the target's offset and the line's text; a word may sit in either of the two slots of its set, so a lookup
/// touches two adjacent lines of memory, which <see cref="Prefetch"/> can ask for early. A line too long for its
/// slot is not kept. Most words occur once: a new line replaces a slot not used since it was filled, so that the
/// lines in use stay. objdump pads a move of an immediate to a column before its comment: a line without a target
/// is kept without its longest run of spaces, which would not fit, and the spaces are put back when it is printed.
/// </summary>
internal sealed unsafe partial class LineCache
{
    private const int SetBits = 15;
    private const int Ways = 2;
    private const int SlotBytes = 64;
    private const int HeaderBytes = 16;
    private const int MaxText = SlotBytes - HeaderBytes;

    private const int Bytes = SlotBytes * Ways << SetBits;

    // The slots start at a huge page's boundary, and Linux is asked to back them with huge pages where it offers
    // them: lookups land anywhere in the 4 MiB, and with small pages most would also miss the TLB.
    private const int HugePage = 2 << 20;
    private readonly byte* _allocation = (byte*)NativeMemory.Alloc(Bytes + HugePage + SlotBytes);
    private readonly byte* _slots;

    /// <summary>
    /// A slot's header: its word, its text's length as kept (0: empty), the part before the target (0: none), whether
    /// it was used since it was filled, and the target's offset; without a target, where the run of spaces left out
    /// of the text goes, and how many (0: none).
    /// </summary>
    [StructLayout(LayoutKind.Explicit)]
    private struct Header
    {
        [FieldOffset(0)] public uint Word;
        [FieldOffset(4)] public byte Length;
        [FieldOffset(5)] public byte BeforeTarget;
        [FieldOffset(6)] public bool FromPage;
        [FieldOffset(7)] public bool Used;
        [FieldOffset(8)] public long Offset;
        [FieldOffset(8)] public byte SpacesAt;
        [FieldOffset(9)] public byte Spaces;
    }

    // A run of spaces left out of a kept line is put back in whole vector blocks of spaces.
    private const int MostSpaces = 64;
    private static readonly byte[] SpaceBlocks = [.. Enumerable.Repeat((byte)' ', MostSpaces)];

    public LineCache()
    {
        _slots = (byte*)(((nuint)_allocation + HugePage - 1) & ~(nuint)(HugePage - 1));
        if (OperatingSystem.IsLinux()) _ = Madvise(_slots, Bytes, AdviseHugePage);
        NativeMemory.Clear(_slots, Bytes);
    }

    private const int AdviseHugePage = 14;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

    ~LineCache() => NativeMemory.Free(_allocation);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte* SetOf(uint word) => _slots + ((word * 0x9E3779B1u) >> (32 - SetBits)) * (SlotBytes * Ways);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(uint word)
    {
        if (!Sse.IsSupported) return;
        var set = SetOf(word);
        Sse.Prefetch0(set);
        Sse.Prefetch0(set + SlotBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAppend(ListingText text, uint word, ulong address, ObjdumpSymbolizer symbolizer, ElfSection section)
    {
        var slot = SetOf(word);
        if (!Holds(slot, word))
        {
            slot += SlotBytes;
            if (!Holds(slot, word)) return false;
        }
        ref var header = ref Unsafe.AsRef<Header>(slot);
        header.Used = true;
        if (header.BeforeTarget == 0)
        {
            if (header.Spaces == 0)
            {
                AppendText(text, slot, header.Length);
                return true;
            }
            AppendText(text, slot, header.SpacesAt);
            text.AppendBlocks(ref SpaceBlocks[0], header.Spaces, MostSpaces / 16);
            text.AppendBlocks(ref Unsafe.AsRef<byte>(slot + HeaderBytes + header.SpacesAt), header.Length - header.SpacesAt, TextBlocks);
            return true;
        }
        AppendText(text, slot, header.BeforeTarget);
        symbolizer.AppendTarget(text, new PrintedTarget(0, 0, header.Offset, header.FromPage).At(address), section, null);
        // The text after the target is copied whole too: past the slot's end lies the next slot, or the spare bytes
        // after the last.
        text.AppendBlocks(ref Unsafe.AsRef<byte>(slot + HeaderBytes + header.BeforeTarget), header.Length - header.BeforeTarget, TextBlocks);
        return true;
    }

    private const int TextBlocks = MaxText / 16;

    /// <summary>Appends the first <paramref name="length"/> bytes of a slot's text, all of it copied in three vector moves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AppendText(ListingText text, byte* slot, int length) =>
        text.AppendBlocks(ref Unsafe.AsRef<byte>(slot + HeaderBytes), length, TextBlocks);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds(byte* slot, uint word)
    {
        ref var header = ref Unsafe.AsRef<Header>(slot);
        return header.Word == word && header.Length != 0;
    }

    /// <summary>Keeps a line: the text before its target (all of it, without one) and after it.</summary>
    public void Add(uint word, ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, PrintedTarget? target)
    {
        var (spacesAt, spaces) = (0, 0);
        if (before.Length + after.Length > MaxText)
        {
            if (target is not null) return;
            (spacesAt, spaces) = LongestSpaces(before);
            if (spaces > MostSpaces || before.Length - spaces > MaxText) return;
            after = before[(spacesAt + spaces)..];
            before = before[..spacesAt];
        }
        var slot = SetOf(word);
        ref var first = ref Unsafe.AsRef<Header>(slot);
        ref var second = ref Unsafe.AsRef<Header>(slot + SlotBytes);
        // Into a slot not used since it was filled; when both were, both start afresh.
        if (first.Used && !second.Used) slot += SlotBytes;
        else if (first.Used) first.Used = second.Used = false;
        ref var header = ref Unsafe.AsRef<Header>(slot);
        before.CopyTo(new Span<byte>(slot + HeaderBytes, MaxText));
        after.CopyTo(new Span<byte>(slot + HeaderBytes + before.Length, MaxText - before.Length));
        header = new Header
        {
            Word = word,
            Length = (byte)(before.Length + after.Length),
            BeforeTarget = target is null ? (byte)0 : (byte)before.Length,
            FromPage = target?.FromPage ?? false,
            Offset = target?.Offset ?? 0,
        };
        if (spaces > 0) (header.SpacesAt, header.Spaces) = ((byte)spacesAt, (byte)spaces);
    }

    /// <summary>Where the longest run of spaces in <paramref name="line"/> starts, and its length.</summary>
    private static (int At, int Length) LongestSpaces(ReadOnlySpan<byte> line)
    {
        var (at, length) = (0, 0);
        for (var i = line.IndexOf((byte)' '); i >= 0;)
        {
            var run = line[i..].IndexOfAnyExcept((byte)' ');
            if (run < 0) run = line.Length - i;
            if (run > length) (at, length) = (i, run);
            var next = line[(i + run)..].IndexOf((byte)' ');
            i = next < 0 ? -1 : i + run + next;
        }
        return (at, length);
    }
}
