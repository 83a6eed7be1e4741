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

        w.Reserve(160);
        w.PadDecimal((ulong)index, 6);
        w.Append(": "u8);
        w.Hex(ElfFile.U64(e, 8), 16);
        w.Append(' ');
        if (size <= 99999) w.PadDecimal(size, 5);
        else
        {
            w.Append("0x"u8);
            w.Hex(size, 0);
        }
        var infoAndOther = ElfFile.U16(e, 4);
        w.Append(middleColumns[infoAndOther] ??= MiddleColumns(file, e[4], e[5]));
        if (shndx is SpecialSection.Undefined or >= SpecialSection.LoReserve and <= 0xffff)
            w.PadRight(SpecialSectionName(shndx), 4);
        else
            w.PadDecimal(shndx, 4);
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

    /// <summary>"00".."ff" as little-endian byte pairs.</summary>
    private static readonly ushort[] HexPairs = [.. Enumerable.Range(0, 256).Select(b => (ushort)("0123456789abcdef"[b >> 4] | "0123456789abcdef"[b & 15] << 8))];

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
            if (name.IndexOfAnyInRange((byte)0, (byte)0x1f) < 0 && name.IndexOf((byte)0x7f) < 0)
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

        /// <summary>A column value, padded with spaces to <paramref name="width"/>.</summary>
        public void PadRight(ReadOnlySpan<byte> text, int width)
        {
            Append(text);
            for (var i = text.Length; i < width; i++) Append(' ');
        }

        /// <summary>Decimal, right-aligned in <paramref name="width"/> with spaces (wider if the value needs it).</summary>
        public void PadDecimal(ulong value, int width)
        {
            var digits = 1;
            for (var v = value; v >= 10; v /= 10) digits++;
            var end = _length + Math.Max(width, digits);
            for (var i = _length; i < end - digits; i++) _buffer[i] = (byte)' ';
            for (var i = end - 1; i >= end - digits; i--, value /= 10) _buffer[i] = (byte)('0' + value % 10);
            _length = end;
        }

        /// <summary>Lower-case hex, zero-padded to <paramref name="digits"/> (0: as many as the value needs).</summary>
        public void Hex(ulong value, int digits)
        {
            if (digits == 0) digits = Math.Max(1, (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 3) / 4);
            var i = _length + digits;
            for (; i - 2 >= _length; i -= 2, value >>= 8)
                BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(i - 2), HexPairs[(int)(value & 0xff)]);
            if (i > _length) _buffer[_length] = (byte)"0123456789abcdef"[(int)(value & 0xf)];
            _length += digits;
        }

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
