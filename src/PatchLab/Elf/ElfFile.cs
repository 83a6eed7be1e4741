using System.Buffers.Binary;
using System.Text;

namespace PatchLab.Elf;

/// <summary>
/// An ELF64 little-endian file, read lazily over a memory-mapped view: opening reads the file header only; the
/// section headers, program headers, symbols and relocations are decoded when asked for, and section contents are
/// views into the mapping, never copies. Every size and offset is checked against the file's length before it is
/// used, so a malformed file raises <see cref="ElfFormatException"/> and nothing else.
/// </summary>
public sealed class ElfFile : IDisposable
{
    public const int FileHeaderSize = 64;
    public const int SectionHeaderSize = 64;
    public const int ProgramHeaderSize = 56;
    public const int SymbolSize = 24;
    public const int RelaSize = 24;
    public const int RelSize = 16;

    private readonly IDisposable? _mapping;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly ulong _sectionHeaderOffset;
    private readonly ulong _programHeaderOffset;
    private readonly int _programHeaderCount;
    private readonly ushort _sectionHeaderCountField;
    private readonly ushort _sectionNamesIndexField;
    private ElfSection[]? _sections;
    private ElfProgramHeader[]? _programHeaders;
    private ElfSymbolTable? _symbols;
    private bool _symbolsLoaded;

    private ElfFile(string name, ReadOnlyMemory<byte> data, IDisposable? mapping)
    {
        Name = name;
        _data = data;
        _mapping = mapping;
        var span = data.Span;
        if (span.Length < FileHeaderSize)
            throw Fault(0, $"the file is {span.Length} bytes long, shorter than an ELF header ({FileHeaderSize} bytes)");
        if (span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
            throw Fault(0, "not an ELF file (bad magic number)");
        if (span[4] != 2) throw Fault(4, $"ELF class {span[4]} is not ELF64");
        if (span[5] != 1) throw Fault(5, $"data encoding {span[5]} is not little-endian");
        Type = (ElfFileType)U16(span, 16);
        Machine = U16(span, 18);
        Entry = U64(span, 24);
        _programHeaderOffset = U64(span, 32);
        _sectionHeaderOffset = U64(span, 40);
        Flags = U32(span, 48);
        var phentsize = U16(span, 54);
        _programHeaderCount = U16(span, 56);
        var shentsize = U16(span, 58);
        _sectionHeaderCountField = U16(span, 60);
        _sectionNamesIndexField = U16(span, 62);
        if (_programHeaderCount != 0 && phentsize != ProgramHeaderSize)
            throw Fault(54, $"program header entry size {phentsize} is not {ProgramHeaderSize}");
        if (_sectionHeaderOffset != 0 && shentsize != SectionHeaderSize)
            throw Fault(58, $"section header entry size {shentsize} is not {SectionHeaderSize}");
    }

    private const long SmallFileBytes = 256 * 1024;

    /// <summary>Maps the file read-only (a small one is read instead). The caller disposes the result, which unmaps it.</summary>
    public static ElfFile Open(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = stream.Length;
        if (length == 0) return FromMemory(ReadOnlyMemory<byte>.Empty, path);
        // Mapping and unmapping cost more than reading a small file: a link reads thousands of small objects.
        if (length <= SmallFileBytes)
        {
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return FromMemory(bytes, path);
        }
        if (length > int.MaxValue)
            throw new ElfFormatException(path, 0, $"the file is {length} bytes long; files over 2 GiB are not supported");
        var mapping = MappedFileMemory.Create(stream, (int)length);
        try
        {
            return new ElfFile(path, mapping.Memory, mapping);
        }
        catch
        {
            ((IDisposable)mapping).Dispose();
            throw;
        }
    }

    /// <summary>Reads ELF from bytes already in memory (tests, fuzzing, objects built in memory).</summary>
    public static ElfFile FromMemory(ReadOnlyMemory<byte> data, string name) => new(name, data, null);

    /// <summary>The path or name the file was opened by, as error messages print it.</summary>
    public string Name { get; }

    public ElfFileType Type { get; }
    public ushort Machine { get; }
    public ulong Entry { get; }
    public uint Flags { get; }

    /// <summary>e_ident[EI_OSABI]: decides how readelf names OS-specific symbol types and bindings.</summary>
    public byte OsAbi => _data.Span[7];
    public long Length => _data.Length;

    public IReadOnlyList<ElfSection> Sections => _sections ??= ReadSectionHeaders();

    public IReadOnlyList<ElfProgramHeader> ProgramHeaders => _programHeaders ??= ReadProgramHeaders();

    public ElfSection? FindSection(string name)
    {
        foreach (var s in Sections)
            if (s.Name == name) return s;
        return null;
    }

    /// <summary>The section at a header index, or a format error naming what referred to it.</summary>
    public ElfSection SectionAt(ulong index, ulong referrerOffset, string referrer)
    {
        var sections = Sections;
        if (index >= (ulong)sections.Count)
            throw Fault(referrerOffset, $"{referrer} refers to section {index}, but there are {sections.Count}");
        return sections[(int)index];
    }

    /// <summary>The section's bytes as a view into the file; empty for NOBITS.</summary>
    public ReadOnlyMemory<byte> GetData(ElfSection section)
    {
        if (section.Type == SectionType.NoBits || section.Size == 0) return ReadOnlyMemory<byte>.Empty;
        // Checked before the message is built: this runs for every string and symbol read.
        if (!InRange(section.Offset, section.Size))
            throw RangeFault(section.Offset, section.Size, section.HeaderOffset + 24, $"the contents of section {section.Describe()}");
        return _data.Slice((int)section.Offset, (int)section.Size);
    }

    public ReadOnlySpan<byte> GetSpan(ElfSection section) => GetData(section).Span;

    /// <summary>The file bytes of a segment (p_filesz of them), checked against the file's length.</summary>
    public ReadOnlyMemory<byte> GetSegmentData(ElfProgramHeader segment)
    {
        if (segment.FileSize == 0) return ReadOnlyMemory<byte>.Empty;
        if (!InRange(segment.Offset, segment.FileSize))
            throw RangeFault(segment.Offset, segment.FileSize, 0x20, $"the contents of a {segment.Type} segment");
        return _data.Slice((int)segment.Offset, (int)segment.FileSize);
    }

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in a string table section.</summary>
    public string ReadString(ElfSection stringTable, ulong offset, ulong referrerOffset) =>
        Encoding.UTF8.GetString(ReadStringBytes(stringTable, offset, referrerOffset));

    /// <summary>The bytes of the NUL-terminated string at <paramref name="offset"/>, without the NUL.</summary>
    public ReadOnlySpan<byte> ReadStringBytes(ElfSection stringTable, ulong offset, ulong referrerOffset)
    {
        if (stringTable.Type != SectionType.StrTab)
            throw Fault(stringTable.HeaderOffset + 4, $"section {stringTable.Describe()} is used as a string table but has type {(uint)stringTable.Type}");
        return StringAt(stringTable, GetSpan(stringTable), offset, referrerOffset);
    }

    /// <summary>The string at <paramref name="offset"/> of a string table whose contents the caller already holds.</summary>
    internal ReadOnlySpan<byte> StringAt(ElfSection stringTable, ReadOnlySpan<byte> table, ulong offset, ulong referrerOffset)
    {
        if (offset >= (ulong)table.Length)
            throw Fault(referrerOffset, $"string offset 0x{offset:x} is outside string table {stringTable.Describe()} (0x{table.Length:x} bytes)");
        var rest = table[(int)offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
            throw Fault(stringTable.Offset + offset, $"string in {stringTable.Describe()} has no terminating NUL");
        return rest[..end];
    }

    /// <summary>The file's static symbol table (.symtab), or null if it has none.</summary>
    public ElfSymbolTable? Symbols
    {
        get
        {
            if (!_symbolsLoaded)
            {
                var section = Sections.FirstOrDefault(s => s.Type == SectionType.SymTab);
                _symbols = section is null ? null : GetSymbolTable(section);
                _symbolsLoaded = true;
            }
            return _symbols;
        }
    }

    public ElfSymbolTable GetSymbolTable(ElfSection section)
    {
        if (section.Type is not (SectionType.SymTab or SectionType.DynSym))
            throw Fault(section.HeaderOffset + 4, $"section {section.Describe()} is not a symbol table");
        if (section.EntrySize != SymbolSize)
            throw Fault(section.HeaderOffset + 56, $"symbol table {section.Describe()} has entry size {section.EntrySize}, not {SymbolSize}");
        if (section.Size % SymbolSize != 0)
            throw Fault(section.HeaderOffset + 32, $"symbol table {section.Describe()} size 0x{section.Size:x} is not a multiple of {SymbolSize}");
        var strings = SectionAt(section.Link, section.HeaderOffset + 40, $"the link of symbol table {section.Describe()}");
        if (strings.Type != SectionType.StrTab)
            throw Fault(section.HeaderOffset + 40, $"symbol table {section.Describe()} links to {strings.Describe()}, which is not a string table");
        var data = GetData(section);
        ElfSection? extended = null;
        foreach (var s in Sections)
            if (s.Type == SectionType.SymTabShndx && s.Link == section.Index) extended = s;
        var extendedData = ReadOnlyMemory<byte>.Empty;
        if (extended is not null)
        {
            extendedData = GetData(extended);
            if ((ulong)extendedData.Length < section.Size / SymbolSize * 4)
                throw Fault(extended.HeaderOffset + 32, $"extended section index table {extended.Describe()} is shorter than its symbol table");
        }
        return new ElfSymbolTable(this, section, strings, data, GetData(strings), extendedData);
    }

    /// <summary>The relocations of a REL or RELA section, decoded from the mapping.</summary>
    public ElfRelocation[] GetRelocations(ElfSection section)
    {
        var rela = section.Type == SectionType.Rela;
        if (!rela && section.Type != SectionType.Rel)
            throw Fault(section.HeaderOffset + 4, $"section {section.Describe()} is not a relocation section");
        var size = rela ? RelaSize : RelSize;
        if (section.EntrySize != (ulong)size)
            throw Fault(section.HeaderOffset + 56, $"relocation section {section.Describe()} has entry size {section.EntrySize}, not {size}");
        if (section.Size % (ulong)size != 0)
            throw Fault(section.HeaderOffset + 32, $"relocation section {section.Describe()} size 0x{section.Size:x} is not a multiple of {size}");
        var data = GetSpan(section);
        var relocations = new ElfRelocation[data.Length / size];
        for (var i = 0; i < relocations.Length; i++)
        {
            var entry = data.Slice(i * size, size);
            var info = U64(entry, 8);
            relocations[i] = new ElfRelocation(U64(entry, 0), (uint)info, (uint)(info >> 32),
                rela ? (long)U64(entry, 16) : 0, rela);
        }
        return relocations;
    }

    /// <summary>The REL/RELA sections that apply to <paramref name="target"/>, in header order.</summary>
    public IEnumerable<ElfSection> RelocationSectionsFor(ElfSection target) =>
        Sections.Where(s => s.Type is SectionType.Rela or SectionType.Rel && s.Info == target.Index);

    public ElfSectionGroup GetGroup(ElfSection section)
    {
        if (section.Type != SectionType.Group)
            throw Fault(section.HeaderOffset + 4, $"section {section.Describe()} is not a section group");
        var data = GetSpan(section);
        if (data.Length < 4 || data.Length % 4 != 0)
            throw Fault(section.HeaderOffset + 32, $"section group {section.Describe()} size 0x{data.Length:x} is not a positive multiple of 4");
        var members = new ElfSection[data.Length / 4 - 1];
        for (var i = 0; i < members.Length; i++)
            members[i] = SectionAt(U32(data, 4 + i * 4), section.Offset + (ulong)(4 + i * 4), $"section group {section.Describe()}");
        return new ElfSectionGroup(section, U32(data, 0), section.Link, section.Info, members);
    }

    /// <summary>Reads a relocatable file into the in-memory model the linker and module loader use.</summary>
    public RelocatableObject ReadRelocatable() => RelocatableObjectReader.Read(this);

    internal ElfFormatException Fault(ulong offset, string problem) => new(Name, offset, problem);

    internal void CheckRange(ulong offset, ulong size, ulong referrerOffset, string what)
    {
        if (!InRange(offset, size)) throw RangeFault(offset, size, referrerOffset, what);
    }

    private bool InRange(ulong offset, ulong size) => offset <= (ulong)_data.Length && size <= (ulong)_data.Length - offset;

    private ElfFormatException RangeFault(ulong offset, ulong size, ulong referrerOffset, string what) =>
        Fault(referrerOffset, $"{what} (0x{size:x} bytes at offset 0x{offset:x}) runs past the end of the file (0x{_data.Length:x} bytes)");

    private ElfSection[] ReadSectionHeaders()
    {
        if (_sectionHeaderOffset == 0) return [];
        var file = _data.Span;
        // Section 0 holds the real count and name-table index when they do not fit the header's 16-bit fields.
        CheckRange(_sectionHeaderOffset, SectionHeaderSize, 40, "section header 0");
        var first = file.Slice((int)_sectionHeaderOffset, SectionHeaderSize);
        ulong count = _sectionHeaderCountField != 0 ? _sectionHeaderCountField : U64(first, 32);
        ulong namesIndex = _sectionNamesIndexField == SpecialSection.ExtendedIndex ? U32(first, 40) : _sectionNamesIndexField;
        if (count == 0) count = 1;
        if (count > (ulong)file.Length / SectionHeaderSize)
            throw Fault(_sectionHeaderOffset + 32, $"section count {count} cannot fit in the file");
        CheckRange(_sectionHeaderOffset, count * SectionHeaderSize, 40, $"the table of {count} section headers");
        var sections = new ElfSection[count];
        for (var i = 0; i < sections.Length; i++)
        {
            var headerOffset = _sectionHeaderOffset + (ulong)i * SectionHeaderSize;
            var h = file.Slice((int)headerOffset, SectionHeaderSize);
            sections[i] = new ElfSection
            {
                Index = (uint)i,
                HeaderOffset = headerOffset,
                NameOffset = U32(h, 0),
                Type = (SectionType)U32(h, 4),
                Flags = (SectionFlags)U64(h, 8),
                Address = U64(h, 16),
                Offset = U64(h, 24),
                Size = U64(h, 32),
                Link = U32(h, 40),
                Info = U32(h, 44),
                Alignment = U64(h, 48),
                EntrySize = U64(h, 56),
            };
        }
        if (namesIndex != 0)
        {
            if (namesIndex >= count)
                throw Fault(62, $"section name table index {namesIndex} is not below the section count {count}");
            var names = sections[namesIndex];
            foreach (var s in sections)
                s.Name = ReadString(names, s.NameOffset, s.HeaderOffset);
        }
        return sections;
    }

    private ElfProgramHeader[] ReadProgramHeaders()
    {
        if (_programHeaderCount == 0) return [];
        CheckRange(_programHeaderOffset, (ulong)_programHeaderCount * ProgramHeaderSize, 32, $"the table of {_programHeaderCount} program headers");
        var file = _data.Span;
        var headers = new ElfProgramHeader[_programHeaderCount];
        for (var i = 0; i < headers.Length; i++)
        {
            var h = file.Slice((int)_programHeaderOffset + i * ProgramHeaderSize, ProgramHeaderSize);
            headers[i] = new ElfProgramHeader((SegmentType)U32(h, 0), (SegmentFlags)U32(h, 4), U64(h, 8), U64(h, 16),
                U64(h, 24), U64(h, 32), U64(h, 40), U64(h, 48));
        }
        return headers;
    }

    internal static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);
    internal static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
    internal static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);

    public void Dispose() => _mapping?.Dispose();
}

/// <summary>A section header as the file has it, with its name resolved.</summary>
public sealed class ElfSection
{
    public uint Index { get; init; }
    public string Name { get; internal set; } = "";
    public uint NameOffset { get; init; }
    public SectionType Type { get; init; }
    public SectionFlags Flags { get; init; }
    public ulong Address { get; init; }
    public ulong Offset { get; init; }
    public ulong Size { get; init; }
    public uint Link { get; init; }
    public uint Info { get; init; }
    public ulong Alignment { get; init; }
    public ulong EntrySize { get; init; }

    /// <summary>Where this section's header lies in the file (for error messages).</summary>
    public ulong HeaderOffset { get; init; }

    internal string Describe() => Name.Length > 0 ? $"{Index} ({Name})" : Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Name;
}

public readonly record struct ElfProgramHeader(
    SegmentType Type, SegmentFlags Flags, ulong Offset, ulong VirtualAddress, ulong PhysicalAddress,
    ulong FileSize, ulong MemorySize, ulong Alignment);

/// <summary>One relocation entry; <see cref="HasAddend"/> is false for REL, whose addend lives in the section bytes.</summary>
public readonly record struct ElfRelocation(ulong Offset, uint Type, uint SymbolIndex, long Addend, bool HasAddend);

/// <summary>An SHT_GROUP section: its flag word, signature symbol and member sections.</summary>
public sealed record ElfSectionGroup(
    ElfSection Section, uint Flags, uint SymbolTableIndex, uint SignatureIndex, IReadOnlyList<ElfSection> Members);

/// <summary>One symbol; <see cref="SectionIndex"/> is st_shndx with extended indices already resolved.</summary>
public readonly record struct ElfSymbol(
    int Index, string Name, ulong Value, ulong Size, SymbolBinding Binding, SymbolType Type,
    SymbolVisibility Visibility, uint SectionIndex)
{
    public bool IsUndefined => SectionIndex == SpecialSection.Undefined;
    public bool IsAbsolute => SectionIndex == SpecialSection.Absolute;
    public bool IsCommon => SectionIndex == SpecialSection.Common;
}

/// <summary>A symbol table whose entries are decoded from the mapping one at a time, when indexed.</summary>
public sealed class ElfSymbolTable : IReadOnlyList<ElfSymbol>
{
    private readonly ElfFile _file;
    private readonly ReadOnlyMemory<byte> _entries;
    private readonly ReadOnlyMemory<byte> _strings;
    private readonly ReadOnlyMemory<byte> _extendedIndices;

    internal ElfSymbolTable(ElfFile file, ElfSection section, ElfSection strings, ReadOnlyMemory<byte> entries,
        ReadOnlyMemory<byte> stringData, ReadOnlyMemory<byte> extendedIndices)
    {
        _file = file;
        Section = section;
        Strings = strings;
        _entries = entries;
        _strings = stringData;
        _extendedIndices = extendedIndices;
    }

    public ElfSection Section { get; }
    public ElfSection Strings { get; }

    /// <summary>The contents of the string table the names point into.</summary>
    public ReadOnlyMemory<byte> StringData => _strings;

    /// <summary>sh_info: the index of the first non-local symbol.</summary>
    public uint FirstGlobal => Section.Info;

    public int Count => _entries.Length / ElfFile.SymbolSize;

    public ElfSymbol this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"symbol table has {Count} entries");
            var reader = Reader();
            var e = reader.Entry(index);
            var info = e[4];
            return new ElfSymbol(index, Encoding.UTF8.GetString(reader.Name(index)), ElfFile.U64(e, 8), ElfFile.U64(e, 16),
                (SymbolBinding)(info >> 4), (SymbolType)(info & 0xf), (SymbolVisibility)(e[5] & 3), reader.SectionIndex(index));
        }
    }

    /// <summary>Raw access to the entries for readers that format fields themselves (the spans are taken once).</summary>
    public RawReader Reader() => new(this);

    /// <summary>The table's entries, names and extended indices as spans of the mapping.</summary>
    public readonly ref struct RawReader
    {
        private readonly ElfSymbolTable _table;
        private readonly ReadOnlySpan<byte> _entries;
        private readonly ReadOnlySpan<byte> _strings;

        internal RawReader(ElfSymbolTable table)
        {
            _table = table;
            _entries = table._entries.Span;
            _strings = table._strings.Span;
        }

        /// <summary>Every raw Elf64_Sym of the table, for readers that walk them with pointers.</summary>
        public ReadOnlySpan<byte> Entries => _entries;

        /// <summary>The whole string table the names point into.</summary>
        public ReadOnlySpan<byte> StringTable => _strings;

        /// <summary>The raw 24-byte Elf64_Sym of entry <paramref name="index"/> (which the caller keeps below Count).</summary>
        public ReadOnlySpan<byte> Entry(int index) => _entries.Slice(index * ElfFile.SymbolSize, ElfFile.SymbolSize);

        /// <summary>The name of entry <paramref name="index"/> as the string table holds it.</summary>
        public ReadOnlySpan<byte> Name(int index) =>
            _table._file.StringAt(_table.Strings, _strings, ElfFile.U32(Entry(index), 0), _table.EntryOffset(index));

        /// <summary>st_shndx of entry <paramref name="index"/>, with an extended index (SHN_XINDEX) resolved.</summary>
        public uint SectionIndex(int index)
        {
            uint shndx = ElfFile.U16(Entry(index), 6);
            if (shndx != SpecialSection.ExtendedIndex) return shndx;
            if (_table._extendedIndices.IsEmpty)
                throw _table._file.Fault(_table.EntryOffset(index) + 6, $"symbol {index} uses an extended section index but the file has no SHT_SYMTAB_SHNDX table");
            return ElfFile.U32(_table._extendedIndices.Span, index * 4);
        }
    }

    private ulong EntryOffset(int index) => Section.Offset + (ulong)(index * ElfFile.SymbolSize);

    public IEnumerator<ElfSymbol> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
