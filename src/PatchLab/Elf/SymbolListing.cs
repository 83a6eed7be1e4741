using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace PatchLab.Elf;

/// <summary>
/// The symbol tables of an ELF file in the text of `readelf -sW` (binutils 2.40): a heading per SHT_SYMTAB or
/// SHT_DYNSYM section, then one line per entry. Built from the raw entries into a byte buffer, because a vmlinux
/// has 150,000 symbols and the listing is meant to be fast. Symbol versions (.gnu.version) are not printed.
/// </summary>
public static unsafe partial class SymbolListing
{
    private const byte OsAbiNone = 0, OsAbiGnu = 3, OsAbiFreeBsd = 9;
    private const byte AArch64VariantPcs = 0x80;

    /// <summary>
    /// Writes a name as binutils prints names (readelf and objdump alike): control characters in caret form, ^ and
    /// the letter (^? for DEL). <paramref name="to"/> has room for twice the name; returns the bytes written.
    /// </summary>
    public static int WritePrintable(ReadOnlySpan<byte> name, Span<byte> to)
    {
        var at = 0;
        foreach (var b in name)
        {
            if (b < 0x20 || b == 0x7f)
            {
                to[at++] = (byte)'^';
                to[at++] = (byte)(b == 0x7f ? '?' : b + 0x40);
            }
            else to[at++] = b;
        }
        return at;
    }

    private static readonly byte[] ColumnHeadings = "   Num:    Value          Size Type    Bind   Vis      Ndx Name\n"u8.ToArray();

    /// <summary>
    /// Room reserved before each line: the widest fixed columns (about 130 bytes) and a name copied in whole
    /// 16-byte blocks up to <see cref="NameBlocks"/> of them. A longer or unusual name takes the slow path.
    /// </summary>
    private const int LineRoom = 512;
    private const int NameBlocks = 12;
    private const int PrefetchDistance = 16;

    public static void Write(ElfFile file, Stream output)
    {
        var chunks = new List<Chunk>();
        foreach (var section in file.Sections)
        {
            if (section.Type is not (SectionType.SymTab or SectionType.DynSym)) continue;
            var table = file.GetSymbolTable(section);
            var heading = Encoding.UTF8.GetBytes($"\nSymbol table '{section.Name}' contains {table.Count} entries:\n");
            for (var from = 0; from == 0 || from < table.Count; from += ChunkSymbols)
                chunks.Add(new Chunk(table, from, Math.Min(from + ChunkSymbols, table.Count), from == 0 ? heading : null));
        }
        new ChunkWork(file, output).Run(chunks);
    }

    /// <summary>Lines [From, To) of a table, after the table's heading when From is 0.</summary>
    private sealed record Chunk(ElfSymbolTable Table, int From, int To, byte[]? Heading);

    private const int ChunkSymbols = 2048;

    private static void Format(ElfFile file, Chunk chunk, byte[]?[]?[] middleColumns, OutputBuffer buffer)
    {
        if (chunk.Heading is not null)
        {
            buffer.Append(chunk.Heading);
            buffer.Append(ColumnHeadings);
        }
        WriteEntries(file, chunk.Table, chunk.From, chunk.To, middleColumns, buffer);
    }

    /// <summary>
    /// Type, binding and visibility are a few combinations repeated 100,000 times: each is formatted once, in a
    /// table by st_other and st_info (st_other is nearly always 0: the inner tables are made when needed).
    /// </summary>
    private static byte[]?[]?[] NewMiddleColumns() => new byte[]?[]?[256];

    /// <summary>
    /// Lines [<paramref name="from"/>, <paramref name="to"/>) of a table, formatted with pointers into the mapping
    /// and the pinned buffer: this runs 150,000 times for a vmlinux. It is compiled fully optimized at its first
    /// call instead of taking its ReadyToRun form, which was 4x slower: ahead of time, the vector and span helpers of
    /// CoreLib cannot be inlined into another assembly. Multi-byte fields are read in the host's order, which is
    /// little-endian like the files.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteEntries(ElfFile file, ElfSymbolTable table, int from, int to, byte[]?[]?[] middleColumns, OutputBuffer buffer)
    {
        var reader = table.Reader();
        var strings = reader.StringTable;
        fixed (byte* firstEntry = reader.Entries)
        fixed (byte* stringTable = strings)
        {
            // A name is copied 16 bytes at a time while the block lies wholly inside the string table (compared as
            // offsets: the table may be shorter than a block, or empty with no address at all).
            long lastBlock = strings.Length - Vector128<byte>.Count;
            var indexColumn = 0UL;
            for (var index = from; index < to; index++)
            {
                var entry = firstEntry + index * ElfFile.SymbolSize;
                // The names lie in the string table in another order than the symbols: fetching one some lines ahead
                // hides most of the cache misses.
                if (Sse.IsSupported && index + PrefetchDistance < table.Count)
                    Sse.Prefetch0(stringTable + Unsafe.ReadUnaligned<uint>(entry + PrefetchDistance * ElfFile.SymbolSize));
                var p = buffer.Reserve(LineRoom);
                // "   Num: " is 8 bytes up to 999,999, and from one line to the next mostly only its last two digits change.
                var lastTwo = (uint)index % 100;
                if (lastTwo != 0 && index != from && index is > 100 and <= 999_999)
                {
                    indexColumn = indexColumn & ~(0xffffUL << 32) | (ulong)DigitPairs[lastTwo] << 32;
                    Unsafe.WriteUnaligned(p, indexColumn);
                    p += 8;
                }
                else
                {
                    var start = p;
                    p = Decimal(p, (uint)index, 6);
                    *p++ = (byte)':';
                    *p++ = (byte)' ';
                    indexColumn = Unsafe.ReadUnaligned<ulong>(start);
                }
                p = Hex16(p, Unsafe.ReadUnaligned<ulong>(entry + 8));
                *p++ = (byte)' ';
                var size = Unsafe.ReadUnaligned<ulong>(entry + 16);
                p = size <= 99999 ? Decimal(p, size, 5) : Hex(p, size);
                var middle = (middleColumns[entry[5]] ??= new byte[]?[256])[entry[4]] ??= MiddleColumns(file, entry[4], entry[5]);
                ref var text = ref MemoryMarshal.GetArrayDataReference(middle);
                for (var block = 0; block < middle.Length; block += Vector128<byte>.Count)
                    Vector128.LoadUnsafe(ref text, (nuint)block).Store(p + block);
                p += middle[^1];
                uint shndx = Unsafe.ReadUnaligned<ushort>(entry + 6);
                if (shndx == SpecialSection.ExtendedIndex) shndx = reader.SectionIndex(index);
                p = shndx is SpecialSection.Undefined or >= SpecialSection.LoReserve and <= 0xffff
                    ? SpecialSectionName(p, shndx)
                    : Decimal(p, shndx, 4);
                *p++ = (byte)' ';
                var nameEnd = CopyPlainName(p, stringTable, Unsafe.ReadUnaligned<uint>(entry), lastBlock);
                // A section symbol without a name is shown with its section's name.
                if (nameEnd == p && (SymbolType)(entry[4] & 0xf) == SymbolType.Section && shndx < file.Sections.Count)
                    nameEnd = null;
                if (nameEnd is null)
                {
                    buffer.Advance(p);
                    WriteName(file, reader, index, shndx, buffer);
                    continue;
                }
                *nameEnd++ = (byte)'\n';
                buffer.Advance(nameEnd);
            }
        }
    }

    /// <summary>
    /// Copies a NUL-terminated name of printable bytes whole blocks at a time (the last block's tail is written
    /// past the name and overwritten later); the end of the copy, or null when the name needs the slow path:
    /// near the end of the table, longer than <see cref="NameBlocks"/> blocks, or holding a control character.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* CopyPlainName(byte* into, byte* stringTable, long name, long lastBlock)
    {
        for (var block = 0; block < NameBlocks; block++, name += Vector128<byte>.Count, into += Vector128<byte>.Count)
        {
            if (name > lastBlock) return null;
            var bytes = Vector128.Load(stringTable + name);
            bytes.Store(into);
            var stops = (Vector128.LessThan(bytes, Vector128.Create((byte)0x20)) | Vector128.Equals(bytes, Vector128.Create((byte)0x7f)))
                .ExtractMostSignificantBits();
            if (stops == 0) continue;
            var length = BitOperations.TrailingZeroCount(stops);
            return stringTable[name + length] == 0 ? into + length : null;
        }
        return null;
    }

    /// <summary>The name and newline of a line whose name <see cref="CopyPlainName"/> left: checked, with control characters shown.</summary>
    private static void WriteName(ElfFile file, ElfSymbolTable.RawReader reader, int index, uint shndx, OutputBuffer buffer)
    {
        var name = reader.Name(index);
        if (name.IsEmpty && (SymbolType)(reader.Entry(index)[4] & 0xf) == SymbolType.Section && shndx < file.Sections.Count)
            buffer.AppendPrintable(Encoding.UTF8.GetBytes(file.Sections[(int)shndx].Name));
        else
            buffer.AppendPrintable(name);
        buffer.Append("\n"u8);
    }

    /// <summary>
    /// " TYPE    BIND   VIS     " and readelf's note on other st_other bits, up to the Ndx column; padded to whole
    /// 16-byte blocks, which are copied without a call, with the text's length in the last byte.
    /// </summary>
    private static byte[] MiddleColumns(ElfFile file, byte info, byte other)
    {
        var visibility = other & 3;
        var text = $" {TypeName(file, (SymbolType)(info & 0xf)),-7} {BindingName(file, info >> 4),-6} {VisibilityNames[visibility],-7}";
        if ((other ^ visibility) != 0)
            text += file.Machine == ElfMachine.AArch64 && (other ^ visibility) == AArch64VariantPcs
                ? " [VARIANT_PCS] "
                : $" [<other>: {other ^ visibility:x}] ";
        var bytes = Encoding.ASCII.GetBytes(text + " ");
        var padded = new byte[(bytes.Length / Vector128<byte>.Count + 1) * Vector128<byte>.Count];
        bytes.CopyTo(padded, 0);
        padded[^1] = (byte)bytes.Length;
        return padded;
    }

    private static string TypeName(ElfFile file, SymbolType type) => type switch
    {
        SymbolType.NoType => "NOTYPE",
        SymbolType.Object => "OBJECT",
        SymbolType.Func => "FUNC",
        SymbolType.Section => "SECTION",
        SymbolType.File => "FILE",
        SymbolType.Common => "COMMON",
        SymbolType.Tls => "TLS",
        SymbolType.GnuIFunc when GnuOsAbi(file) => "IFUNC",
        >= (SymbolType)10 and <= (SymbolType)12 => $"<OS specific>: {(int)type}",
        >= (SymbolType)13 => $"<processor specific>: {(int)type}",
        _ => $"<unknown>: {(int)type}",
    };

    private static string BindingName(ElfFile file, int binding) => binding switch
    {
        0 => "LOCAL",
        1 => "GLOBAL",
        2 => "WEAK",
        10 when GnuOsAbi(file) => "UNIQUE",
        >= 10 and <= 12 => $"<OS specific>: {binding}",
        >= 13 => $"<processor specific>: {binding}",
        _ => $"<unknown>: {binding}",
    };

    private static bool GnuOsAbi(ElfFile file) => file.OsAbi is OsAbiNone or OsAbiGnu or OsAbiFreeBsd;

    private static readonly string[] VisibilityNames = ["DEFAULT", "INTERNAL", "HIDDEN", "PROTECTED"];

    /// <summary>readelf's name for an st_shndx that is not a section (" UND", "PRC[0xff00]"), right-aligned in 4.</summary>
    private static byte* SpecialSectionName(byte* into, uint shndx)
    {
        var name = shndx switch
        {
            SpecialSection.Undefined => " UND"u8,
            SpecialSection.Absolute => " ABS"u8,
            SpecialSection.Common => " COM"u8,
            <= 0xff1f => Encoding.ASCII.GetBytes($"PRC[0x{shndx:x4}]"),
            <= 0xff3f => Encoding.ASCII.GetBytes($"OS [0x{shndx:x4}]"),
            _ => Encoding.ASCII.GetBytes($"RSV[0x{shndx:x4}]"),
        };
        name.CopyTo(new Span<byte>(into, name.Length));
        return into + name.Length;
    }

    /// <summary>"00".."99" as little-endian byte pairs.</summary>
    private static readonly ushort[] DigitPairs = MakeDigitPairs();

    /// <summary>A plain loop: LINQ here would be compiled at start-up, its generic code not being ahead of time.</summary>
    private static ushort[] MakeDigitPairs()
    {
        var pairs = new ushort[100];
        for (var n = 0; n < pairs.Length; n++) pairs[n] = (ushort)('0' + n / 10 | '0' + n % 10 << 8);
        return pairs;
    }

    /// <summary>Decimal, right-aligned in <paramref name="width"/> (at most 8) with spaces, wider if the value needs it; the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Decimal(byte* into, ulong value, int width)
    {
        var digits = 1;
        var rest = value;
        for (; rest >= 10000; rest /= 10000) digits += 4;
        digits += rest >= 1000 ? 3 : rest >= 100 ? 2 : rest >= 10 ? 1 : 0;
        var end = into + (digits > width ? digits : width);
        // The padding is written as one word; the digits overwrite what lies beyond it.
        Unsafe.WriteUnaligned(into, 0x2020_2020_2020_2020UL);
        // Two digits per division, from the right: the columns of 150,000 lines are mostly numbers.
        var at = end;
        for (; value >= 100; value /= 100)
        {
            at -= 2;
            Unsafe.WriteUnaligned(at, DigitPairs[(int)(value % 100)]);
        }
        if (value >= 10) Unsafe.WriteUnaligned(at - 2, DigitPairs[(int)value]);
        else at[-1] = (byte)('0' + value);
        return end;
    }

    /// <summary>16 lower-case hex digits; the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Hex16(byte* into, ulong value)
    {
        Unsafe.WriteUnaligned(into, HexDigits((uint)(value >> 32)));
        Unsafe.WriteUnaligned(into + 8, HexDigits((uint)value));
        return into + 16;
    }

    /// <summary>"0x" and as many lower-case hex digits as the value needs; the end.</summary>
    private static byte* Hex(byte* into, ulong value)
    {
        *into++ = (byte)'0';
        *into++ = (byte)'x';
        var digits = Math.Max(1, (64 - BitOperations.LeadingZeroCount(value) + 3) / 4);
        for (var i = digits - 1; i >= 0; i--, value >>= 4) into[i] = (byte)"0123456789abcdef"[(int)(value & 0xf)];
        return into + digits;
    }

    /// <summary>
    /// The 8 hex digits of a word as ASCII bytes, the most significant first in memory (little-endian): the
    /// nibbles are spread one per byte with shifts, then each becomes '0'..'9' or 'a'..'f' without a branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HexDigits(uint value)
    {
        var x = value >> 16 | (ulong)(value & 0xffff) << 32;
        x = (x >> 8 & 0x0000_00ff_0000_00ffUL) | (x & 0x0000_00ff_0000_00ffUL) << 16;
        x = (x >> 4 & 0x000f_000f_000f_000fUL) | (x & 0x000f_000f_000f_000fUL) << 8;
        var letters = (x + 0x0606_0606_0606_0606UL) >> 4 & 0x0101_0101_0101_0101UL;
        return x + 0x3030_3030_3030_3030UL + letters * ('a' - '0' - 10);
    }

    /// <summary>
    /// Bytes formatted through a pointer into a pinned buffer of 256 KB (fresh memory costs a page fault per 4 KB,
    /// so it is reused), which grows to hold a whole chunk until <see cref="WriteTo"/>.
    /// </summary>
    private sealed class OutputBuffer
    {
        private const int InitialCapacity = 1 << 18;
        private byte[] _buffer = null!;
        private byte* _start;
        private byte* _position;

        public OutputBuffer() => Use(GC.AllocateUninitializedArray<byte>(InitialCapacity, pinned: true));

        private void Use(byte[] buffer)
        {
            _buffer = buffer;
            _start = _position = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        }

        private int Length => (int)(_position - _start);

        /// <summary>Makes room for <paramref name="bytes"/> more; where to write them.</summary>
        public byte* Reserve(int bytes)
        {
            if (Length + bytes <= _buffer.Length) return _position;
            var length = Length;
            var larger = GC.AllocateUninitializedArray<byte>(Math.Max(2 * _buffer.Length, checked(length + bytes)), pinned: true);
            _buffer.AsSpan(0, length).CopyTo(larger);
            Use(larger);
            _position += length;
            return _position;
        }

        /// <summary>Takes what a caller wrote into reserved room, up to <paramref name="end"/>.</summary>
        public void Advance(byte* end) => _position = end;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(new Span<byte>(Reserve(bytes.Length), bytes.Length));
            _position += bytes.Length;
        }

        /// <summary>A name as readelf shows it (<see cref="WritePrintable"/>).</summary>
        public void AppendPrintable(ReadOnlySpan<byte> name)
        {
            while (!name.IsEmpty)
            {
                var piece = name[..Math.Min(name.Length, 4096)];
                _position += WritePrintable(piece, new Span<byte>(Reserve(2 * piece.Length), 2 * piece.Length));
                name = name[piece.Length..];
            }
        }

        /// <summary>Writes what the buffer holds and empties it.</summary>
        public void WriteTo(Stream output)
        {
            output.Write(_buffer, 0, Length);
            _position = _start;
        }
    }
}
