using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PatchLab.Arm64;

namespace PatchLab.Elf;

/// <summary>
/// Disassembles the code sections of an AArch64 ELF file into exactly the text <c>objdump -d</c> prints: one block
/// per symbol, data under <c>$d</c> mapping symbols as <c>.word</c>/<c>.short</c>/<c>.byte</c>, objects as hex and
/// ASCII, runs of zeros as <c>...</c>.
/// </summary>
public sealed class DisassemblyListing
{
    // objdump prints "..." for at least this many zero bytes, or for fewer than SkipZeroesAtEnd at a block's end.
    private const int SkipZeroes = 8;
    private const int SkipZeroesAtEnd = 3;
    private const int OctetsPerLine = 4;
    private const int ObjectOctetsPerLine = 16;
    private const int FlushThreshold = 1 << 16;

    private readonly ElfFile _file;
    private readonly ObjdumpSymbolTable _symbols;
    private readonly ObjdumpSymbolizer _symbolizer;
    private readonly Disassembler _disassembler;
    private readonly bool _relocatable;

    public DisassemblyListing(ElfFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Machine != ElfMachine.AArch64)
            throw new UserInputException($"{file.Name}: not an AArch64 file (ELF machine {file.Machine})");
        _file = file;
        _relocatable = file.Type == ElfFileType.Relocatable;
        _symbols = new ObjdumpSymbolTable(file);
        _symbolizer = new ObjdumpSymbolizer(_symbols, file);
        _disassembler = new Disassembler(_symbolizer);
    }

    /// <summary>objdump's name for the file's format.</summary>
    public const string FormatName = "elf64-littleaarch64";

    /// <summary>
    /// Writes the listing. <paramref name="sectionNames"/> restricts it to those sections (objdump's <c>-j</c>); a
    /// name the file lacks is a <see cref="UserInputException"/>.
    /// </summary>
    public void Write(TextWriter output, IReadOnlyCollection<string>? sectionNames = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (sectionNames is { Count: > 0 })
            foreach (var name in sectionNames)
                if (_file.FindSection(name) is null)
                    throw new UserInputException($"{_file.Name}: no section named '{name}'");
        var sb = new StringBuilder();
        sb.Append('\n').Append(_file.Name).Append(":     file format ").Append(FormatName).Append("\n\n");
        output.Write(sb);
        foreach (var section in _file.Sections)
        {
            // Like objdump -d: every code section, or every named section (code or not) when names are given.
            var named = sectionNames is { Count: > 0 };
            if (named ? !sectionNames!.Contains(section.Name) : (section.Flags & SectionFlags.ExecInstr) == 0) continue;
            if (section.Type is SectionType.NoBits or SectionType.Null || section.Size == 0) continue;
            sb.Clear();
            WriteSection(output, sb, section);
            output.Write(sb);
        }
    }

    private void WriteSection(TextWriter output, StringBuilder sb, ElfSection section)
    {
        sb.Append("\nDisassembly of section ").Append(section.Name).Append(":\n");
        var data = _file.GetSpan(section);
        var relocations = SectionRelocations(section);
        _symbolizer.Section = section;
        var addressChars = AddressCharsSkipped(section);
        var stop = section.Size;
        ulong offset = 0;
        var place = _symbols.Find(section.Address, section, requireSection: true, _relocatable);
        var relocationIndex = 0;
        while (offset < stop)
        {
            var address = section.Address + offset;
            var symbol = place >= 0 ? _symbols.Sorted[place] : null;
            sb.Append('\n');
            _symbolizer.AppendLabel(sb, address, place, section, fullWidth: true);
            sb.Append(":\n");

            int next;
            if (symbol is null) next = -1;
            else if (symbol.Value > address) next = place;
            else
            {
                next = place;
                while (next < _symbols.Count && !IsNextBlockSymbol(_symbols.Sorted[next], symbol, section)) next++;
                if (next >= _symbols.Count) next = -1;
            }
            var nextStop = symbol is not null && symbol.Value > address ? symbol.Value - section.Address
                : next < 0 ? stop
                : _symbols.Sorted[next].Value - section.Address;
            if (nextStop > stop || nextStop <= offset) nextStop = stop;

            var insns = symbol is null || symbol.SectionIndex != section.Index || symbol.Value > address
                || !symbol.IsObject || symbol.IsFunction
                || symbol.Name.Contains("gnu_compiled", StringComparison.Ordinal)
                || symbol.Name.Contains("gcc2_compiled", StringComparison.Ordinal);
            WriteBlock(sb, section, data, offset, nextStop, insns, addressChars, relocations, ref relocationIndex);
            // A kernel's text is hundreds of megabytes of listing: hand it over block by block.
            if (sb.Length > FlushThreshold)
            {
                output.Write(sb);
                sb.Clear();
            }
            offset = nextStop;
            place = next;
        }
    }

    /// <summary>The symbol that starts the next block: later, in a section of the same name, not a mapping symbol.</summary>
    private bool IsNextBlockSymbol(ListingSymbol candidate, ListingSymbol current, ElfSection section) =>
        candidate.Value > current.Value && !candidate.IsMapping
        && candidate.SectionIndex < (uint)_file.Sections.Count && _file.Sections[(int)candidate.SectionIndex].Name == section.Name;

    private void WriteBlock(StringBuilder sb, ElfSection section, ReadOnlySpan<byte> data, ulong start, ulong stop, bool insns,
        int addressChars, List<ElfRelocation> relocations, ref int relocationIndex)
    {
        var offset = start;
        while (offset < stop)
        {
            var z = offset;
            while (z < stop && data[(int)z] == 0) z++;
            var zeros = z - offset;
            if (zeros >= SkipZeroes || (z == stop && zeros < SkipZeroesAtEnd))
            {
                if (z != stop) z = offset + (zeros & ~3UL);
                sb.Append("\t...\n");
                offset = z;
                continue;
            }
            var address = section.Address + offset;
            AppendAddress(sb, address, addressChars);
            if (!insns)
            {
                var length = (int)Math.Min(ObjectOctetsPerLine, stop - offset);
                AppendObjectLine(sb, data.Slice((int)offset, length));
                offset += (ulong)length;
                continue;
            }
            var (size, isData) = UnitAt(section, offset);
            if (offset + (ulong)size > (ulong)data.Length)
            {
                sb.Append("Address 0x");
                InstructionWriter.AppendHex(sb, address);
                sb.Append(" is out of bounds.\n\n");
                return;
            }
            var bytes = data.Slice((int)offset, size);
            AppendBytes(sb, bytes, size, OctetsPerLine);
            sb.Append('\t');
            if (isData) AppendData(sb, bytes);
            else
            {
                while (relocationIndex < relocations.Count && relocations[relocationIndex].Offset < offset) relocationIndex++;
                var relocated = relocationIndex < relocations.Count && relocations[relocationIndex].Offset == offset;
                _symbolizer.Relocation = relocated ? relocations[relocationIndex] : null;
                // objdump takes an instruction with a relocation to sit at 0: its field holds only the addend.
                _disassembler.Append(sb, BinaryPrimitives.ReadUInt32LittleEndian(bytes), relocated ? 0 : address);
                _symbolizer.Relocation = null;
            }
            sb.Append('\n');
            offset += (ulong)size;
        }
    }

    /// <summary>
    /// Code or data at an offset, from the last mapping symbol (or function symbol) of the section at or before
    /// it, else from the section's flags; data comes in the largest aligned unit that ends before the next symbol of any kind.
    /// </summary>
    private (int Size, bool IsData) UnitAt(ElfSection section, ulong offset)
    {
        var pc = section.Address + offset;
        var above = _symbols.FirstAbove(pc);
        // Without a mapping symbol, code sections hold code and other sections data.
        var isData = (section.Flags & SectionFlags.ExecInstr) == 0;
        for (var i = above - 1; i >= 0; i--)
        {
            var s = _symbols.Sorted[i];
            if (s.SectionIndex != section.Index) continue;
            if (s.IsFunction || s.IsMapping)
            {
                isData = s.IsMapping && s.Name[1] == 'd';
                break;
            }
        }
        if (!isData) return (4, false);
        var size = 4 - (int)(pc & 3);
        if (above < _symbols.Count && _symbols.Sorted[above].Value - pc < (ulong)size)
            size = (int)(_symbols.Sorted[above].Value - pc);
        if (size == 3) size = (pc & 1) != 0 ? 1 : 2;
        return (size, true);
    }

    private static void AppendData(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        var (directive, value) = bytes.Length switch
        {
            4 => (".word", BinaryPrimitives.ReadUInt32LittleEndian(bytes)),
            2 => (".short", (uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes)),
            _ => (".byte", (uint)bytes[0]),
        };
        sb.Append(directive).Append("\t0x").Append(value.ToString("x" + (bytes.Length * 2), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The bytes in chunks, each a little-endian number, then blank space for the rest of the line. A last partial
    /// chunk (the end of an object) is not shown in hex, only as a space, as objdump does.
    /// </summary>
    private static void AppendBytes(StringBuilder sb, ReadOnlySpan<byte> bytes, int chunk, int octetsPerLine)
    {
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            if (at + chunk > bytes.Length)
            {
                sb.Append(' ');
                break;
            }
            for (var k = at + chunk - 1; k >= at; k--)
                sb.Append(bytes[k].ToString("x2", CultureInfo.InvariantCulture));
            sb.Append(' ');
        }
        for (var pad = bytes.Length; pad < octetsPerLine; pad += chunk)
            sb.Append(' ', 2 * chunk + 1);
    }

    private static void AppendObjectLine(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        AppendBytes(sb, bytes, 4, ObjectOctetsPerLine);
        sb.Append("    ");
        foreach (var b in bytes)
            sb.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        sb.Append('\n');
    }

    /// <summary>objdump drops the leading zeros every address in the section shares, in groups of four.</summary>
    private static int AddressCharsSkipped(ElfSection section)
    {
        var last = (section.Address + section.Size).ToString("x16", CultureInfo.InvariantCulture);
        var skip = 0;
        while (skip < last.Length && last[skip] == '0') skip++;
        if (skip == last.Length && section.Address != 0) skip = 0;
        return skip == 0 ? 0 : (skip - 1) & ~3;
    }

    private static void AppendAddress(StringBuilder sb, ulong address, int skip)
    {
        var text = address.ToString("x16", CultureInfo.InvariantCulture).AsSpan(skip);
        var zeros = 0;
        while (zeros < text.Length - 1 && text[zeros] == '0') zeros++;
        sb.Append(' ', zeros).Append(text[zeros..]).Append(":\t");
    }

    private List<ElfRelocation> SectionRelocations(ElfSection section)
    {
        var list = new List<ElfRelocation>();
        if (!_relocatable) return list;
        foreach (var r in _file.RelocationSectionsFor(section))
            list.AddRange(_file.GetRelocations(r));
        return [.. list.OrderBy(r => r.Offset)];
    }
}
