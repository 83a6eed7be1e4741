using System.Globalization;
using PatchLab.Elf;

namespace PatchLab.Arm64.Listing;

/// <summary>
/// Disassembles the code sections of an AArch64 ELF file into exactly the text <c>objdump -d</c> prints: one block
/// per symbol, data under <c>$d</c> mapping symbols as <c>.word</c>/<c>.short</c>/<c>.byte</c>, objects as hex and
/// ASCII, runs of zeros as <c>...</c>.
/// </summary>
public sealed partial class DisassemblyListing
{
    // objdump prints "..." for at least this many zero bytes, or for fewer than SkipZeroesAtEnd at a block's end.
    private const int SkipZeroes = 8;
    private const int SkipZeroesAtEnd = 3;
    private const int OctetsPerLine = 4;
    private const int ObjectOctetsPerLine = 16;

    // Blocks are disassembled in parallel, in chunks of at least this many section bytes, and written in order. In a
    // large file the last chunks are smaller, down to the least, so that no core waits long for another to finish.
    private const ulong ChunkBytes = 1 << 16;
    private const ulong LeastChunkBytes = 1 << 12;
    private const ulong LargeFileBytes = 1 << 20;

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
        _symbols = new ObjdumpSymbolTable(file, whileSorting: () => Task.Run(() => Arm64.Decoder.FindEncoding(0)));
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
        new ChunkWork(this, output).Run(Chunks(sectionNames));
    }

    /// <summary>A run of the listing between two symbols: its header names <see cref="Place"/>.</summary>
    private readonly record struct Block(ulong Start, ulong Stop, int Place, bool Instructions);

    /// <summary>Blocks of one section listed together, after the section's heading for its first chunk.</summary>
    private sealed record Chunk(ElfSection Section, ReadOnlyMemory<byte> Data, List<ElfRelocation> Relocations,
        int AddressChars, Block[] Blocks, bool First);

    /// <summary>
    /// The blocks of the sections to list, in chunks of at least <see cref="ChunkBytes"/> (in a large file, an eighth
    /// of what remains, towards the end). Finding blocks is cheap; printing them is what the chunks share out.
    /// </summary>
    private IEnumerable<Chunk> Chunks(IReadOnlyCollection<string>? sectionNames)
    {
        // Like objdump -d: every code section, or every named section (code or not) when names are given.
        var named = sectionNames is { Count: > 0 };
        var listed = _file.Sections.Where(section =>
            (named ? sectionNames!.Contains(section.Name) : (section.Flags & SectionFlags.ExecInstr) != 0)
            && section.Type is not (SectionType.NoBits or SectionType.Null) && section.Size != 0).ToList();
        var remaining = 0UL;
        foreach (var section in listed) remaining += section.Size;
        var least = remaining >= LargeFileBytes ? LeastChunkBytes : ChunkBytes;
        foreach (var section in listed)
        {
            var data = _file.GetData(section);
            var relocations = SectionRelocations(section);
            var addressChars = AddressCharsSkipped(section);
            var chunk = new List<Block>();
            var chunkBytes = 0UL;
            var first = true;
            foreach (var block in Blocks(section))
            {
                chunk.Add(block);
                chunkBytes += block.Stop - block.Start;
                remaining -= block.Stop - block.Start;
                if (chunkBytes < Math.Clamp(remaining / 8, least, ChunkBytes)) continue;
                yield return new Chunk(section, data, relocations, addressChars, [.. chunk], first);
                (chunkBytes, first) = (0, false);
                chunk.Clear();
            }
            if (chunk.Count > 0) yield return new Chunk(section, data, relocations, addressChars, [.. chunk], first);
        }
    }

    /// <summary>The chunks printed on every core, each thread with its own <see cref="BlockWriter"/>, and written in order.</summary>
    private sealed class ChunkWork(DisassemblyListing listing, ListingSink output)
        : InOrderWork<Chunk, ListingText, BlockWriter>(helpersAt: 1, window: 4 * Environment.ProcessorCount)
    {
        // A chunk's text is about a megabyte.
        protected override ListingText NewText() => new(2 << 20);

        protected override BlockWriter NewWorker() => new(listing);

        protected override void Make(BlockWriter worker, Chunk piece, ListingText text) => worker.Write(text, piece);

        protected override void Write(ListingText text)
        {
            output.Write(text);
            text.Clear();
        }
    }

    /// <summary>Where the listing goes, as bytes or as text.</summary>
    private sealed class ListingSink(TextWriter? text, Stream? bytes)
    {
        private char[] _chars = [];

        public void Write(string s)
        {
            if (text is not null) text.Write(s);
            else bytes!.Write(System.Text.Encoding.UTF8.GetBytes(s));
        }

        public void Write(ListingText chunk)
        {
            if (text is null)
            {
                bytes!.Write(chunk.Bytes);
                return;
            }
            var utf8 = System.Text.Encoding.UTF8;
            var needed = utf8.GetMaxCharCount(chunk.Length);
            if (_chars.Length < needed) _chars = new char[needed];
            text.Write(_chars, 0, utf8.GetChars(chunk.Bytes, _chars));
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
            var starts = place >= 0 && _symbols.SectionIndexAt(place) == section.Index && _symbols.ValueAt(place) <= address;
            int next;
            if (place < 0) next = -1;
            else if (_symbols.ValueAt(place) > address) next = place;
            else
            {
                next = place;
                while (next < _symbols.Count && !IsNextBlockSymbol(next, _symbols.ValueAt(place), section)) next++;
                if (next >= _symbols.Count) next = -1;
            }
            var nextStop = place >= 0 && _symbols.ValueAt(place) > address ? _symbols.ValueAt(place) - section.Address
                : next < 0 ? stop
                : _symbols.ValueAt(next) - section.Address;
            if (nextStop > stop || nextStop <= offset) nextStop = stop;
            yield return new Block(offset, nextStop, place, !starts || _symbols.StartsInstructionsAt(place));
            offset = nextStop;
            place = next;
        }
    }

    /// <summary>Whether symbol <paramref name="candidate"/> starts the next block: later, in a section of the same name, not a mapping symbol.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool IsNextBlockSymbol(int candidate, ulong current, ElfSection section)
    {
        if (_symbols.ValueAt(candidate) <= current || _symbols.IsMappingAt(candidate)) return false;
        var index = _symbols.SectionIndexAt(candidate);
        return index == section.Index || (index < (uint)_file.Sections.Count && _file.Sections[(int)index].Name == section.Name);
    }

    /// <summary>Whether the last mapping or function symbol of the section below index <paramref name="above"/> marks data.</summary>
    internal bool IsDataBelow(ElfSection section, int above)
    {
        // Without a mapping symbol, code sections hold code and other sections data.
        for (var i = above - 1; i >= 0; i--)
            if (_symbols.SectionIndexAt(i) == section.Index && _symbols.MarksDataAt(i) is { } data) return data;
        return (section.Flags & SectionFlags.ExecInstr) == 0;
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

    private List<ElfRelocation> SectionRelocations(ElfSection section)
    {
        var list = new List<ElfRelocation>();
        if (!_relocatable) return list;
        foreach (var r in _file.RelocationSectionsFor(section))
            list.AddRange(_file.GetRelocations(r));
        return [.. list.OrderBy(r => r.Offset)];
    }
}
