using System.Buffers.Binary;
using System.Text;

namespace PatchLab.Elf;

/// <summary>
/// Writes ELF64 little-endian files binutils read: relocatable objects laid out as GNU as lays them out, and static
/// executables with one PT_LOAD per segment.
/// </summary>
public static class ElfWriter
{
    /// <summary>
    /// Writes a relocatable object. Section headers follow GNU as: groups, then each section followed by its
    /// <c>.rela</c> section, then .symtab, .strtab, .shstrtab. The symbol table holds locals first (file symbols,
    /// section symbols, other locals), then globals and weaks; symbols a relocation or group names but
    /// <see cref="RelocatableObject.Symbols"/> lacks are added.
    /// </summary>
    public static void WriteRelocatable(RelocatableObject obj, Stream output)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(output);
        var file = new FileBuilder();
        var groupMembership = new Dictionary<ObjectSection, ObjectSectionGroup>();
        foreach (var g in obj.Groups)
            foreach (var m in g.Members)
                groupMembership[m] = g;

        var groupHeaders = obj.Groups.Select(_ => file.Add(new SectionHeader(".group", SectionType.Group)
        { Alignment = 4, EntrySize = 4 })).ToList();
        var sectionHeaders = new Dictionary<ObjectSection, SectionHeader>();
        var relaHeaders = new Dictionary<ObjectSection, SectionHeader>();
        foreach (var s in obj.Sections)
        {
            var inGroup = groupMembership.ContainsKey(s) ? SectionFlags.Group : SectionFlags.None;
            var header = file.Add(new SectionHeader(s.Name, s.Type)
            {
                Flags = s.Flags | inGroup,
                Alignment = s.Alignment,
                EntrySize = s.EntrySize,
                Data = s.Type == SectionType.NoBits ? null : s.Data,
                Size = s.Size,
            });
            sectionHeaders[s] = header;
            if (s.Relocations.Count > 0)
            {
                relaHeaders[s] = file.Add(new SectionHeader(".rela" + s.Name, SectionType.Rela)
                {
                    Flags = SectionFlags.InfoLink | inGroup,
                    Alignment = 8,
                    EntrySize = ElfFile.RelaSize,
                    Info = header.Index,
                    IsTrailing = true,
                });
            }
        }
        foreach (var s in obj.Sections)
            if (s.LinkedSection is { } linked)
                sectionHeaders[s].Link = sectionHeaders.TryGetValue(linked, out var l) ? l.Index
                    : throw new ArgumentException($"section {s.Name} is linked to {linked.Name}, which is not in the object");

        var symbols = OrderSymbols(obj);
        var symbolIndex = new Dictionary<ObjectSymbol, uint>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < symbols.Count; i++) symbolIndex[symbols[i]] = (uint)i + 1;
        var symtab = new SymbolTableBuilder();
        foreach (var sym in symbols)
        {
            uint shndx = sym.IsAbsolute ? SpecialSection.Absolute
                : sym.IsCommon ? SpecialSection.Common
                : sym.Section is null ? SpecialSection.Undefined
                : sectionHeaders.TryGetValue(sym.Section, out var h) ? h.Index
                : throw new ArgumentException($"symbol {sym.Name} is in section {sym.Section.Name}, which is not in the object");
            symtab.Add(sym.Name, sym.Value, sym.Size, sym.Binding, sym.Type, sym.Visibility, shndx);
        }
        file.AddSymbolTables(symtab);

        foreach (var (section, header) in relaHeaders)
        {
            var data = new byte[section.Relocations.Count * ElfFile.RelaSize];
            for (var i = 0; i < section.Relocations.Count; i++)
            {
                var r = section.Relocations[i];
                var sym = r.Symbol is null ? 0 : symbolIndex[r.Symbol];
                var entry = data.AsSpan(i * ElfFile.RelaSize);
                BinaryPrimitives.WriteUInt64LittleEndian(entry, r.Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], ((ulong)sym << 32) | r.Type);
                BinaryPrimitives.WriteInt64LittleEndian(entry[16..], r.Addend);
            }
            header.Data = data;
            header.Size = (ulong)data.Length;
            header.Link = file.SymbolTableIndex;
        }
        for (var g = 0; g < obj.Groups.Count; g++)
        {
            var group = obj.Groups[g];
            var members = new List<uint>();
            foreach (var m in group.Members)
            {
                members.Add(sectionHeaders.TryGetValue(m, out var h) ? h.Index
                    : throw new ArgumentException($"group {group.Signature.Name} lists section {m.Name}, which is not in the object"));
                if (relaHeaders.TryGetValue(m, out var rela)) members.Add(rela.Index);
            }
            var data = new byte[4 + members.Count * 4];
            BinaryPrimitives.WriteUInt32LittleEndian(data, group.Flags);
            for (var i = 0; i < members.Count; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4 + i * 4), members[i]);
            var header = groupHeaders[g];
            header.Data = data;
            header.Size = (ulong)data.Length;
            header.Link = file.SymbolTableIndex;
            header.Info = symbolIndex[group.Signature];
        }
        file.Write(output, ElfFileType.Relocatable, obj.Machine, entry: 0, segments: []);
    }

    /// <summary>
    /// Writes a static executable: ELF header and program headers, each segment's bytes at a file offset congruent
    /// to its address modulo <see cref="ExecutableImage.PageSize"/>, then the symbol and section header tables.
    /// </summary>
    public static void WriteExecutable(ExecutableImage image, Stream output)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(output);
        if (image.PageSize == 0 || (image.PageSize & (image.PageSize - 1)) != 0)
            throw new ArgumentException($"page size 0x{image.PageSize:x} is not a power of two");
        var file = new FileBuilder();
        var sectionHeaders = new Dictionary<ImageSection, SectionHeader>();
        var segments = new List<SegmentLayout>();
        foreach (var segment in image.Segments)
        {
            if (segment.Sections.Count == 0) throw new ArgumentException("a segment has no sections");
            var layout = new SegmentLayout(segment, image.PageSize);
            ulong end = segment.Address, fileEnd = segment.Address;
            foreach (var s in segment.Sections)
            {
                if (s.Address < end)
                    throw new ArgumentException($"section {s.Name} at 0x{s.Address:x} overlaps the section before it in its segment");
                var header = file.Add(new SectionHeader(s.Name, s.Type)
                {
                    Flags = s.Flags,
                    Address = s.Address,
                    Alignment = s.Alignment,
                    Data = s.Type == SectionType.NoBits ? null : s.Data,
                    Size = s.Size,
                    Segment = layout,
                });
                sectionHeaders[s] = header;
                end = s.Address + s.Size;
                if (s.Type != SectionType.NoBits) fileEnd = end;
            }
            layout.FileSize = fileEnd - segment.Address;
            layout.MemorySize = end - segment.Address;
            segments.Add(layout);
        }
        var symtab = new SymbolTableBuilder();
        foreach (var sym in image.Symbols.Where(s => s.Binding == SymbolBinding.Local).Concat(image.Symbols.Where(s => s.Binding != SymbolBinding.Local)))
        {
            uint shndx = sym.IsAbsolute ? SpecialSection.Absolute
                : sym.Section is null ? SpecialSection.Undefined
                : sectionHeaders.TryGetValue(sym.Section, out var h) ? h.Index
                : throw new ArgumentException($"symbol {sym.Name} is in section {sym.Section.Name}, which is not in the image");
            symtab.Add(sym.Name, sym.Value, sym.Size, sym.Binding, sym.Type, sym.Visibility, shndx);
        }
        file.AddSymbolTables(symtab);
        file.Write(output, ElfFileType.Executable, image.Machine, image.Entry, segments);
    }

    /// <summary>Locals before globals (ELF requires it), and among locals file symbols, then section symbols.</summary>
    private static List<ObjectSymbol> OrderSymbols(RelocatableObject obj)
    {
        var all = new List<ObjectSymbol>();
        var seen = new HashSet<ObjectSymbol>(ReferenceEqualityComparer.Instance);
        void Take(ObjectSymbol? s)
        {
            if (s is not null && seen.Add(s)) all.Add(s);
        }
        foreach (var s in obj.Symbols) Take(s);
        foreach (var section in obj.Sections)
            foreach (var r in section.Relocations) Take(r.Symbol);
        foreach (var g in obj.Groups) Take(g.Signature);
        static int Rank(ObjectSymbol s) => s.Binding != SymbolBinding.Local ? 3
            : s.Type == SymbolType.File ? 0
            : s.Type == SymbolType.Section ? 1
            : 2;
        return [.. all.OrderBy(Rank)];
    }

    private sealed class SegmentLayout(ImageSegment segment, ulong pageSize)
    {
        public ImageSegment Segment { get; } = segment;
        public ulong PageSize { get; } = pageSize;
        public ulong Offset { get; set; }
        public ulong FileSize { get; set; }
        public ulong MemorySize { get; set; }
    }

    private sealed class SectionHeader(string name, SectionType type)
    {
        public string Name { get; } = name;
        public SectionType Type { get; } = type;
        public uint Index { get; set; }
        public uint NameOffset { get; set; }
        public SectionFlags Flags { get; init; }
        public ulong Address { get; init; }
        public ulong Offset { get; set; }
        public ulong Size { get; set; }
        public uint Link { get; set; }
        public uint Info { get; set; }
        public ulong Alignment { get; init; }
        public ulong EntrySize { get; init; }
        public byte[]? Data { get; set; }

        /// <summary>GNU as writes relocation and .shstrtab contents after the symbol and string tables.</summary>
        public bool IsTrailing { get; init; }

        public SegmentLayout? Segment { get; init; }
    }

    private sealed class SymbolTableBuilder
    {
        private readonly List<string> _names = [];
        private readonly List<byte> _entries = new(new byte[ElfFile.SymbolSize]);

        public StringTableBuilder Strings { get; } = new();
        public uint FirstGlobal { get; private set; } = 1;
        public int Count => _names.Count + 1;

        public void Add(string name, ulong value, ulong size, SymbolBinding binding, SymbolType type,
            SymbolVisibility visibility, uint shndx)
        {
            if (binding == SymbolBinding.Local)
            {
                if (FirstGlobal != Count) throw new InvalidOperationException("local symbol after a global one");
                FirstGlobal++;
            }
            if (shndx >= SpecialSection.LoReserve && shndx is not (SpecialSection.Absolute or SpecialSection.Common))
                throw new ArgumentException($"symbol {name} is in section {shndx}; extended section indices are not written");
            Span<byte> e = stackalloc byte[ElfFile.SymbolSize];
            e[4] = (byte)(((int)binding << 4) | ((int)type & 0xf));
            e[5] = (byte)visibility;
            BinaryPrimitives.WriteUInt16LittleEndian(e[6..], (ushort)shndx);
            BinaryPrimitives.WriteUInt64LittleEndian(e[8..], value);
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], size);
            _entries.AddRange(e);
            _names.Add(name);
            Strings.Add(name);
        }

        /// <summary>The entries with their name offsets filled in, once the string table is laid out.</summary>
        public byte[] Entries()
        {
            var entries = _entries.ToArray();
            for (var i = 0; i < _names.Count; i++)
                BinaryPrimitives.WriteUInt32LittleEndian(entries.AsSpan((i + 1) * ElfFile.SymbolSize), Strings.OffsetOf(_names[i]));
            return entries;
        }
    }

    /// <summary>
    /// A string table that stores a string which ends another one only once, as the tail of the longer (so
    /// ".text" shares the bytes of ".rela.text"), the way binutils lays its tables out.
    /// </summary>
    private sealed class StringTableBuilder
    {
        private readonly HashSet<string> _strings = [];
        private Dictionary<string, uint>? _offsets;
        private byte[] _bytes = [];

        public void Add(string s)
        {
            if (_offsets is not null) throw new InvalidOperationException("string table already laid out");
            if (s.Length > 0) _strings.Add(s);
        }

        public uint OffsetOf(string s)
        {
            Build();
            return s.Length == 0 ? 0 : _offsets![s];
        }

        public byte[] ToArray()
        {
            Build();
            return _bytes;
        }

        private void Build()
        {
            if (_offsets is not null) return;
            _offsets = [];
            // Sorted by their reversed text, a string that ends another comes right before one that it ends.
            var byTail = _strings.ToArray();
            Array.Sort(byTail, CompareTails);
            var bytes = new MemoryStream();
            bytes.WriteByte(0);
            string? longer = null;
            for (var i = byTail.Length - 1; i >= 0; i--)
            {
                var s = byTail[i];
                if (longer is not null && longer.EndsWith(s, StringComparison.Ordinal))
                {
                    _offsets[s] = _offsets[longer] + (uint)Encoding.UTF8.GetByteCount(longer.AsSpan(0, longer.Length - s.Length));
                    continue;
                }
                _offsets[s] = (uint)bytes.Length;
                bytes.Write(Encoding.UTF8.GetBytes(s));
                bytes.WriteByte(0);
                longer = s;
            }
            _bytes = bytes.ToArray();
        }

        /// <summary>Ordinal comparison of the strings read backwards.</summary>
        private static int CompareTails(string a, string b)
        {
            for (int i = a.Length - 1, j = b.Length - 1; i >= 0 && j >= 0; i--, j--)
                if (a[i] != b[j]) return a[i].CompareTo(b[j]);
            return a.Length.CompareTo(b.Length);
        }
    }

    /// <summary>Section headers in index order, then the layout of their contents and the writing of the file.</summary>
    private sealed class FileBuilder
    {
        private readonly List<SectionHeader> _headers = [new SectionHeader("", SectionType.Null)];
        private readonly StringTableBuilder _sectionNames = new();

        public uint SymbolTableIndex { get; private set; }

        public SectionHeader Add(SectionHeader header)
        {
            if (_headers.Count >= (int)SpecialSection.LoReserve)
                throw new ArgumentException($"more than {SpecialSection.LoReserve - 1} sections; extended section numbering is not written");
            header.Index = (uint)_headers.Count;
            _headers.Add(header);
            return header;
        }

        public void AddSymbolTables(SymbolTableBuilder symbols)
        {
            var symtab = Add(new SectionHeader(".symtab", SectionType.SymTab)
            {
                Alignment = 8,
                EntrySize = ElfFile.SymbolSize,
                Data = symbols.Entries(),
                Info = symbols.FirstGlobal,
            });
            symtab.Size = (ulong)symtab.Data!.Length;
            SymbolTableIndex = symtab.Index;
            var strings = symbols.Strings.ToArray();
            var strtab = Add(new SectionHeader(".strtab", SectionType.StrTab) { Alignment = 1, Data = strings, Size = (ulong)strings.Length });
            symtab.Link = strtab.Index;
        }

        public void Write(Stream output, ElfFileType type, ushort machine, ulong entry, List<SegmentLayout> segments)
        {
            var shstrtab = Add(new SectionHeader(".shstrtab", SectionType.StrTab) { Alignment = 1, IsTrailing = true });
            foreach (var h in _headers) _sectionNames.Add(h.Name);
            foreach (var h in _headers) h.NameOffset = _sectionNames.OffsetOf(h.Name);
            shstrtab.Data = _sectionNames.ToArray();
            shstrtab.Size = (ulong)shstrtab.Data.Length;

            ulong offset = ElfFile.FileHeaderSize + (ulong)segments.Count * ElfFile.ProgramHeaderSize;
            foreach (var seg in segments)
            {
                // The file offset must equal the address modulo the page size, so the segment can be mapped.
                var page = seg.PageSize;
                var wanted = seg.Segment.Address % page;
                offset = (offset % page) <= wanted ? offset - offset % page + wanted : offset - offset % page + page + wanted;
                seg.Offset = offset;
                offset += seg.FileSize;
            }
            foreach (var h in _headers.Skip(1).Where(h => !h.IsTrailing)) offset = Place(h, offset);
            foreach (var h in _headers.Where(h => h.IsTrailing)) offset = Place(h, offset);
            var headerTable = Align(offset, 8);

            var buffer = new byte[headerTable + (ulong)_headers.Count * ElfFile.SectionHeaderSize];
            var span = buffer.AsSpan();
            WriteFileHeader(span, type, machine, entry, segments.Count, headerTable);
            for (var i = 0; i < segments.Count; i++)
            {
                var seg = segments[i];
                var p = span.Slice(ElfFile.FileHeaderSize + i * ElfFile.ProgramHeaderSize);
                BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)SegmentType.Load);
                BinaryPrimitives.WriteUInt32LittleEndian(p[4..], (uint)seg.Segment.Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(p[8..], seg.Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(p[16..], seg.Segment.Address);
                BinaryPrimitives.WriteUInt64LittleEndian(p[24..], seg.Segment.Address);
                BinaryPrimitives.WriteUInt64LittleEndian(p[32..], seg.FileSize);
                BinaryPrimitives.WriteUInt64LittleEndian(p[40..], seg.MemorySize);
                BinaryPrimitives.WriteUInt64LittleEndian(p[48..], seg.PageSize);
            }
            foreach (var h in _headers)
            {
                h.Data?.CopyTo(span[(int)h.Offset..]);
                var sh = span.Slice((int)headerTable + (int)h.Index * ElfFile.SectionHeaderSize);
                BinaryPrimitives.WriteUInt32LittleEndian(sh, h.NameOffset);
                BinaryPrimitives.WriteUInt32LittleEndian(sh[4..], (uint)h.Type);
                BinaryPrimitives.WriteUInt64LittleEndian(sh[8..], (ulong)h.Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(sh[16..], h.Address);
                BinaryPrimitives.WriteUInt64LittleEndian(sh[24..], h.Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(sh[32..], h.Size);
                BinaryPrimitives.WriteUInt32LittleEndian(sh[40..], h.Link);
                BinaryPrimitives.WriteUInt32LittleEndian(sh[44..], h.Info);
                BinaryPrimitives.WriteUInt64LittleEndian(sh[48..], h.Alignment);
                BinaryPrimitives.WriteUInt64LittleEndian(sh[56..], h.EntrySize);
            }
            output.Write(buffer);
        }

        private static ulong Place(SectionHeader h, ulong offset)
        {
            if (h.Segment is { } seg)
            {
                h.Offset = seg.Offset + (h.Address - seg.Segment.Address);
                return offset;
            }
            h.Offset = Align(offset, Math.Max(h.Alignment, 1));
            return h.Type == SectionType.NoBits ? h.Offset : h.Offset + h.Size;
        }

        private void WriteFileHeader(Span<byte> span, ElfFileType type, ushort machine, ulong entry, int segmentCount, ulong headerTable)
        {
            "\u007fELF"u8.CopyTo(span);
            span[4] = 2; // ELFCLASS64
            span[5] = 1; // ELFDATA2LSB
            span[6] = 1; // EV_CURRENT
            BinaryPrimitives.WriteUInt16LittleEndian(span[16..], (ushort)type);
            BinaryPrimitives.WriteUInt16LittleEndian(span[18..], machine);
            BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);
            BinaryPrimitives.WriteUInt64LittleEndian(span[24..], entry);
            BinaryPrimitives.WriteUInt64LittleEndian(span[32..], segmentCount == 0 ? 0 : (ulong)ElfFile.FileHeaderSize);
            BinaryPrimitives.WriteUInt64LittleEndian(span[40..], headerTable);
            BinaryPrimitives.WriteUInt16LittleEndian(span[52..], ElfFile.FileHeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(span[54..], segmentCount == 0 ? (ushort)0 : (ushort)ElfFile.ProgramHeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(span[56..], (ushort)segmentCount);
            BinaryPrimitives.WriteUInt16LittleEndian(span[58..], ElfFile.SectionHeaderSize);
            BinaryPrimitives.WriteUInt16LittleEndian(span[60..], (ushort)_headers.Count);
            BinaryPrimitives.WriteUInt16LittleEndian(span[62..], (ushort)(_headers.Count - 1));
        }

        private static ulong Align(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;
    }
}
