using System.Text;
using PatchLab.Elf;

namespace PatchLab.Arm64.Listing;

/// <summary>A symbol as objdump's disassembler sees it: its address (section address added in objects).</summary>
internal sealed record ListingSymbol(string Name, ulong Value, ulong Size, SymbolBinding Binding, SymbolType Type, uint SectionIndex)
{
    /// <summary>AArch64 mapping symbols ($x, $d, $x.foo, $d.foo) mark code and data; they never name an address.</summary>
    public bool IsMapping { get; } = Name.Length >= 2 && Name[0] == '$' && Name[1] is 'x' or 'd' && (Name.Length == 2 || Name[2] == '.');

    public bool IsFunction => Type is SymbolType.Func;
    public bool IsObject => Type is SymbolType.Object or SymbolType.Common;
}

/// <summary>
/// The symbols of a file sorted the way GNU objdump sorts them, and objdump's rules for which symbol names an
/// address: within the group of symbols at the nearest address at or below it, prefer one in the section being
/// disassembled; in an object file, whose sections all start at 0, insist on that section when the address lies
/// inside it; mapping symbols never name anything.
/// </summary>
internal sealed class ObjdumpSymbolTable
{
    private readonly ListingSymbol[] _sorted;
    private readonly ulong[] _values;

    public ObjdumpSymbolTable(ElfFile file)
    {
        var table = file.Symbols;
        var list = new List<ListingSymbol>();
        var all = new ListingSymbol?[table?.Count ?? 0];
        var relocatable = file.Type == ElfFileType.Relocatable;
        if (table is not null)
        {
            for (var i = 1; i < table.Count; i++)
            {
                var e = table[i];
                var value = e.Value;
                var section = !e.IsUndefined && !e.IsAbsolute && !e.IsCommon && e.SectionIndex < (uint)file.Sections.Count
                    ? file.Sections[(int)e.SectionIndex] : null;
                if (relocatable && section is not null) value += section.Address;
                // A section symbol goes by its section's name.
                var name = e.Type == SymbolType.Section && section is not null ? section.Name : e.Name;
                var symbol = new ListingSymbol(name, value, e.Size, e.Binding, e.Type, e.SectionIndex);
                all[i] = symbol;
                // objdump drops nameless, file, undefined and common symbols, and section symbols except those of
                // PLT and GOT sections (.plt*, .got*), which name the addresses in those linker-made sections.
                if (name.Length == 0 || e.Type == SymbolType.File || e.IsUndefined || e.IsCommon
                    || (e.Type == SymbolType.Section && !IsLinkageSection(name)))
                    continue;
                list.Add(symbol);
            }
        }
        ByIndex = all;
        // Sorted by address alone first (a sort of plain numbers, with the file's order beside them), then each run
        // of symbols at one address by objdump's further rules, whose tests on names are made once per symbol.
        var values = new ulong[list.Count];
        var order = new int[list.Count];
        for (var i = 0; i < values.Length; i++) (values[i], order[i]) = (list[i].Value, i);
        Array.Sort(values, order);
        for (int start = 0, end; start < values.Length; start = end)
        {
            for (end = start + 1; end < values.Length && values[end] == values[start]; end++) { }
            if (end - start < 2) continue;
            var run = new SortKey[end - start];
            for (var i = 0; i < run.Length; i++) run[i] = new SortKey(list[order[start + i]], order[start + i]);
            Array.Sort(run);
            for (var i = 0; i < run.Length; i++) order[start + i] = run[i].Index;
        }
        _sorted = Array.ConvertAll(order, i => list[i]);
        _values = values;
    }

    /// <summary>Every symbol by its symbol table index (null at 0), for relocations.</summary>
    public IReadOnlyList<ListingSymbol?> ByIndex { get; }

    public IReadOnlyList<ListingSymbol> Sorted => _sorted;

    public int Count => _sorted.Length;

    /// <summary>
    /// objdump's choice of symbol for <paramref name="address"/>: an index into <see cref="Sorted"/>, or -1. The
    /// result may lie above the address when nothing suitable lies below it.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Find(ulong address, ElfSection section, bool requireSection, bool relocatable)
    {
        if (_sorted.Length == 0) return -1;
        var place = FirstOfGroup(LastAtOrBelow(address));
        for (var i = place; i < _sorted.Length && _values[i] == _values[place]; i++)
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
        for (var i = place + 1; i < _sorted.Length; i++)
            if (IsUsable(i, wantSection, section)) return i;
        return -1;
    }

    /// <summary>The index of the first symbol above <paramref name="address"/>, or <see cref="Count"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int FirstAbove(ulong address)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_values[mid] <= address) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int LastAtOrBelow(ulong address) => Math.Max(FirstAbove(address) - 1, 0);

    private int FirstOfGroup(int i)
    {
        while (i > 0 && _values[i - 1] == _values[i]) i--;
        return i;
    }

    public bool IsUsable(int i, bool wantSection, ElfSection section) =>
        (!wantSection || _sorted[i].SectionIndex == section.Index) && !_sorted[i].IsMapping;

    /// <summary>
    /// objdump's order among symbols at one address: section symbols after others; functions, objects, globals before
    /// others; larger sizes first; mapping symbols and names starting with '.' last; finally by name (and, for equal
    /// names, as listed in the file).
    /// </summary>
    private readonly struct SortKey(ListingSymbol symbol, int index) : IComparable<SortKey>
    {
        public readonly ListingSymbol Symbol = symbol;

        // Copied in, so that most comparisons read the keys only, not the symbols they point to.
        private readonly ulong _size = symbol.Size;

        // The tests before the size, each a bit that sorts later when set, the first test the highest bit.
        private readonly int _before = Flags(
            IsCompilerMarker(symbol.Name), LooksLikeFileName(symbol.Name), symbol.Type == SymbolType.Section, !symbol.IsFunction,
            !symbol.IsObject, symbol.Binding == SymbolBinding.Local, symbol.Binding != SymbolBinding.Global);

        // The tests after the size.
        private readonly int _after = Flags(symbol.IsMapping, symbol.Name.StartsWith('.'));

        /// <summary>The symbol's place in the file's order.</summary>
        public readonly int Index = index;

        public int CompareTo(SortKey other)
        {
            if (_before != other._before) return _before < other._before ? -1 : 1;
            if (_size != other._size) return _size > other._size ? -1 : 1;
            if (_after != other._after) return _after < other._after ? -1 : 1;
            var c = string.CompareOrdinal(Symbol.Name, other.Symbol.Name);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }

        private static int Flags(params ReadOnlySpan<bool> tests)
        {
            var flags = 0;
            foreach (var t in tests) flags = flags << 1 | (t ? 1 : 0);
            return flags;
        }
    }

    private static bool IsLinkageSection(string name) =>
        name.StartsWith(".plt", StringComparison.Ordinal) || name.StartsWith(".got", StringComparison.Ordinal);

    private static bool IsCompilerMarker(string name) =>
        name.Contains("gnu_compiled", StringComparison.Ordinal) || name.Contains("gcc2_compiled", StringComparison.Ordinal);

    private static bool LooksLikeFileName(string name) =>
        name.Length > 2 && name[^2] == '.' && name[^1] is 'o' or 'a';
}

/// <summary>
/// Prints branch and address targets as objdump does: <c>8 &lt;_start+0x8&gt;</c>, the section's name when no symbol
/// fits, and, for an instruction that carries a relocation in an object file, the relocation's symbol.
/// </summary>
internal sealed class ObjdumpSymbolizer(ObjdumpSymbolTable symbols, ElfFile file) : ISymbolizer
{
    private readonly bool _relocatable = file.Type == ElfFileType.Relocatable;

    public ElfSection? Section { get; set; }

    /// <summary>The relocation on the instruction being printed, if any (objects only).</summary>
    public ElfRelocation? Relocation { get; set; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AppendTarget(StringBuilder sb, ulong address)
    {
        var section = Section ?? throw new InvalidOperationException("no section is being disassembled");
        if (symbols.Count == 0)
        {
            sb.Append("0x");
            InstructionWriter.AppendHex(sb, address);
            return;
        }
        if (Relocation is { SymbolIndex: not 0 } r && r.SymbolIndex < (uint)symbols.ByIndex.Count && symbols.ByIndex[(int)r.SymbolIndex] is { } target)
        {
            address += target.Value;
            if (target.SectionIndex == SpecialSection.Undefined)
            {
                AppendWithSymbol(sb, address, target.Name, target.Value);
                return;
            }
        }
        AppendLabel(sb, address, symbols.Find(address, section, requireSection: false, _relocatable), section, fullWidth: false);
    }

    /// <summary>objdump's "addr &lt;symbol+off&gt;", or "addr &lt;section+off&gt;" when no symbol fits.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AppendLabel(StringBuilder sb, ulong address, int found, ElfSection section, bool fullWidth)
    {
        if (found < 0) AppendWithSymbol(sb, address, section.Name, section.Address, fullWidth);
        else AppendWithSymbol(sb, address, symbols.Sorted[found].Name, symbols.Sorted[found].Value, fullWidth);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void AppendWithSymbol(StringBuilder sb, ulong address, string name, ulong value, bool fullWidth = false)
    {
        if (fullWidth) InstructionWriter.AppendHex(sb, address, 16);
        else InstructionWriter.AppendHex(sb, address);
        sb.Append(" <");
        AppendSanitized(sb, name);
        AppendOffset(sb, address, value);
        sb.Append('>');
    }

    /// <summary>objdump shows control characters in names in caret form (GNU as's local labels hold a \x02).</summary>
    private static void AppendSanitized(StringBuilder sb, string name)
    {
        if (!name.AsSpan().ContainsAnyInRange('\0', '\x1f') && !name.Contains('\x7f', StringComparison.Ordinal))
        {
            sb.Append(name);
            return;
        }
        foreach (var c in name)
        {
            if (c < ' ') sb.Append('^').Append((char)(c + '@'));
            else if (c == '\x7f') sb.Append("^?");
            else sb.Append(c);
        }
    }

    private static void AppendOffset(StringBuilder sb, ulong address, ulong baseValue)
    {
        if (address > baseValue)
        {
            sb.Append("+0x");
            InstructionWriter.AppendHex(sb, address - baseValue);
        }
        else if (address < baseValue)
        {
            sb.Append("-0x");
            InstructionWriter.AppendHex(sb, baseValue - address);
        }
    }
}
