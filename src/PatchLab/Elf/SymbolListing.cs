using System.Buffers.Binary;
using System.Text;

namespace PatchLab.Elf;

/// <summary>
/// The symbol tables of an ELF file in the text of `readelf -sW` (binutils 2.40): a heading per SHT_SYMTAB or
/// SHT_DYNSYM section, then one line per entry. Built from the raw entries into a byte buffer, because a vmlinux
/// has 150,000 symbols and the listing is meant to be fast. Symbol versions (.gnu.version) are not printed.
/// </summary>
public static class SymbolListing
{
    private const byte OsAbiNone = 0, OsAbiGnu = 3, OsAbiFreeBsd = 9;
    private const byte AArch64VariantPcs = 0x80;

    private static readonly byte[] ColumnHeadings = "   Num:    Value          Size Type    Bind   Vis      Ndx Name\n"u8.ToArray();

    public static void Write(ElfFile file, Stream output)
    {
        var writer = new LineBuffer(output);
        // Type, binding and visibility are a few combinations repeated 100,000 times: each is formatted once.
        var middleColumns = new byte[]?[1 << 16];
        foreach (var section in file.Sections)
        {
            if (section.Type is not (SectionType.SymTab or SectionType.DynSym)) continue;
            var table = file.GetSymbolTable(section);
            writer.Append($"\nSymbol table '{section.Name}' contains {table.Count} entries:\n");
            writer.Append(ColumnHeadings);
            var reader = table.Reader();
            for (var i = 0; i < table.Count; i++)
                WriteEntry(file, reader, i, middleColumns, ref writer);
        }
        writer.Flush();
    }

    private static void WriteEntry(ElfFile file, ElfSymbolTable.RawReader table, int index, byte[]?[] middleColumns, ref LineBuffer w)
    {
        var e = table.Entry(index);
        var size = ElfFile.U64(e, 16);
        var shndx = table.SectionIndex(index);

        // The fixed columns are formatted straight into the buffer with a local position: this runs 150,000 times.
        w.Reserve(160);
        var line = w.Free;
        var p = Decimal(line, (ulong)index, 6);
        line[p++] = (byte)':';
        line[p++] = (byte)' ';
        p += Hex(line[p..], ElfFile.U64(e, 8), 16);
        line[p++] = (byte)' ';
        if (size <= 99999) p += Decimal(line[p..], size, 5);
        else
        {
            line[p++] = (byte)'0';
            line[p++] = (byte)'x';
            p += Hex(line[p..], size, 0);
        }
        var middle = middleColumns[ElfFile.U16(e, 4)] ??= MiddleColumns(file, e[4], e[5]);
        middle.CopyTo(line[p..]);
        p += middle.Length;
        if (shndx is SpecialSection.Undefined or >= SpecialSection.LoReserve and <= 0xffff)
        {
            var special = SpecialSectionName(shndx);
            special.CopyTo(line[p..]);
            p += special.Length;
            for (var i = special.Length; i < 4; i++) line[p++] = (byte)' ';
        }
        else p += Decimal(line[p..], shndx, 4);
        w.Advance(p);
        w.Append(' ');
        var name = table.Name(index);
        if (name.IsEmpty && (SymbolType)(e[4] & 0xf) == SymbolType.Section && shndx < file.Sections.Count)
            w.AppendPrintable(Encoding.UTF8.GetBytes(file.Sections[(int)shndx].Name));
        else
            w.AppendPrintable(name);
        w.Reserve(1);
        w.Append('\n');
    }

    /// <summary>" TYPE    BIND   VIS     " and readelf's note on other st_other bits, up to the Ndx column.</summary>
    private static byte[] MiddleColumns(ElfFile file, byte info, byte other)
    {
        var visibility = other & 3;
        var text = $" {TypeName(file, (SymbolType)(info & 0xf)),-7} {BindingName(file, info >> 4),-6} {VisibilityNames[visibility],-7}";
        if ((other ^ visibility) != 0)
            text += file.Machine == ElfMachine.AArch64 && (other ^ visibility) == AArch64VariantPcs
                ? " [VARIANT_PCS] "
                : $" [<other>: {other ^ visibility:x}] ";
        return Encoding.ASCII.GetBytes(text + " ");
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
    private static ReadOnlySpan<byte> SpecialSectionName(uint shndx) => shndx switch
    {
        SpecialSection.Undefined => " UND"u8,
        SpecialSection.Absolute => " ABS"u8,
        SpecialSection.Common => " COM"u8,
        <= 0xff1f => Encoding.ASCII.GetBytes($"PRC[0x{shndx:x4}]"),
        <= 0xff3f => Encoding.ASCII.GetBytes($"OS [0x{shndx:x4}]"),
        _ => Encoding.ASCII.GetBytes($"RSV[0x{shndx:x4}]"),
    };

    private static readonly System.Buffers.SearchValues<byte> Unprintable =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), 0x7f]);

    /// <summary>"00".."99" as little-endian byte pairs.</summary>
    private static readonly ushort[] DigitPairs = [.. Enumerable.Range(0, 100).Select(n => (ushort)('0' + n / 10 | '0' + n % 10 << 8))];

    /// <summary>"00".."ff" as little-endian byte pairs.</summary>
    private static readonly ushort[] HexPairs = [.. Enumerable.Range(0, 256).Select(b => (ushort)("0123456789abcdef"[b >> 4] | "0123456789abcdef"[b & 15] << 8))];

    /// <summary>Decimal, right-aligned in <paramref name="width"/> with spaces (wider if the value needs it); the length.</summary>
    private static int Decimal(Span<byte> into, ulong value, int width)
    {
        var digits = 1;
        var rest = value;
        for (; rest >= 10000; rest /= 10000) digits += 4;
        digits += rest >= 1000 ? 3 : rest >= 100 ? 2 : rest >= 10 ? 1 : 0;
        var length = Math.Max(width, digits);
        into[..(length - digits)].Fill((byte)' ');
        // Two digits per division, from the right: the columns of 150,000 lines are mostly numbers.
        var at = length;
        for (; value >= 100; value /= 100)
        {
            at -= 2;
            BinaryPrimitives.WriteUInt16LittleEndian(into[at..], DigitPairs[(int)(value % 100)]);
        }
        if (value >= 10) BinaryPrimitives.WriteUInt16LittleEndian(into[(at - 2)..], DigitPairs[(int)value]);
        else into[at - 1] = (byte)('0' + value);
        return length;
    }

    /// <summary>Lower-case hex, zero-padded to <paramref name="digits"/> (0: as many as the value needs); the length.</summary>
    private static int Hex(Span<byte> into, ulong value, int digits)
    {
        if (digits == 0) digits = Math.Max(1, (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 3) / 4);
        var i = digits;
        for (; i >= 2; i -= 2, value >>= 8) BinaryPrimitives.WriteUInt16LittleEndian(into[(i - 2)..], HexPairs[(int)(value & 0xff)]);
        if (i == 1) into[0] = (byte)"0123456789abcdef"[(int)(value & 0xf)];
        return digits;
    }

    /// <summary>ASCII text gathered in a large buffer and written to the stream when full.</summary>
    private struct LineBuffer(Stream output)
    {
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _length;

        /// <summary>Appends into room a <see cref="Reserve"/> made.</summary>
        public void Append(char c) => _buffer[_length++] = (byte)c;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            while (!bytes.IsEmpty)
            {
                Reserve(Math.Min(bytes.Length, _buffer.Length));
                var n = Math.Min(bytes.Length, _buffer.Length - _length);
                bytes[..n].CopyTo(_buffer.AsSpan(_length));
                _length += n;
                bytes = bytes[n..];
            }
        }

        public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

        /// <summary>Control characters as readelf shows them: ^ and the letter (^? for DEL).</summary>
        public void AppendPrintable(ReadOnlySpan<byte> name)
        {
            if (name.IndexOfAny(Unprintable) < 0)
            {
                Append(name);
                return;
            }
            foreach (var b in name)
            {
                Reserve(2);
                if (b < 0x20 || b == 0x7f)
                {
                    _buffer[_length++] = (byte)'^';
                    _buffer[_length++] = (byte)(b == 0x7f ? '?' : b + 0x40);
                }
                else _buffer[_length++] = b;
            }
        }

        /// <summary>The room after what is written, for a caller that writes there and then calls <see cref="Advance"/>.</summary>
        public readonly Span<byte> Free => _buffer.AsSpan(_length);

        public void Advance(int bytes) => _length += bytes;

        /// <summary>Makes room for <paramref name="bytes"/> more, flushing when the buffer is full.</summary>
        public void Reserve(int bytes)
        {
            if (_length + bytes <= _buffer.Length) return;
            Flush();
        }

        public void Flush()
        {
            output.Write(_buffer, 0, _length);
            _length = 0;
        }
    }
}
