using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using PatchLab.Elf;

namespace PatchLab.Arm64.Listing;

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

    // Blocks are disassembled in parallel, in chunks of at least this many section bytes, and written in order.
    private const ulong ChunkBytes = 1 << 16;

    private readonly ElfFile _file;
    private readonly ObjdumpSymbolTable _symbols;
    private readonly bool _relocatable;

    public DisassemblyListing(ElfFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Machine != ElfMachine.AArch64)
            throw new UserInputException($"{file.Name}: not an AArch64 file (ELF machine {file.Machine})");
        _file = file;
        _relocatable = file.Type == ElfFileType.Relocatable;
        // The encoding table is built once per process: on another core while this one sorts the symbols.
        _ = Task.Run(() => Arm64.Decoder.FindEncoding(0));
        _symbols = new ObjdumpSymbolTable(file);
    }

    /// <summary>objdump's name for the file's format.</summary>
    public const string FormatName = "elf64-littleaarch64";

    /// <summary>Lists an AArch64 file to nowhere: what the ELF fuzzer runs on every mutated file.</summary>
    public static void ListToNowhere(ElfFile file)
    {
        if (file.Machine == ElfMachine.AArch64) new DisassemblyListing(file).Write(TextWriter.Null);
    }

    /// <summary>
    /// Writes the listing. <paramref name="sectionNames"/> restricts it to those sections (objdump's <c>-j</c>); a
    /// name the file lacks is a <see cref="UserInputException"/>.
    /// </summary>
    public void Write(TextWriter output, IReadOnlyCollection<string>? sectionNames = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        Write(new ListingSink(output, null), sectionNames);
    }

    /// <summary>Writes the listing as UTF-8 bytes, encoded by the threads that print it.</summary>
    public void Write(Stream output, IReadOnlyCollection<string>? sectionNames = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        Write(new ListingSink(null, output), sectionNames);
    }

    private void Write(ListingSink output, IReadOnlyCollection<string>? sectionNames)
    {
        if (sectionNames is { Count: > 0 })
            foreach (var name in sectionNames)
                if (_file.FindSection(name) is null)
                    throw new UserInputException($"{_file.Name}: no section named '{name}'");
        output.Write($"\n{_file.Name}:     file format {FormatName}\n\n");
        using var workers = new ThreadLocal<BlockWriter>(() => new BlockWriter(this));
        foreach (var section in _file.Sections)
        {
            // Like objdump -d: every code section, or every named section (code or not) when names are given.
            var named = sectionNames is { Count: > 0 };
            if (named ? !sectionNames!.Contains(section.Name) : (section.Flags & SectionFlags.ExecInstr) == 0) continue;
            if (section.Type is SectionType.NoBits or SectionType.Null || section.Size == 0) continue;
            WriteSection(output, section, workers);
        }
    }

    /// <summary>A run of the listing between two symbols: its header names <see cref="Place"/>.</summary>
    private readonly record struct Block(ulong Start, ulong Stop, int Place, bool Instructions);

    private void WriteSection(ListingSink output, ElfSection section, ThreadLocal<BlockWriter> workers)
    {
        output.Write($"\nDisassembly of section {section.Name}:\n");
        var data = _file.GetData(section);
        var relocations = SectionRelocations(section);
        var addressChars = AddressCharsSkipped(section);
        // The blocks are found in order (cheap); their text is made in parallel chunks and written in order, with
        // a bounded number of chunks in flight so a kernel's listing never sits whole in memory.
        var pending = new Queue<Task<ListingChunk>>();
        var chunk = new List<Block>();
        var chunkBytes = 0UL;
        void Flush()
        {
            if (chunk.Count == 0) return;
            var blocks = chunk.ToArray();
            chunk.Clear();
            chunkBytes = 0;
            if (pending.Count >= 2 * Environment.ProcessorCount) output.Write(pending.Dequeue().GetAwaiter().GetResult());
            pending.Enqueue(Task.Run(() => output.Prepare(workers.Value!.Write(output.Rent(), section, data, blocks, addressChars, relocations))));
        }
        foreach (var block in Blocks(section))
        {
            chunk.Add(block);
            chunkBytes += block.Stop - block.Start;
            if (chunkBytes >= ChunkBytes) Flush();
        }
        Flush();
        while (pending.Count > 0) output.Write(pending.Dequeue().GetAwaiter().GetResult());
    }

    /// <summary>A chunk of the listing ready to write: its text, or its UTF-8 bytes in a pooled array.</summary>
    private readonly record struct ListingChunk(StringBuilder? Text, byte[]? Bytes, int Length);

    /// <summary>Where the listing goes; recycles the chunks' buffers.</summary>
    private sealed class ListingSink(TextWriter? text, Stream? bytes)
    {
        // The chunks' text and bytes are large (megabytes): reused, or each would be a large-object allocation.
        private readonly System.Collections.Concurrent.ConcurrentBag<StringBuilder> _builders = [];
        private readonly System.Collections.Concurrent.ConcurrentBag<byte[]> _buffers = [];

        // Room for a chunk's text (about a million characters) with margin: a builder that grows adds small pieces,
        // and clearing it then allocates its whole capacity afresh.
        public StringBuilder Rent() => _builders.TryTake(out var sb) ? sb : new StringBuilder(1 << 21);

        public void Write(string s)
        {
            if (text is not null) text.Write(s);
            else bytes!.Write(System.Text.Encoding.UTF8.GetBytes(s));
        }

        /// <summary>On the printing thread: a byte stream gets the chunk encoded there.</summary>
        public ListingChunk Prepare(StringBuilder sb)
        {
            if (text is not null) return new ListingChunk(sb, null, sb.Length);
            var utf8 = System.Text.Encoding.UTF8;
            var needed = utf8.GetMaxByteCount(sb.Length);
            if (!_buffers.TryTake(out var buffer) || buffer.Length < needed) buffer = new byte[Math.Max(needed, 4 << 20)];
            var length = 0;
            foreach (var piece in sb.GetChunks()) length += utf8.GetBytes(piece.Span, buffer.AsSpan(length));
            sb.Clear();
            _builders.Add(sb);
            return new ListingChunk(null, buffer, length);
        }

        public void Write(ListingChunk chunk)
        {
            if (chunk.Text is { } sb)
            {
                text!.Write(sb);
                sb.Clear();
                _builders.Add(sb);
                return;
            }
            bytes!.Write(chunk.Bytes!, 0, chunk.Length);
            _buffers.Add(chunk.Bytes!);
        }
    }

    private IEnumerable<Block> Blocks(ElfSection section)
    {
        var stop = section.Size;
        ulong offset = 0;
        var place = _symbols.Find(section.Address, section, requireSection: true, _relocatable);
        while (offset < stop)
        {
            var address = section.Address + offset;
            var symbol = place >= 0 ? _symbols.Sorted[place] : null;
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
            yield return new Block(offset, nextStop, place, insns);
            offset = nextStop;
            place = next;
        }
    }

    /// <summary>The symbol that starts the next block: later, in a section of the same name, not a mapping symbol.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool IsNextBlockSymbol(ListingSymbol candidate, ListingSymbol current, ElfSection section) =>
        candidate.Value > current.Value && !candidate.IsMapping
        && candidate.SectionIndex < (uint)_file.Sections.Count && _file.Sections[(int)candidate.SectionIndex].Name == section.Name;

    /// <summary>One thread's printer: its own disassembler and symbolizer, whose per-instruction state it sets.</summary>
    private sealed class BlockWriter
    {
        private readonly DisassemblyListing _listing;
        private readonly ObjdumpSymbolTable _symbols;
        private readonly ObjdumpSymbolizer _symbolizer;
        private readonly Disassembler _disassembler;

        private readonly LineCache _lines = new();

        // UnitAt's answer only changes when the address passes the next symbol: remembered until then.
        private int _unitAbove = -1;
        private bool _unitIsData;

        public BlockWriter(DisassemblyListing listing)
        {
            _listing = listing;
            _symbols = listing._symbols;
            _symbolizer = new ObjdumpSymbolizer(_symbols, listing._file);
            _disassembler = new Disassembler(_symbolizer);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public StringBuilder Write(StringBuilder sb, ElfSection section, ReadOnlyMemory<byte> memory, Block[] blocks,
            int addressChars, List<ElfRelocation> relocations)
        {
            var data = memory.Span;
            _symbolizer.Section = section;
            _unitAbove = -1;
            var relocationIndex = FirstRelocationAtOrAfter(relocations, blocks[0].Start);
            foreach (var block in blocks)
            {
                sb.Append('\n');
                _symbolizer.AppendLabel(sb, section.Address + block.Start, block.Place, section, fullWidth: true);
                sb.Append(":\n");
                WriteBlock(sb, section, data, block.Start, block.Stop, block.Instructions, addressChars, relocations,
                    ref relocationIndex);
            }
            return sb;
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

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
                offset += (ulong)size;
                if (isData)
                {
                    AppendBytes(sb, bytes, size, OctetsPerLine);
                    sb.Append('\t');
                    AppendData(sb, bytes);
                    sb.Append('\n');
                    continue;
                }
                var word = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                var at = offset - (ulong)size;
                while (relocationIndex < relocations.Count && relocations[relocationIndex].Offset < at) relocationIndex++;
                var relocated = relocationIndex < relocations.Count && relocations[relocationIndex].Offset == at;
                var slot = LineCache.Slot(word);
                if (!relocated && _lines.TryAppend(sb, word, slot)) continue;
                var lineStart = sb.Length;
                InstructionWriter.AppendHex(sb, word, 8);
                sb.Append(" \t");
                _symbolizer.Relocation = relocated ? relocations[relocationIndex] : null;
                // objdump takes an instruction with a relocation to sit at 0: its field holds only the addend.
                _disassembler.Append(sb, word, relocated ? 0 : address);
                _symbolizer.Relocation = null;
                sb.Append('\n');
                if (!relocated && !_disassembler.LastTextDependsOnAddress)
                {
                    _lines.Add(word, slot, sb, lineStart);
                }
            }
        }

        /// <summary>
        /// Code or data at an offset, from the last mapping symbol (or function symbol) of the section at or before
        /// it, else from the section's flags; data comes in the largest aligned unit that ends before the next symbol of any kind.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private (int Size, bool IsData) UnitAt(ElfSection section, ulong offset)
        {
            var pc = section.Address + offset;
            if (_unitAbove < 0 || (_unitAbove < _symbols.Count && _symbols.Sorted[_unitAbove].Value <= pc) ||
                (_unitAbove > 0 && _symbols.Sorted[_unitAbove - 1].Value > pc))
            {
                _unitAbove = _symbols.FirstAbove(pc);
                _unitIsData = _listing.IsDataBelow(section, _unitAbove);
            }
            var above = _unitAbove;
            if (!_unitIsData) return (4, false);
            var size = 4 - (int)(pc & 3);
            if (above < _symbols.Count && _symbols.Sorted[above].Value - pc < (ulong)size)
                size = (int)(_symbols.Sorted[above].Value - pc);
            if (size == 3) size = (pc & 1) != 0 ? 1 : 2;
            return (size, true);
        }
    }

    /// <summary>
    /// Most instruction words recur (nop, ret, register moves): the line after the address of a word whose text
    /// depends on neither address nor symbols is kept, by a hash of the word, and reused. The lines' characters share
    /// one array, emptied whole when full: no object per line.
    /// </summary>
    private sealed class LineCache
    {
        private const int Bits = 16;
        private readonly Entry[] _entries = new Entry[1 << Bits];
        private readonly char[] _text = new char[1 << 21];
        private int _used;

        /// <summary>A line: its word, and where its characters lie in the shared array (length 0: no line).</summary>
        private readonly record struct Entry(uint Word, int Start, int Length);

        public static int Slot(uint word) => (int)((word * 0x9E3779B1u) >> (32 - Bits));

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public bool TryAppend(StringBuilder sb, uint word, int slot)
        {
            var e = _entries[slot];
            if (e.Length == 0 || e.Word != word) return false;
            sb.Append(_text, e.Start, e.Length);
            return true;
        }

        /// <summary>Keeps the line that <paramref name="sb"/> holds from <paramref name="start"/> on.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Add(uint word, int slot, StringBuilder sb, int start)
        {
            var length = sb.Length - start;
            if (length > _text.Length) return;
            if (_used + length > _text.Length)
            {
                Array.Clear(_entries);
                _used = 0;
            }
            sb.CopyTo(start, _text.AsSpan(_used, length), length);
            _entries[slot] = new Entry(word, _used, length);
            _used += length;
        }
    }

    /// <summary>Whether the last mapping or function symbol of the section below index <paramref name="above"/> marks data.</summary>
    private bool IsDataBelow(ElfSection section, int above)
    {
        // Without a mapping symbol, code sections hold code and other sections data.
        for (var i = above - 1; i >= 0; i--)
        {
            var s = _symbols.Sorted[i];
            if (s.SectionIndex != section.Index) continue;
            if (s.IsFunction || s.IsMapping) return s.IsMapping && s.Name[1] == 'd';
        }
        return (section.Flags & SectionFlags.ExecInstr) == 0;
    }

    private static void AppendData(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append(bytes.Length switch { 4 => ".word", 2 => ".short", _ => ".byte" }).Append("\t0x");
        for (var k = bytes.Length - 1; k >= 0; k--) AppendByte(sb, bytes[k]);
    }

    private static void AppendByte(StringBuilder sb, byte b)
    {
        const string Digits = "0123456789abcdef";
        sb.Append(Digits[b >> 4]).Append(Digits[b & 15]);
    }

    /// <summary>
    /// The bytes in chunks, each a little-endian number, then blank space for the rest of the line. A last partial
    /// chunk (the end of an object) is not shown in hex, only as a space, as objdump does.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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
                AppendByte(sb, bytes[k]);
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

    /// <summary>The address in hex without the skipped leading characters, its remaining leading zeros as spaces.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void AppendAddress(StringBuilder sb, ulong address, int skip)
    {
        Span<char> text = stackalloc char[18];
        var digits = 16 - skip;
        var shown = Math.Max(1, (67 - BitOperations.LeadingZeroCount(address)) / 4);
        for (var i = digits - 1; i >= 0; i--, address >>= 4)
            text[i] = digits - i > shown ? ' ' : "0123456789abcdef"[(int)(address & 0xf)];
        text[digits] = ':';
        text[digits + 1] = '\t';
        sb.Append(text[..(digits + 2)]);
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
