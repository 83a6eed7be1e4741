using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using PatchLab.Elf;

namespace PatchLab.Arm64.Listing;

public sealed partial class DisassemblyListing
{
    /// <summary>One thread's printer: its own disassembler, line cache and scratch space.</summary>
    private sealed class BlockWriter
    {
        // How far ahead (bytes) the cached line of a word is fetched: a few lines of printing hide a miss.
        private const int PrefetchAhead = 16;

        private readonly DisassemblyListing _listing;
        private readonly ObjdumpSymbolTable _symbols;
        private readonly ObjdumpSymbolizer _symbolizer;
        private readonly Disassembler _disassembler = new(TargetLeftOut.Instance);
        private readonly StringBuilder _instruction = new();
        private char[] _chars = new char[256];
        private readonly LineCache _lines = new();
        private readonly TargetTemplates _templates = new();

        // The last address printed, as printed ("ffff800080010000:\t"), with what it was printed for: the next line's
        // address differs in its last four digits only, unless it crosses 64 KiB.
        private readonly byte[] _address = new byte[32];
        private ulong _addressHigh = ulong.MaxValue;
        private int _addressSkip = -1;

        // UnitAt's answer only changes when the address leaves the span between two symbols: remembered until then.
        private int _unitAbove;
        private ulong _unitFrom = 1, _unitUpTo;
        private bool _unitIsData;

        public BlockWriter(DisassemblyListing listing)
        {
            _listing = listing;
            _symbols = listing._symbols;
            _symbolizer = new ObjdumpSymbolizer(_symbols, listing._file);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write(ListingText text, Chunk chunk)
        {
            var (section, relocations) = (chunk.Section, chunk.Relocations);
            if (chunk.First)
            {
                text.Append("\nDisassembly of section "u8);
                text.Append(section.Name);
                text.Append(":\n"u8);
            }
            var data = chunk.Data.Span;
            (_unitFrom, _unitUpTo) = (1, 0);
            var relocationIndex = FirstRelocationAtOrAfter(relocations, chunk.Blocks[0].Start);
            foreach (var block in chunk.Blocks)
            {
                text.Append((byte)'\n');
                _symbolizer.AppendLabel(text, section.Address + block.Start, block.Place, section, fullWidth: true);
                text.Append(":\n"u8);
                WriteBlock(text, section, data, block.Start, block.Stop, block.Instructions, chunk.AddressChars, relocations,
                    ref relocationIndex);
            }
        }

        private static int FirstRelocationAtOrAfter(List<ElfRelocation> relocations, ulong offset)
        {
            int lo = 0, hi = relocations.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (relocations[mid].Offset < offset) lo = mid + 1;
                else hi = mid;
            }
            return lo;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WriteBlock(ListingText text, ElfSection section, ReadOnlySpan<byte> data, ulong start, ulong stop, bool insns,
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
                    text.Append("\t...\n"u8);
                    offset = z;
                    continue;
                }
                var address = section.Address + offset;
                AppendAddress(text, address, addressChars);
                if (!insns)
                {
                    var length = (int)Math.Min(ObjectOctetsPerLine, stop - offset);
                    AppendObjectLine(text, data.Slice((int)offset, length));
                    offset += (ulong)length;
                    continue;
                }
                var (size, isData) = UnitAt(section, offset);
                if (offset + (ulong)size > (ulong)data.Length)
                {
                    text.Append("Address 0x"u8);
                    text.AppendHex(address);
                    text.Append(" is out of bounds.\n\n"u8);
                    return;
                }
                var bytes = data.Slice((int)offset, size);
                offset += (ulong)size;
                if (isData)
                {
                    AppendBytes(text, bytes, size, OctetsPerLine);
                    text.Append((byte)'\t');
                    AppendData(text, bytes);
                    text.Append((byte)'\n');
                    continue;
                }
                var word = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                // The next word's cached line is fetched from memory while this one is printed.
                if (offset + PrefetchAhead <= (ulong)data.Length) _lines.Prefetch(BinaryPrimitives.ReadUInt32LittleEndian(data[(int)(offset + PrefetchAhead - 4)..]));
                var at = offset - (ulong)size;
                while (relocationIndex < relocations.Count && relocations[relocationIndex].Offset < at) relocationIndex++;
                var relocated = relocationIndex < relocations.Count && relocations[relocationIndex].Offset == at;
                if (relocated)
                {
                    WriteInstruction(text, section, word, address, relocations[relocationIndex], null);
                    continue;
                }
                if (_lines.TryAppend(text, word, address, _symbolizer, section)) continue;
                var encoding = Decoder.FindEncoding(word);
                if (encoding?.VariableTarget is { } variable && _templates.TryAppend(text, word, encoding, variable, address, _symbolizer, section))
                    continue;
                WriteInstruction(text, section, word, address, null, encoding);
            }
        }

        /// <summary>
        /// A line the caches do not hold: disassembled, printed, and kept for the next time the word (or, for a
        /// <paramref name="encoding"/> with a variable target, its template) comes. objdump takes an instruction with a
        /// relocation to sit at 0 (its field holds only the addend), and such a line is not kept.
        /// </summary>
        private void WriteInstruction(ListingText text, ElfSection section, uint word, ulong address, ElfRelocation? relocation,
            Encoding? encoding)
        {
            if (relocation is not null) address = 0;
            _instruction.Clear();
            _disassembler.Append(_instruction, word, address);
            if (_chars.Length < _instruction.Length) _chars = new char[_instruction.Length * 2];
            var chars = _chars.AsSpan(0, _instruction.Length);
            _instruction.CopyTo(0, chars, chars.Length);
            var lineStart = text.Length;
            text.AppendHex(word, 8);
            text.Append(" \t"u8);
            if (_disassembler.LastTarget is not { } target)
            {
                text.Append(chars);
                text.Append((byte)'\n');
                if (relocation is null) _lines.Add(word, text.Bytes[lineStart..], [], null);
                return;
            }
            text.Append(chars[..target.Start]);
            var beforeEnd = text.Length;
            _symbolizer.AppendTarget(text, target.At(address), section, relocation);
            var afterStart = text.Length;
            text.Append(chars[target.End..]);
            text.Append((byte)'\n');
            if (relocation is null)
            {
                // A word whose text varies only in its target is kept as a template: the word itself seldom recurs.
                if (encoding?.VariableTarget is { } variable)
                    _templates.Add(word, encoding, variable, text.Bytes[(lineStart + 8)..beforeEnd], text.Bytes[afterStart..]);
                else _lines.Add(word, text.Bytes[lineStart..beforeEnd], text.Bytes[afterStart..], target);
            }
        }

        /// <summary>An instruction's or data's address, as <see cref="FormatAddress"/> prints it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AppendAddress(ListingText text, ulong address, int skip)
        {
            var length = 16 - skip + 2;
            // Above 64 KiB every digit is shown, so an address with the same upper digits differs in the last four.
            if (address >> 16 != _addressHigh || skip != _addressSkip || _addressHigh == 0)
            {
                FormatAddress(_address, address, skip);
                (_addressHigh, _addressSkip) = (address >> 16, skip);
            }
            else ListingText.WriteHex(_address.AsSpan(length - 6), address & 0xffff, 4);
            text.AppendBlocks(ref _address[0], length, _address.Length / 16);
        }

        /// <summary>
        /// Code or data at an offset, from the last mapping symbol (or function symbol) of the section at or before
        /// it, else from the section's flags; data comes in the largest aligned unit that ends before the next symbol
        /// of any kind.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private (int Size, bool IsData) UnitAt(ElfSection section, ulong offset)
        {
            var pc = section.Address + offset;
            if (pc < _unitFrom || pc >= _unitUpTo)
            {
                _unitAbove = _symbols.FirstAbove(pc);
                _unitFrom = _unitAbove > 0 ? _symbols.ValueAt(_unitAbove - 1) : 0;
                _unitUpTo = _unitAbove < _symbols.Count ? _symbols.ValueAt(_unitAbove) : ulong.MaxValue;
                _unitIsData = _listing.IsDataBelow(section, _unitAbove);
            }
            var above = _unitAbove;
            if (!_unitIsData) return (4, false);
            var size = 4 - (int)(pc & 3);
            if (above < _symbols.Count && _symbols.ValueAt(above) - pc < (ulong)size)
                size = (int)(_symbols.ValueAt(above) - pc);
            if (size == 3) size = (pc & 1) != 0 ? 1 : 2;
            return (size, true);
        }
    }

    /// <summary>
    /// The address in hex without the <paramref name="skip"/>ped leading characters, its remaining leading zeros as
    /// spaces, then a colon and a tab.
    /// </summary>
    private static void FormatAddress(Span<byte> to, ulong address, int skip)
    {
        var digits = 16 - skip;
        var blank = digits - ListingText.HexDigits(address);
        if (blank > 0)
        {
            to[..blank].Fill((byte)' ');
            ListingText.WriteHex(to[blank..], address, digits - blank);
        }
        else ListingText.WriteHex(to, address, digits);
        to[digits] = (byte)':';
        to[digits + 1] = (byte)'\t';
    }

    private static void AppendData(ListingText text, ReadOnlySpan<byte> bytes)
    {
        text.Append(bytes.Length switch { 4 => ".word\t0x"u8, 2 => ".short\t0x"u8, _ => ".byte\t0x"u8 });
        for (var k = bytes.Length - 1; k >= 0; k--) text.AppendHex(bytes[k], 2);
    }

    /// <summary>
    /// The bytes in chunks, each a little-endian number, then blank space for the rest of the line. A last partial
    /// chunk (the end of an object) is not shown in hex, only as a space, as objdump does.
    /// </summary>
    private static void AppendBytes(ListingText text, ReadOnlySpan<byte> bytes, int chunk, int octetsPerLine)
    {
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            if (at + chunk > bytes.Length)
            {
                text.Append((byte)' ');
                break;
            }
            for (var k = at + chunk - 1; k >= at; k--) text.AppendHex(bytes[k], 2);
            text.Append((byte)' ');
        }
        for (var pad = bytes.Length; pad < octetsPerLine; pad += chunk)
        {
            text.Room(2 * chunk + 1)[..(2 * chunk + 1)].Fill((byte)' ');
            text.Advance(2 * chunk + 1);
        }
    }

    private static void AppendObjectLine(ListingText text, ReadOnlySpan<byte> bytes)
    {
        AppendBytes(text, bytes, 4, ObjectOctetsPerLine);
        text.Append("    "u8);
        foreach (var b in bytes) text.Append(b is >= 0x20 and < 0x7f ? b : (byte)'.');
        text.Append((byte)'\n');
    }

}
