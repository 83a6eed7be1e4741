using System.Text;
using PatchLab.Elf;

namespace PatchLab.Arm64.Listing;

/// <summary>A symbol a relocation names, as objdump prints it: its address (section address added) and name.</summary>
internal readonly record struct RelocationSymbol(ulong Value, bool IsUndefined, byte[] PrintedName);

/// <summary>
/// The symbols of a file sorted the way GNU objdump sorts them, and objdump's rules for which symbol names an
/// address: within the group of symbols at the nearest address at or below it, prefer one in the section being
/// disassembled; in an object file, whose sections all start at 0, insist on that section when the address lies
/// inside it; mapping symbols never name anything. Built from the raw entries into arrays, one per column: a kernel
/// has 150,000 symbols, and a name is only copied out of the string table when the listing prints it.
/// </summary>
internal sealed class ObjdumpSymbolTable
{
    private readonly ElfFile _file;
    private readonly ElfSymbolTable? _table;
    private readonly bool _relocatable;

    // The sorted symbols' columns.
    private readonly ulong[] _values;
    private readonly uint[] _sectionIndices;
    private readonly int[] _entries;
    private readonly Kind[] _kinds;

    // Where each name lies in the string table, printed from there as it is; a length of -1: the name is printed
    // otherwise (a section's name, or control characters in caret form), and that text is made at first use.
    private readonly ReadOnlyMemory<byte> _strings;
    private readonly uint[] _nameStarts;
    private readonly int[] _nameLengths;
    private readonly byte[]?[] _printedNames;

    // An index by page over the code sections' addresses: the first sorted symbol at or above each page, so a
    // search for a branch target looks among the few symbols of its page instead of through the whole table.
    private const int PageShift = 12;
    private readonly ulong _pagesStart;
    private readonly int[] _pageFirst;

    [Flags]
    private enum Kind : byte
    {
        None = 0,
        Function = 1,
        Object = 2,
        Mapping = 4,
        DataMapping = 8,
        Section = 16,
        CompilerMarker = 32,
    }

    /// <summary>
    /// Reads and sorts the symbols of <paramref name="file"/>. <paramref name="whileSorting"/> is started when the
    /// table is read: the sort by address leaves the other core free.
    /// </summary>
    public ObjdumpSymbolTable(ElfFile file, Action? whileSorting = null)
    {
        _file = file;
        _table = file.Symbols;
        _relocatable = file.Type == ElfFileType.Relocatable;
        var count = _table?.Count ?? 0;
        var values = new ulong[count];
        var columns = new Column[count];
        // A kernel's table is read, and its runs sorted, in two halves on two threads.
        var halves = count >= TwoThreadsFrom;
        var half = halves ? count / 2 : count;
        var second = halves ? Task.Run(() => ReadEntries(half, count, values, columns, half)) : null;
        var kept = ReadEntries(1, half, values, columns, 0);
        if (second is not null)
        {
            var more = second.GetAwaiter().GetResult();
            Array.Copy(values, half, values, kept, more);
            Array.Copy(columns, half, columns, kept, more);
            kept += more;
        }
        whileSorting?.Invoke();
        // Sorted by address alone first (a sort of plain numbers, with the file's order beside them), then each run
        // of symbols at one address by objdump's further rules.
        var order = new int[kept];
        for (var i = 0; i < kept; i++) order[i] = i;
        AddressSort.Sort(values, order, kept);
        var middle = halves ? kept / 2 : kept;
        while (middle > 0 && middle < kept && values[middle] == values[middle - 1]) middle++;
        _values = new ulong[kept];
        _kinds = new Kind[kept];
        _sectionIndices = new uint[kept];
        _entries = new int[kept];
        _nameStarts = new uint[kept];
        _nameLengths = new int[kept];
        var later = middle < kept ? Task.Run(() => Arrange(values, order, columns, middle, kept)) : null;
        Arrange(values, order, columns, 0, middle);
        later?.GetAwaiter().GetResult();
        _strings = _table?.StringData ?? default;
        _printedNames = new byte[]?[kept];
        (_pagesStart, _pageFirst) = PageIndex(file, _values);
    }

    // Below this many symbols a second thread costs more than it saves.
    private const int TwoThreadsFrom = 20_000;

    /// <summary>
    /// Reads entries <paramref name="from"/> up to <paramref name="to"/> into the columns from index
    /// <paramref name="at"/> on, leaving out the symbols objdump drops; returns how many it kept.
    /// </summary>
    private int ReadEntries(int from, int to, ulong[] values, Column[] columns, int at)
    {
        if (from >= to) return 0;
        var names = _table!.Reader();
        var kept = 0;
        for (var i = from; i < to; i++)
        {
            var e = names.Entry(i);
            var info = e[4];
            var type = (SymbolType)(info & 0xf);
            var shndx = names.SectionIndex(i);
            // objdump drops nameless, file, undefined and common symbols, and section symbols except those of
            // PLT and GOT sections (.plt*, .got*), which name the addresses in those linker-made sections.
            if (type == SymbolType.File || shndx is SpecialSection.Undefined or SpecialSection.Common) continue;
            var section = SectionOf(shndx);
            var name = NameOf(names, i, shndx, type == SymbolType.Section);
            if (name.IsEmpty || (type == SymbolType.Section && !IsLinkageSection(name))) continue;
            values[at + kept] = ElfFile.U64(e, 8) + (_relocatable && section is not null ? section.Address : 0);
            var marker = IsCompilerMarker(name);
            var kind = KindOf(info, name, marker);
            // Ranked now, while the table is read in order, rather than when sorting reaches it at random.
            columns[at + kept] = new Column(i, shndx, kind, ElfFile.U64(e, 16), Ranks(info, kind, name, marker),
                ElfFile.U32(e, 0), type == SymbolType.Section || HasControlCharacters(name) ? -1 : name.Length);
            kept++;
        }
        return kept;
    }

    /// <summary>
    /// Sorts each run of symbols at one address among the symbols sorted by address <paramref name="from"/> up to
    /// <paramref name="to"/>, then puts their columns in the table's arrays in that order.
    /// </summary>
    private void Arrange(ulong[] values, int[] order, Column[] columns, int from, int to)
    {
        if (from >= to) return;
        var names = _table!.Reader();
        for (int start = from, end; start < to; start = end)
        {
            for (end = start + 1; end < to && values[end] == values[start]; end++) { }
            if (end - start > 1) SortRun(order.AsSpan(start, end - start), columns, names);
        }
        for (var i = from; i < to; i++)
        {
            ref readonly var c = ref columns[order[i]];
            (_values[i], _kinds[i], _sectionIndices[i], _entries[i], _nameStarts[i], _nameLengths[i]) =
                (values[i], c.Kind, c.SectionIndex, c.Entry, c.NameStart, c.NameLength);
        }
    }

    /// <summary>
    /// What the table keeps of a symbol while it sorts them: its entry, section, kind, size, <see cref="Ranks"/>, and
    /// where its name lies in the string table (a length of -1: it is not printed as it lies there), so that a tie is
    /// settled without finding the names' ends again (one kernel has 9,435 labels at one address), nor is a printed name.
    /// </summary>
    private readonly record struct Column(int Entry, uint SectionIndex, Kind Kind, ulong Size, int Ranks, uint NameStart, int NameLength);

    /// <summary>
    /// Sorts the symbols at one address (indices into <paramref name="columns"/>) by objdump's rules: by insertion for
    /// the short runs nearly all are (a function and its mapping symbol), reading names only on a tie; by merging for
    /// a long one (a kernel has 9,435 labels at one address, alike but for their names), where each name's eight
    /// bytes after the prefix all share are read once, as a number that compares as the names do, so that most
    /// comparisons are of two numbers. Our own code rather than the runtime's generic sort, which a ReadyToRun build
    /// compiles at first use, unoptimised.
    /// </summary>
    private void SortRun(Span<int> run, Column[] columns, ElfSymbolTable.RawReader names)
    {
        const int Short = 16;
        var keys = run.Length > Short ? NameKeys(run, columns, names) : [];
        // Positions in the run are sorted, and stand for its members at the end.
        Span<int> members = run.Length <= Short ? stackalloc int[Short] : new int[run.Length];
        Span<int> positions = run.Length <= Short ? stackalloc int[Short] : new int[run.Length];
        members = members[..run.Length];
        positions = positions[..run.Length];
        run.CopyTo(members);
        for (var i = 0; i < positions.Length; i++) positions[i] = i;
        var order = new RunOrder(this, columns, names, members, keys);
        for (var start = 0; start < positions.Length; start += Short)
        {
            var piece = positions[start..Math.Min(start + Short, positions.Length)];
            for (var i = 1; i < piece.Length; i++)
            {
                var moving = piece[i];
                var j = i - 1;
                for (; j >= 0 && order.Compare(piece[j], moving) > 0; j--) piece[j + 1] = piece[j];
                piece[j + 1] = moving;
            }
        }
        if (run.Length > Short) Merge(positions, Short, order);
        for (var i = 0; i < run.Length; i++) run[i] = members[positions[i]];
    }

    /// <summary>Merges the sorted pieces of <paramref name="width"/> positions of <paramref name="positions"/>, in place.</summary>
    private static void Merge(Span<int> positions, int width, in RunOrder order)
    {
        scoped Span<int> from = positions;
        scoped Span<int> to = new int[positions.Length];
        for (; width < from.Length; width *= 2)
        {
            for (var left = 0; left < from.Length; left += 2 * width)
            {
                int mid = Math.Min(left + width, from.Length), end = Math.Min(left + 2 * width, from.Length);
                int i = left, j = mid, k = left;
                while (i < mid && j < end) to[k++] = order.Compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
                while (i < mid) to[k++] = from[i++];
                while (j < end) to[k++] = from[j++];
            }
            var merged = to;
            to = from;
            from = merged;
        }
        from.CopyTo(positions);
    }

    /// <summary>For each member of a run, the eight bytes of its name after the prefix all share, big-endian, zeros past its end.</summary>
    private ulong[] NameKeys(Span<int> run, Column[] columns, ElfSymbolTable.RawReader names)
    {
        var first = NameOf(names, columns[run[0]]);
        var shared = first.Length;
        foreach (var member in run) shared = Math.Min(shared, first.CommonPrefixLength(NameOf(names, columns[member])));
        var keys = new ulong[run.Length];
        Span<byte> key = stackalloc byte[sizeof(ulong)];
        for (var i = 0; i < run.Length; i++)
        {
            var rest = NameOf(names, columns[run[i]])[shared..];
            key.Clear();
            rest[..Math.Min(rest.Length, key.Length)].CopyTo(key);
            keys[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(key);
        }
        return keys;
    }

    /// <summary>
    /// objdump's order of the symbols of one run, by their positions in it: ranks and size, then names (their keys
    /// first, when there are any; names hold no NUL, so a key's zero padding sorts a shorter name first), then the
    /// order of the file, which the positions keep.
    /// </summary>
    private readonly ref struct RunOrder(ObjdumpSymbolTable table, Column[] columns, ElfSymbolTable.RawReader names,
        ReadOnlySpan<int> members, ReadOnlySpan<ulong> keys)
    {
        private readonly ElfSymbolTable.RawReader _names = names;
        private readonly ReadOnlySpan<int> _members = members;
        private readonly ReadOnlySpan<ulong> _keys = keys;

        public int Compare(int a, int b)
        {
            ref readonly var x = ref columns[_members[a]];
            ref readonly var y = ref columns[_members[b]];
            var c = CompareRanks(x.Ranks, x.Size, y.Ranks, y.Size);
            if (c != 0) return c;
            if (!_keys.IsEmpty && _keys[a] != _keys[b]) return _keys[a] < _keys[b] ? -1 : 1;
            c = CompareNames(table.NameOf(_names, x), table.NameOf(_names, y));
            return c != 0 ? c : a.CompareTo(b);
        }

        /// <summary>
        /// Names byte by byte, as the runtime's SequenceCompareTo does: that one is compiled at first use in a
        /// ReadyToRun build, unoptimised, and a kernel's long run of labels compares thousands of names.
        /// </summary>
        private static int CompareNames(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
        {
            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
                if (x[i] != y[i]) return x[i] - y[i];
            return x.Length - y.Length;
        }
    }

    private ReadOnlySpan<byte> NameOf(ElfSymbolTable.RawReader names, in Column c) =>
        c.NameLength < 0 ? NameOf(names, c.Entry, c.SectionIndex, (c.Kind & Kind.Section) != 0) : names.StringTable.Slice((int)c.NameStart, c.NameLength);

    private ElfSection? SectionOf(uint shndx) =>
        shndx is not (SpecialSection.Undefined or SpecialSection.Absolute or SpecialSection.Common) && shndx < (uint)_file.Sections.Count
            ? _file.Sections[(int)shndx] : null;

    /// <summary>A symbol's name: a section symbol goes by its section's name.</summary>
    private ReadOnlySpan<byte> NameOf(ElfSymbolTable.RawReader names, int entry, uint shndx, bool isSection) =>
        isSection && SectionOf(shndx) is { } section ? System.Text.Encoding.UTF8.GetBytes(section.Name) : names.Name(entry);

    private static bool IsSection(byte info) => (SymbolType)(info & 0xf) == SymbolType.Section;

    private static Kind KindOf(byte info, ReadOnlySpan<byte> name, bool compilerMarker)
    {
        var kind = (SymbolType)(info & 0xf) switch
        {
            SymbolType.Func => Kind.Function,
            SymbolType.Object or SymbolType.Common => Kind.Object,
            SymbolType.Section => Kind.Section,
            _ => Kind.None,
        };
        // AArch64 mapping symbols ($x, $d, $x.foo, $d.foo) mark code and data; they never name an address.
        if (name.Length >= 2 && name[0] == '$' && name[1] is (byte)'x' or (byte)'d' && (name.Length == 2 || name[2] == '.'))
            kind |= name[1] == 'd' ? Kind.Mapping | Kind.DataMapping : Kind.Mapping;
        // A marker changes how the listing shows what follows a symbol that is neither function nor object (a
        // symbol of any kind ranks by it).
        if (kind is Kind.None or Kind.Section && compilerMarker) kind |= Kind.CompilerMarker;
        return kind;
    }

    /// <summary>For each page of the span of the code sections, and one past it, the first symbol at or above it.</summary>
    private static (ulong Start, int[] First) PageIndex(ElfFile file, ulong[] values)
    {
        ulong low = ulong.MaxValue, high = 0;
        foreach (var section in file.Sections)
        {
            if ((section.Flags & SectionFlags.ExecInstr) == 0 || section.Size == 0) continue;
            low = Math.Min(low, section.Address);
            high = Math.Max(high, section.Address + section.Size);
        }
        // Objects' sections all start at 0 and are small; an image whose code spans more than 4 GiB goes without.
        if (low >= high || (high - low) >> PageShift >= 1 << 20) return (0, []);
        var pages = (int)((high - low + (1UL << PageShift) - 1) >> PageShift);
        var first = new int[pages + 1];
        var at = 0;
        for (var page = 0; page <= pages; page++)
        {
            var start = low + ((ulong)page << PageShift);
            while (at < values.Length && values[at] < start) at++;
            first[page] = at;
        }
        return (low, first);
    }

    public int Count => _values.Length;

    /// <summary>The address of the <paramref name="i"/>th sorted symbol.</summary>
    public ulong ValueAt(int i) => _values[i];

    public uint SectionIndexAt(int i) => _sectionIndices[i];

    public bool IsMappingAt(int i) => (_kinds[i] & Kind.Mapping) != 0;

    /// <summary>Whether the symbol says what follows is data: a <c>$d</c> mapping symbol, where a function says code.</summary>
    public bool? MarksDataAt(int i) =>
        (_kinds[i] & Kind.Mapping) != 0 ? (_kinds[i] & Kind.DataMapping) != 0 : (_kinds[i] & Kind.Function) != 0 ? false : null;

    /// <summary>
    /// Whether objdump lists what follows the symbol as instructions rather than as bytes: after a function, or after
    /// a symbol that is neither an object nor a compiler's marker (gcc2_compiled.).
    /// </summary>
    public bool StartsInstructionsAt(int i) =>
        (_kinds[i] & Kind.Function) != 0 || (_kinds[i] & (Kind.Object | Kind.CompilerMarker)) == 0;

    /// <summary>Appends the name of the <paramref name="i"/>th sorted symbol as objdump prints it, in UTF-8.</summary>
    public void AppendNameAt(ListingText text, int i)
    {
        var length = _nameLengths[i];
        if (length >= 0) text.AppendFrom(_strings.Span, (int)_nameStarts[i], length);
        else text.Append(_printedNames[i] ??= PrintedName(NameOf(_table!.Reader(), _entries[i], _sectionIndices[i], (_kinds[i] & Kind.Section) != 0)));
    }

    /// <summary>The symbol a relocation names, by its index in the symbol table, or null if there is none.</summary>
    public RelocationSymbol? RelocationSymbolAt(uint index)
    {
        if (_table is null || index == 0 || index >= (uint)_table.Count) return null;
        var reader = _table.Reader();
        var e = reader.Entry((int)index);
        var shndx = reader.SectionIndex((int)index);
        var section = SectionOf(shndx);
        var value = ElfFile.U64(e, 8) + (_relocatable && section is not null ? section.Address : 0);
        return new RelocationSymbol(value, shndx == SpecialSection.Undefined, PrintedName(NameOf(reader, (int)index, shndx, IsSection(e[4]))));
    }

    /// <summary>
    /// objdump's choice of symbol for <paramref name="address"/>: an index into the sorted symbols, or -1. The
    /// result may lie above the address when nothing suitable lies below it.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Find(ulong address, ElfSection section, bool requireSection, bool relocatable) =>
        Find(address, section, requireSection, relocatable, out _, out _);

    /// <summary>
    /// <see cref="Find(ulong, ElfSection, bool, bool)"/>, and the addresses from <paramref name="sameFrom"/> up to
    /// (not including) <paramref name="sameUpTo"/> for which the answer is the same: those whose nearest symbols
    /// below are the same group (none when the address lies below every symbol, or when in an object the section's
    /// bounds matter).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Find(ulong address, ElfSection section, bool requireSection, bool relocatable, out ulong sameFrom, out ulong sameUpTo)
    {
        (sameFrom, sameUpTo) = (address, address);
        if (_values.Length == 0) return -1;
        var above = FirstAbove(address);
        var place = FirstOfGroup(Math.Max(above - 1, 0));
        if (above > 0 && !relocatable) (sameFrom, sameUpTo) = (_values[place], above < _values.Length ? _values[above] : ulong.MaxValue);
        for (var i = place; i < _values.Length && _values[i] == _values[place]; i++)
            if (IsUsable(i, true, section)) return i;

        var wantSection = requireSection
            || (relocatable && address >= section.Address && address < section.Address + section.Size);
        if (IsUsable(place, wantSection, section)) return place;
        var found = -1;
        for (var i = place - 1; i >= 0; i--)
        {
            if (!IsUsable(i, wantSection, section)) continue;
            if (found >= 0 && _values[i] != _values[found]) break;
            found = i;
        }
        if (found >= 0) return found;
        for (var i = place + 1; i < _values.Length; i++)
            if (IsUsable(i, wantSection, section)) return i;
        return -1;
    }

    /// <summary>The index of the first symbol above <paramref name="address"/>, or <see cref="Count"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int FirstAbove(ulong address)
    {
        int lo = 0, hi = _values.Length;
        var page = (address - _pagesStart) >> PageShift;
        if (page + 1 < (ulong)_pageFirst.Length)
            (lo, hi) = (_pageFirst[page], _pageFirst[page + 1]);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_values[mid] <= address) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int FirstOfGroup(int i)
    {
        while (i > 0 && _values[i - 1] == _values[i]) i--;
        return i;
    }

    private bool IsUsable(int i, bool wantSection, ElfSection section) =>
        (!wantSection || _sectionIndices[i] == section.Index) && (_kinds[i] & Kind.Mapping) == 0;

    /// <summary>A name as objdump prints it: control characters (GNU as's local labels hold a \x02) in caret form.</summary>
    public static byte[] PrintedName(ReadOnlySpan<byte> name)
    {
        if (!HasControlCharacters(name)) return name.ToArray();
        var printed = new byte[2 * name.Length];
        return printed[..SymbolListing.WritePrintable(name, printed)];
    }

    /// <summary>
    /// The first of objdump's tests that order symbols at one address, as one number that sorts later when higher:
    /// section symbols after others; functions, objects, globals before others (above bit 2); then, after comparing
    /// sizes (larger first), mapping symbols and names starting with '.' last (bits 0-1). Names come last.
    /// </summary>
    private static int Ranks(byte info, Kind kind, ReadOnlySpan<byte> name, bool compilerMarker)
    {
        var binding = (SymbolBinding)(info >> 4);
        var ranks = 0;
        void Then(bool later) => ranks = ranks << 1 | (later ? 1 : 0);
        Then(compilerMarker);
        Then(LooksLikeFileName(name));
        Then((kind & Kind.Section) != 0);
        Then((kind & Kind.Function) == 0);
        Then((kind & Kind.Object) == 0);
        Then(binding == SymbolBinding.Local);
        Then(binding != SymbolBinding.Global);
        Then((kind & Kind.Mapping) != 0);
        Then(name.Length > 0 && name[0] == '.');
        return ranks;
    }

    /// <summary>Compares by the ranks and the size, which settle all but equally ranked symbols of one size.</summary>
    private static int CompareRanks(int ranks, ulong size, int otherRanks, ulong otherSize)
    {
        if (ranks >> 2 != otherRanks >> 2) return ranks >> 2 < otherRanks >> 2 ? -1 : 1;
        if (size != otherSize) return size > otherSize ? -1 : 1;
        return (ranks & 3).CompareTo(otherRanks & 3);
    }

    private static bool IsLinkageSection(ReadOnlySpan<byte> name) => name.StartsWith(".plt"u8) || name.StartsWith(".got"u8);

    /// <summary>Whether the name holds "gnu_compiled" or "gcc2_compiled": one search for what they share.</summary>
    private static bool IsCompilerMarker(ReadOnlySpan<byte> name)
    {
        var rest = name;
        for (int at; (at = rest.IndexOf("_compiled"u8)) >= 0; rest = rest[(at + 1)..])
            if (rest[..at].EndsWith("gnu"u8) || rest[..at].EndsWith("gcc2"u8)) return true;
        return false;
    }

    /// <summary>
    /// Whether a name holds a control character. A plain loop: the runtime's vectorised searches are generic code that
    /// a ReadyToRun build compiles at first use, unoptimised, and this runs for every symbol of a kernel.
    /// </summary>
    private static bool HasControlCharacters(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
            if (b < 0x20 || b == 0x7f) return true;
        return false;
    }

    private static bool LooksLikeFileName(ReadOnlySpan<byte> name) =>
        name.Length > 2 && name[^2] == '.' && name[^1] is (byte)'o' or (byte)'a';
}

/// <summary>
/// Prints branch and address targets as objdump does: <c>8 &lt;_start+0x8&gt;</c>, the section's name when no symbol
/// fits, and, for an instruction that carries a relocation in an object file, the relocation's symbol.
/// </summary>
internal sealed class ObjdumpSymbolizer(ObjdumpSymbolTable symbols, ElfFile file)
{
    private readonly bool _relocatable = file.Type == ElfFileType.Relocatable;

    // Searches' answers and the addresses each holds for, by a hash of the target's 64-byte block: most calls go to a function
    // called before, and most branches stay within their function. Emptied when the section changes.
    private const int RangeBits = 12;
    private readonly FoundRange[] _ranges = new FoundRange[1 << RangeBits];
    private ElfSection? _rangesSection;

    private record struct FoundRange(ulong From, ulong UpTo, int Found);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AppendTarget(ListingText text, ulong address, ElfSection section, ElfRelocation? relocation)
    {
        if (symbols.Count == 0)
        {
            text.Append("0x"u8);
            text.AppendHex(address);
            return;
        }
        if (relocation is { } r && symbols.RelocationSymbolAt(r.SymbolIndex) is { } target)
        {
            address += target.Value;
            if (target.IsUndefined)
            {
                AppendWithSymbol(text, address, target.PrintedName, target.Value, fullWidth: false);
                return;
            }
        }
        if (section != _rangesSection)
        {
            Array.Clear(_ranges);
            _rangesSection = section;
        }
        ref var range = ref _ranges[(int)((uint)(address >> 6) * 0x9E3779B1u >> (32 - RangeBits))];
        if (address < range.From || address >= range.UpTo)
        {
            var found = symbols.Find(address, section, requireSection: false, _relocatable, out var from, out var upTo);
            range = new FoundRange(from, upTo, found);
        }
        AppendLabel(text, address, range.Found, section, fullWidth: false);
    }

    /// <summary>objdump's "addr &lt;symbol+off&gt;", or "addr &lt;section+off&gt;" when no symbol fits.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AppendLabel(ListingText text, ulong address, int found, ElfSection section, bool fullWidth)
    {
        AppendAddress(text, address, fullWidth);
        if (found < 0)
        {
            text.Append(ObjdumpSymbolTable.PrintedName(System.Text.Encoding.UTF8.GetBytes(section.Name)));
            AppendOffset(text, address, section.Address);
        }
        else
        {
            symbols.AppendNameAt(text, found);
            AppendOffset(text, address, symbols.ValueAt(found));
        }
    }

    private static void AppendWithSymbol(ListingText text, ulong address, byte[] name, ulong value, bool fullWidth)
    {
        AppendAddress(text, address, fullWidth);
        text.Append(name);
        AppendOffset(text, address, value);
    }

    /// <summary>The address and the opening of the label after it.</summary>
    private static void AppendAddress(ListingText text, ulong address, bool fullWidth)
    {
        if (fullWidth) text.AppendHex(address, 16);
        else text.AppendHex(address);
        text.Append(" <"u8);
    }

    /// <summary>The rest of the label after the name: the address's offset from the symbol, if any.</summary>
    private static void AppendOffset(ListingText text, ulong address, ulong value)
    {
        if (address > value)
        {
            text.Append("+0x"u8);
            text.AppendHex(address - value);
        }
        else if (address < value)
        {
            text.Append("-0x"u8);
            text.AppendHex(value - address);
        }
        text.Append((byte)'>');
    }
}

/// <summary>
/// What the listing's disassembler prints for a target: nothing. The listing prints the target itself, in bytes,
/// where <see cref="Disassembler.LastTarget"/> says it goes.
/// </summary>
internal sealed class TargetLeftOut : ISymbolizer
{
    public static readonly TargetLeftOut Instance = new();

    public void AppendTarget(StringBuilder sb, ulong address)
    {
    }
}
