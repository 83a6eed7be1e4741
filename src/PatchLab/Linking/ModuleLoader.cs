using PatchLab.Elf;

namespace PatchLab.Linking;

/// <summary>A PLT entry a module got: where it is and where it branches.</summary>
public readonly record struct ModulePlt(ulong Address, ulong Target, string TargetName);

/// <summary>A module loaded into the module region: its sections at their addresses, its symbols, and its PLT.</summary>
public sealed class LoadedModule
{
    public required string Name { get; init; }
    public required ulong Base { get; init; }
    public List<ImageSection> Sections { get; } = [];
    public List<ImageSymbol> Symbols { get; } = [];

    /// <summary>PLT entries reserved before layout: an upper bound, counted as arm64 Linux's count_plts does.</summary>
    public int PltsReserved { get; init; }

    /// <summary>The entries emitted: one per branch out of range, shared with the entry before it when the target is the same.</summary>
    public List<ModulePlt> Plts { get; } = [];

    public ImageSymbol? FindSymbol(string name) => Symbols.Find(s => s.Name == name);

    /// <summary>The first address after the module.</summary>
    public ulong End => Sections.Count == 0 ? Base : Sections.Max(s => s.Address + s.Size);
}

/// <summary>
/// Loads a relocatable object (.ko-style) into a module region the way arm64 Linux does (module-plts.c,
/// module.c): the branch relocations of each executable section are sorted by symbol, type and addend, and PLT
/// entries counted before layout (a duplicate of the relocation before it counts once; a branch into its own section
/// needs none); the sections are laid out as text, .plt, read-only data, data (each kind on a new page); a B/BL that
/// cannot reach its target is sent to an <c>adrp x16; add x16; br x16</c> entry, reusing the last entry emitted when
/// it has the same target. Undefined symbols resolve against the kernel image's global symbols. Not modelled: the
/// Cortex-A53 erratum 843419 workarounds (skipping PLT slots at page offsets 0xff8/0xffc, ADRP veneers) and the
/// separate .init.plt for init code.
/// </summary>
public static class ModuleLoader
{
    private const ulong PageSize = 0x1000;

    /// <summary>
    /// Loads modules one after another from <paramref name="regionBase"/>, each on a new page; a module may use the
    /// global symbols of those loaded before it, as with EXPORT_SYMBOL.
    /// </summary>
    public static List<LoadedModule> LoadAll(IEnumerable<RelocatableObject> modules, Image kernel, ulong regionBase)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var loaded = new List<LoadedModule>();
        var next = regionBase;
        foreach (var module in modules)
        {
            var one = Load(module, kernel, next, loaded);
            loaded.Add(one);
            next = Linker.AlignUp(one.End, PageSize);
        }
        return loaded;
    }

    /// <summary>Loads one module at <paramref name="regionBase"/>, resolving against the kernel and <paramref name="loadedBefore"/>.</summary>
    public static LoadedModule Load(RelocatableObject module, Image kernel, ulong regionBase, IReadOnlyList<LoadedModule>? loadedBefore = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(kernel);
        var symbolIndex = new Dictionary<ObjectSymbol, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < module.Symbols.Count; i++) symbolIndex[module.Symbols[i]] = i + 1;
        var text = module.Sections.Where(s => IsLoaded(s) && (s.Flags & SectionFlags.ExecInstr) != 0).ToList();
        var sortedRelocations = new Dictionary<ObjectSection, List<ObjectRelocation>>(ReferenceEqualityComparer.Instance);
        foreach (var s in text) sortedRelocations[s] = SortLikeLinux(s.Relocations, symbolIndex);
        var reserved = text.Sum(s => CountPlts(s, sortedRelocations[s]));

        // Layout: text, then the PLT, then read-only data, then writable data, each kind page aligned.
        var placedSections = new Dictionary<ObjectSection, ImageSection>(ReferenceEqualityComparer.Instance);
        var location = regionBase;
        // Sized as module_frob_arch_sections does: one entry more than counted (slack for the erratum 843419 skip), cache-line aligned.
        var plt = new ImageSection(".plt", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr) { Alignment = 64 };
        var loaded = new LoadedModule { Name = module.Name, Base = regionBase, PltsReserved = reserved };
        for (var kind = 0; kind < 3; kind++)
        {
            location = Linker.AlignUp(location, PageSize);
            foreach (var section in module.Sections.Where(s => IsLoaded(s) && KindOf(s) == kind))
            {
                location = Linker.AlignUp(location, Math.Max(section.Alignment, 1));
                var placed = new ImageSection(section.Name, section.Type, section.Flags) { Address = location, Alignment = section.Alignment };
                if (section.Type == SectionType.NoBits) placed.Size = section.Size;
                else placed.Data = (byte[])section.Data.Clone();
                loaded.Sections.Add(placed);
                placedSections[section] = placed;
                location += section.Size;
            }
            if (kind == 0)
            {
                location = Linker.AlignUp(location, plt.Alignment);
                plt.Address = location;
                plt.Data = new byte[(reserved + 1) * PltEntry.AdrpAddBrSize];
                loaded.Sections.Add(plt);
                location += plt.Size;
            }
        }

        ulong Resolve(ObjectSymbol? symbol)
        {
            if (symbol is null) return 0;
            if (symbol.IsCommon)
                throw new UserInputException($"{module.Name}: common symbol `{symbol.Name}' in a module: compile with -fno-common");
            if (symbol.Section is { } s)
                return placedSections.TryGetValue(s, out var p) ? p.Address + symbol.Value
                    : throw new UserInputException($"{module.Name}: symbol `{symbol.Name}' is in section {s.Name}, which is not loaded");
            if (symbol.IsAbsolute) return symbol.Value;
            if (module.Symbols.Find(d => d.Name == symbol.Name && d.Binding != SymbolBinding.Local && d.Section is not null) is { } own)
                return Resolve(own);
            if (kernel.FindSymbol(symbol.Name) is { Binding: not SymbolBinding.Local } exported) return exported.Value;
            foreach (var other in loadedBefore ?? [])
                if (other.FindSymbol(symbol.Name) is { Binding: not SymbolBinding.Local } fromModule) return fromModule.Value;
            return symbol.Binding == SymbolBinding.Weak ? 0UL : throw new UserInputException($"{module.Name}: unknown symbol `{symbol.Name}'");
        }

        foreach (var (section, placed) in placedSections)
        {
            if (section.Type == SectionType.NoBits) continue;
            var relocations = sortedRelocations.TryGetValue(section, out var sorted) ? sorted : section.Relocations;
            foreach (var r in relocations)
            {
                if (AArch64Relocation.IsGot(r.Type))
                    throw new UserInputException($"{module.Name}: {section.Name}+0x{r.Offset:x}: {AArch64Relocation.Name(r.Type)} is not supported in a module");
                var place = placed.Address + r.Offset;
                var value = Resolve(r.Symbol) + (ulong)r.Addend;
                if (AArch64Relocation.IsBranch26(r.Type) && !AArch64Relocation.BranchReaches(place, value))
                    value = EmitPlt(loaded, plt, value, r.Symbol?.Name ?? "*ABS*");
                var problem = AArch64Relocation.Apply(placed.Data, (int)r.Offset, r.Type, value, place);
                if (problem is not null)
                    throw new UserInputException($"{module.Name}: {section.Name}+0x{r.Offset:x}: relocation {AArch64Relocation.Name(r.Type)} " +
                        $"against `{r.Symbol?.Name}' out of range: distance {(long)(value - place)}; {problem}");
            }
        }
        foreach (var symbol in module.Symbols)
            if (symbol.Section is { } s && placedSections.TryGetValue(s, out var placed) && symbol.Type is not (SymbolType.Section or SymbolType.File) && symbol.Name.Length > 0)
                loaded.Symbols.Add(new ImageSymbol(symbol.Name)
                {
                    Section = placed,
                    Value = Resolve(symbol),
                    Size = symbol.Size,
                    Binding = symbol.Binding,
                    Type = symbol.Type,
                });
        return loaded;
    }

    /// <summary>
    /// PLT entries a section needs at most: one per branch relocation to another section, a relocation equal to the
    /// one before it (in Linux's sort order) counted once, one with a non-zero addend always counted.
    /// </summary>
    public static int CountPlts(RelocatableObject module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var symbolIndex = new Dictionary<ObjectSymbol, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < module.Symbols.Count; i++) symbolIndex[module.Symbols[i]] = i + 1;
        return module.Sections.Where(s => IsLoaded(s) && (s.Flags & SectionFlags.ExecInstr) != 0)
            .Sum(s => CountPlts(s, SortLikeLinux(s.Relocations, symbolIndex)));
    }

    private static int CountPlts(ObjectSection section, List<ObjectRelocation> sorted)
    {
        var count = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            var r = sorted[i];
            if (!AArch64Relocation.IsBranch26(r.Type) || r.Symbol?.Section == section) continue;
            if (r.Addend != 0 || i == 0 || !SameKey(sorted[i - 1], r)) count++;
        }
        return count;
    }

    /// <summary>Linux sorts by r_info (symbol index, then type), then addend.</summary>
    private static List<ObjectRelocation> SortLikeLinux(List<ObjectRelocation> relocations, Dictionary<ObjectSymbol, int> symbolIndex)
    {
        int Index(ObjectSymbol? s) => s is null ? 0 : symbolIndex.GetValueOrDefault(s, int.MaxValue);
        return [.. relocations.OrderBy(r => ((ulong)(uint)Index(r.Symbol) << 32) | r.Type).ThenBy(r => r.Addend)];
    }

    private static bool SameKey(ObjectRelocation a, ObjectRelocation b) =>
        a.Type == b.Type && ReferenceEquals(a.Symbol, b.Symbol) && a.Addend == b.Addend;

    private static ulong EmitPlt(LoadedModule module, ImageSection plt, ulong target, string name)
    {
        if (module.Plts.Count > 0 && module.Plts[^1].Target == target) return module.Plts[^1].Address;
        if (module.Plts.Count >= module.PltsReserved)
            throw new InvalidOperationException($"{module.Name}: more PLT entries needed than the {module.PltsReserved} counted");
        var address = plt.Address + (ulong)(module.Plts.Count * PltEntry.AdrpAddBrSize);
        PltEntry.WriteAdrpAddBr(plt.Data.AsSpan((int)(address - plt.Address)), address, target);
        module.Plts.Add(new ModulePlt(address, target, name));
        return address;
    }

    private static bool IsLoaded(ObjectSection s) => (s.Flags & SectionFlags.Alloc) != 0;

    private static int KindOf(ObjectSection s) =>
        (s.Flags & SectionFlags.ExecInstr) != 0 ? 0 : (s.Flags & SectionFlags.Write) == 0 ? 1 : 2;
}
