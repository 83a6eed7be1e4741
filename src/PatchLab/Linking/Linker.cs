using System.Buffers.Binary;
using PatchLab.Arm64;
using PatchLab.Elf;

namespace PatchLab.Linking;

/// <summary>
/// A static linker for AArch64 relocatable objects: merges input sections by name into .text, .rodata, .data and
/// .bss (others keep their names and follow the standard section of their kind), places them, resolves symbols
/// (COMMON, weak undefined as 0), inserts veneers for B/BL that cannot reach, and applies every relocation with the
/// ABI's overflow checks.
/// </summary>
public sealed class Linker
{
    private static readonly string[] StandardNames = [".text", ".rodata", ".data", ".bss"];

    private readonly LinkLayout _layout;
    private readonly List<OutputSection> _outputs = [];
    private readonly Dictionary<string, Definition> _globals = [];
    private readonly Dictionary<ObjectSymbol, Definition?> _definers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ObjectSection, InputSection> _inputs = new(ReferenceEqualityComparer.Instance);
    private readonly List<Veneer> _veneers = [];
    private readonly Dictionary<Veneer, OutputSection> _veneerHome = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(ObjectSection, ulong), Veneer> _siteVeneers = [];

    /// <summary>GOT entries by what they hold: a global's name or a local symbol; GCC reaches weak symbols through the GOT.</summary>
    private readonly Dictionary<object, int> _got = [];
    private readonly List<(RelocatableObject Object, ObjectSymbol Symbol)> _gotSymbols = [];
    private InputSection? _gotInput;

    private Linker(LinkLayout layout) => _layout = layout;

    /// <summary>Links <paramref name="objects"/> into an image laid out as <paramref name="layout"/> says.</summary>
    public static Image Link(IReadOnlyList<RelocatableObject> objects, LinkLayout layout)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(layout);
        var linker = new Linker(layout);
        linker.CollectSections(objects);
        linker.ResolveSymbols(objects);
        linker.AllocateGot();
        linker.PlaceWithVeneers();
        return linker.Build(objects);
    }

    private sealed record Definition(RelocatableObject Object, ObjectSymbol Symbol);

    private sealed class InputSection(RelocatableObject obj, ObjectSection section)
    {
        public RelocatableObject Object { get; } = obj;
        public ObjectSection Section { get; } = section;
        public OutputSection Output { get; set; } = null!;
        public ulong Offset { get; set; }
        public ulong Address => Output.Address + Offset;

        /// <summary>Where each relocation's symbol lives, filled in as asked: veneer passes ask again and again.</summary>
        public Location?[]? Targets { get; set; }
    }

    /// <summary>Where a symbol lives: an offset in an input section, or an absolute value (no section).</summary>
    private readonly record struct Location(InputSection? Section, ulong Offset)
    {
        public ulong Address => (Section?.Address ?? 0) + Offset;
    }

    private sealed class OutputSection(string name, SectionType type, SectionFlags flags)
    {
        public string Name { get; } = name;
        public SectionType Type { get; } = type;
        public SectionFlags Flags { get; set; } = flags;
        public ulong Alignment { get; set; } = 1;
        public List<InputSection> Inputs { get; } = [];
        public List<Veneer> Veneers { get; } = [];
        public ulong Address { get; set; }
        public ulong VeneerOffset { get; set; }
        public ulong Size { get; set; }

        /// <summary>0 code, 1 read-only data, 2 data, 3 zero-initialised data: GNU ld's order.</summary>
        public int Kind => Type == SectionType.NoBits ? 3
            : (Flags & SectionFlags.ExecInstr) != 0 ? 0
            : (Flags & SectionFlags.Write) != 0 ? 2
            : 1;
    }

    private static string OutputName(string name)
    {
        foreach (var standard in StandardNames)
            if (name == standard || name.StartsWith(standard + ".", StringComparison.Ordinal)) return standard;
        return name;
    }

    private void CollectSections(IReadOnlyList<RelocatableObject> objects)
    {
        var groups = new HashSet<string>();
        var byName = new Dictionary<string, OutputSection>();
        foreach (var obj in objects)
        {
            // COMDAT: the first object with a group signature keeps its members; later copies are dropped.
            var dropped = obj.Groups.Where(g => (g.Flags & SectionGroupFlags.Comdat) != 0 && !groups.Add(g.Signature.Name))
                .SelectMany(g => g.Members).ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var section in obj.Sections)
            {
                if ((section.Flags & SectionFlags.Alloc) == 0 || dropped.Contains(section)) continue;
                var name = OutputName(section.Name);
                if (!byName.TryGetValue(name, out var output))
                {
                    output = new OutputSection(name, section.Type, section.Flags & (SectionFlags.Alloc | SectionFlags.Write | SectionFlags.ExecInstr));
                    byName[name] = output;
                    _outputs.Add(output);
                }
                output.Flags |= section.Flags & (SectionFlags.Write | SectionFlags.ExecInstr);
                var input = new InputSection(obj, section) { Output = output };
                output.Inputs.Add(input);
                _inputs[section] = input;
            }
        }
    }

    private void ResolveSymbols(IReadOnlyList<RelocatableObject> objects)
    {
        var commons = new Dictionary<string, (ulong Size, ulong Alignment)>();
        foreach (var obj in objects)
            foreach (var symbol in obj.Symbols)
            {
                if (symbol.Binding == SymbolBinding.Local || !symbol.IsDefined) continue;
                if (symbol.Section is { } s && !_inputs.ContainsKey(s) && (s.Flags & SectionFlags.Alloc) != 0) continue;
                if (symbol.IsCommon)
                {
                    var (size, alignment) = commons.GetValueOrDefault(symbol.Name);
                    commons[symbol.Name] = (Math.Max(size, symbol.Size), Math.Max(alignment, Math.Max(symbol.Value, 1)));
                    continue;
                }
                if (_globals.TryGetValue(symbol.Name, out var existing))
                {
                    if (existing.Symbol.Binding == SymbolBinding.Weak && symbol.Binding == SymbolBinding.Global)
                        _globals[symbol.Name] = new Definition(obj, symbol);
                    else if (existing.Symbol.Binding == SymbolBinding.Global && symbol.Binding == SymbolBinding.Global)
                        throw new UserInputException($"{obj.Name}: multiple definition of `{symbol.Name}'; first defined in {existing.Object.Name}");
                    continue;
                }
                _globals[symbol.Name] = new Definition(obj, symbol);
            }
        // COMMON symbols not defined elsewhere get space at the end of .bss, as GNU ld's *(COMMON).
        var common = new RelocatableObject { Name = "COMMON" };
        var section = new ObjectSection("COMMON", SectionType.NoBits, SectionFlags.Alloc | SectionFlags.Write);
        ulong offset = 0;
        foreach (var (name, (size, alignment)) in commons.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (_globals.ContainsKey(name)) continue;
            offset = AlignUp(offset, alignment);
            section.Alignment = Math.Max(section.Alignment, alignment);
            var symbol = new ObjectSymbol(name) { Section = section, Value = offset, Size = size, Binding = SymbolBinding.Global, Type = SymbolType.Object };
            common.Symbols.Add(symbol);
            _globals[name] = new Definition(common, symbol);
            offset += size;
        }
        if (offset == 0) return;
        section.Size = offset;
        common.Sections.Add(section);
        var bss = _outputs.Find(o => o.Name == ".bss");
        if (bss is null)
        {
            bss = new OutputSection(".bss", SectionType.NoBits, SectionFlags.Alloc | SectionFlags.Write);
            _outputs.Add(bss);
        }
        var input = new InputSection(common, section) { Output = bss };
        bss.Inputs.Add(input);
        _inputs[section] = input;
    }

    private static object GotKey(ObjectSymbol symbol) => symbol.Binding == SymbolBinding.Local ? symbol : symbol.Name;

    /// <summary>A static link fills the GOT itself: one entry per symbol a GOT relocation names, holding its address.</summary>
    private void AllocateGot()
    {
        foreach (var input in _outputs.SelectMany(o => o.Inputs))
            foreach (var r in input.Section.Relocations)
                if (AArch64Relocation.IsGot(r.Type) && r.Symbol is { } symbol && _got.TryAdd(GotKey(symbol), _got.Count))
                    _gotSymbols.Add((input.Object, symbol));
        if (_got.Count == 0) return;
        var section = new ObjectSection(".got", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.Write)
        {
            Alignment = 8,
            Data = new byte[_got.Count * 8],
        };
        var output = new OutputSection(".got", SectionType.ProgBits, section.Flags);
        _gotInput = new InputSection(new RelocatableObject { Name = "GOT" }, section) { Output = output };
        output.Inputs.Add(_gotInput);
        _outputs.Add(output);
    }

    private const int MaxVeneerPasses = 16;

    /// <summary>Places sections, then adds veneers for branches out of range and places again until none is missing.</summary>
    private void PlaceWithVeneers()
    {
        var perSite = new Dictionary<(ObjectSection, ulong), Veneer>();
        var byTarget = new Dictionary<(ObjectSymbol?, long), List<Veneer>>();
        for (var pass = 0; ; pass++)
        {
            // Veneers go at the end of the caller's output section; one larger than the branch range never settles.
            if (pass > MaxVeneerPasses)
                throw new UserInputException($"veneers cannot be placed in range of every caller after {MaxVeneerPasses} passes: an output section is larger than the ±128 MiB branch range");
            Place();
            var added = false;
            foreach (var v in _veneers) v.Callers.Clear();
            _siteVeneers.Clear();
            foreach (var (input, relocation, target) in Branches())
            {
                var place = input.Address + relocation.Offset;
                if (AArch64Relocation.BranchReaches(place, target)) continue;
                var targetName = TargetName(relocation);
                Veneer? veneer;
                if (_layout.Veneers == VeneerPolicy.PerSite)
                {
                    if (!perSite.TryGetValue((input.Section, relocation.Offset), out veneer))
                    {
                        veneer = AddVeneer(input.Output, $"__{targetName}_veneer_{perSite.Count}", targetName);
                        perSite[(input.Section, relocation.Offset)] = veneer;
                        added = true;
                    }
                }
                else
                {
                    var key = (Defining(relocation.Symbol), relocation.Addend);
                    var list = byTarget.TryGetValue(key, out var l) ? l : byTarget[key] = [];
                    // A veneer added in this pass has no address yet; it will sit at the end of its output section.
                    veneer = list.Find(v => v.Address == 0 ? _veneerHome[v] == input.Output : AArch64Relocation.BranchReaches(place, v.Address));
                    if (veneer is null)
                    {
                        veneer = AddVeneer(input.Output, list.Count == 0 ? $"__{targetName}_veneer" : $"__{targetName}_veneer_{list.Count}", targetName);
                        list.Add(veneer);
                        added = true;
                    }
                }
                veneer.TargetAddress = target;
                veneer.Callers.Add(new CallSite(input.Object.Name, input.Section.Name, relocation.Offset, place));
                _siteVeneers[(input.Section, relocation.Offset)] = veneer;
            }
            if (!added) return;
        }
    }

    /// <summary>The symbol that defines what <paramref name="symbol"/> names: a global's definition, or the symbol itself.</summary>
    private ObjectSymbol? Defining(ObjectSymbol? symbol) =>
        symbol is { Binding: not SymbolBinding.Local } && Definer(symbol) is { } definition ? definition.Symbol : symbol;

    /// <summary>
    /// The definition of a global or weak reference, looked up by name once per referring symbol: a link resolves
    /// the same references again in every veneer pass and in relocation.
    /// </summary>
    private Definition? Definer(ObjectSymbol reference)
    {
        if (_definers.TryGetValue(reference, out var definition)) return definition;
        definition = _globals.GetValueOrDefault(reference.Name);
        _definers[reference] = definition;
        return definition;
    }

    private Veneer AddVeneer(OutputSection home, string name, string target)
    {
        var veneer = new Veneer(name, target);
        home.Veneers.Add(veneer);
        _veneers.Add(veneer);
        _veneerHome[veneer] = home;
        return veneer;
    }

    /// <summary>Every B and BL of the inputs with its target (S+A).</summary>
    private IEnumerable<(InputSection Input, ObjectRelocation Relocation, ulong Target)> Branches()
    {
        foreach (var output in _outputs)
        {
            if ((output.Flags & SectionFlags.ExecInstr) == 0) continue;
            foreach (var input in output.Inputs)
                for (var i = 0; i < input.Section.Relocations.Count; i++)
                {
                    var r = input.Section.Relocations[i];
                    if (!AArch64Relocation.IsBranch26(r.Type) || IsWeakUndefined(r.Symbol)) continue;
                    yield return (input, r, Target(input, i) + (ulong)r.Addend);
                }
        }
    }

    private static string TargetName(ObjectRelocation r) =>
        r.Symbol is null ? "abs" : r.Symbol.Type == SymbolType.Section ? r.Symbol.Section!.Name.TrimStart('.') + (r.Addend == 0 ? "" : $"_{r.Addend:x}") : r.Symbol.Name;

    private void Place()
    {
        var ordered = _outputs.OrderBy(o => o.Kind).ThenBy(o => Array.IndexOf(StandardNames, o.Name) is var i and >= 0 ? i : StandardNames.Length).ToList();
        // Sections placed by --section-start stay out of the way of the others, except .text, where the rest follows.
        var location = _layout.SectionStarts.TryGetValue(".text", out var textStart) ? textStart : _layout.TextStart;
        OutputSection? previous = null;
        foreach (var output in ordered)
        {
            ulong size = 0;
            foreach (var input in output.Inputs)
            {
                var alignment = Math.Max(input.Section.Alignment, 1);
                output.Alignment = Math.Max(output.Alignment, alignment);
                size = AlignUp(size, alignment);
                input.Offset = size;
                size += input.Section.Size;
            }
            if (output.Veneers.Count > 0)
            {
                size = AlignUp(size, 8);
                output.Alignment = Math.Max(output.Alignment, 8);
                output.VeneerOffset = size;
                size += (ulong)(output.Veneers.Count * Veneer.Size);
            }
            output.Size = size;
            if (output.Name != ".text" && _layout.SectionStarts.TryGetValue(output.Name, out var fixedAddress))
            {
                output.Address = fixedAddress;
                continue;
            }
            // A change from read-only to writable moves to the next page at the same offset, as GNU ld's DATA_SEGMENT_ALIGN.
            if (previous is not null && (previous.Flags & SectionFlags.Write) != (output.Flags & SectionFlags.Write))
                location = AlignUp(location, _layout.PageSize) + (location & (_layout.PageSize - 1));
            location = AlignUp(location, output.Alignment);
            output.Address = location;
            location += size;
            previous = output;
        }
        foreach (var output in _outputs)
            for (var i = 0; i < output.Veneers.Count; i++)
                output.Veneers[i].Address = output.Address + output.VeneerOffset + (ulong)(i * Veneer.Size);
        var placed = ordered.Where(o => o.Size > 0).OrderBy(o => o.Address).ToList();
        for (var i = 1; i < placed.Count; i++)
            if (placed[i - 1].Address + placed[i - 1].Size > placed[i].Address)
                throw new UserInputException($"section {placed[i - 1].Name} [0x{placed[i - 1].Address:x}, 0x{placed[i - 1].Address + placed[i - 1].Size:x}) overlaps section {placed[i].Name} at 0x{placed[i].Address:x}");
    }

    /// <summary>A weak reference no object defines.</summary>
    private bool IsWeakUndefined(ObjectSymbol? symbol) =>
        symbol is { IsDefined: false, Binding: SymbolBinding.Weak } && Definer(symbol) is null;

    /// <summary>S: a local symbol's own address, a global's definition's address, 0 for a weak undefined one.</summary>
    private ulong SymbolValue(RelocatableObject obj, ObjectSymbol? symbol) => Locate(obj, symbol).Address;

    /// <summary>S of relocation <paramref name="index"/> of <paramref name="input"/>, its symbol located once.</summary>
    private ulong Target(InputSection input, int index)
    {
        var targets = input.Targets ??= new Location?[input.Section.Relocations.Count];
        return (targets[index] ??= Locate(input.Object, input.Section.Relocations[index].Symbol)).Address;
    }

    private Location Locate(RelocatableObject obj, ObjectSymbol? symbol)
    {
        if (symbol is null) return default;
        if (symbol.Binding != SymbolBinding.Local)
        {
            if (Definer(symbol) is { } definition) symbol = definition.Symbol;
            else if (symbol.Binding == SymbolBinding.Weak) return default;
            else throw new UserInputException($"{obj.Name}: undefined reference to `{symbol.Name}'");
        }
        if (symbol.IsAbsolute) return new Location(null, symbol.Value);
        if (symbol.Section is null) throw new UserInputException($"{obj.Name}: undefined reference to `{symbol.Name}'");
        return _inputs.TryGetValue(symbol.Section, out var input) ? new Location(input, symbol.Value)
            : throw new UserInputException($"{obj.Name}: symbol `{symbol.Name}' is in section {symbol.Section.Name}, which is not loaded");
    }

    private Image Build(IReadOnlyList<RelocatableObject> objects)
    {
        var entry = _globals.TryGetValue(_layout.Entry, out var e) ? SymbolValue(e.Object, e.Symbol)
            : throw new UserInputException($"entry symbol `{_layout.Entry}' is not defined");
        var image = new Image { Entry = entry, PageSize = _layout.PageSize };
        foreach (var (obj, symbol) in _gotSymbols)
            BinaryPrimitives.WriteUInt64LittleEndian(_gotInput!.Section.Data.AsSpan(_got[GotKey(symbol)] * 8), SymbolValue(obj, symbol));
        var sections = new Dictionary<OutputSection, ImageSection>(ReferenceEqualityComparer.Instance);
        foreach (var output in _outputs.Where(o => o.Size > 0 || o.Inputs.Count > 0).OrderBy(o => o.Address))
        {
            var section = new ImageSection(output.Name, output.Type, output.Flags | SectionFlags.Alloc)
            {
                Address = output.Address,
                Alignment = output.Alignment,
            };
            if (output.Type == SectionType.NoBits) section.Size = output.Size;
            else section.Data = new byte[output.Size];
            sections[output] = section;
            image.Sections.Add(section);
            foreach (var input in output.Inputs)
            {
                if (output.Type == SectionType.NoBits) continue;
                if (input.Section.Type != SectionType.NoBits) input.Section.Data.CopyTo(section.Data, (int)input.Offset);
                Relocate(input, section.Data);
            }
            foreach (var veneer in output.Veneers)
                WriteVeneer(veneer, section.Data.AsSpan((int)(veneer.Address - output.Address), Veneer.Size));
        }
        image.Veneers.AddRange(_veneers);
        AddSymbols(image, objects, sections);
        return image;
    }

    private void Relocate(InputSection input, byte[] data)
    {
        for (var i = 0; i < input.Section.Relocations.Count; i++)
        {
            var r = input.Section.Relocations[i];
            var place = input.Address + r.Offset;
            ulong value;
            if (IsWeakUndefined(r.Symbol) && AArch64Relocation.IsBranch26(r.Type))
                value = place + 4;  // a call to an undefined weak function becomes a branch to the next instruction, as GNU ld does
            else if (AArch64Relocation.IsGot(r.Type) && r.Symbol is { } symbol)
                value = _gotInput!.Address + (ulong)(_got[GotKey(symbol)] * 8);
            else
                value = Target(input, i) + (ulong)r.Addend;
            if (AArch64Relocation.IsBranch26(r.Type) && _siteVeneers.TryGetValue((input.Section, r.Offset), out var veneer))
                value = veneer.Address;
            if (r.Offset + AArch64Relocation.Width(r.Type) > (ulong)input.Section.Data.Length)
                throw new UserInputException($"{input.Object.Name}: {input.Section.Name}+0x{r.Offset:x}: relocation outside the section");
            var problem = AArch64Relocation.Apply(data, (int)(input.Offset + r.Offset), r.Type, value, place);
            if (problem is not null)
                throw new UserInputException($"{input.Object.Name}: {input.Section.Name}+0x{r.Offset:x}: relocation {AArch64Relocation.Name(r.Type)} " +
                    $"against `{r.Symbol?.Name ?? "*ABS*"}' out of range: distance {(long)(value - place)} (0x{value:x} from 0x{place:x}); {problem}");
        }
    }

    /// <summary>
    /// A veneer within ±4 GiB of its target is <c>adrp x16; add x16; br x16</c>; a per-site one (or a farther one) is
    /// <c>ldr x16, 1f; br x16; 1: .quad target</c>, whose aligned literal can be rewritten in one store while other
    /// CPUs execute it. BR through x16 is what a <c>bti c</c> landing pad at the target accepts.
    /// </summary>
    private void WriteVeneer(Veneer veneer, Span<byte> bytes)
    {
        if (!UsesLiteral(veneer))
        {
            PltEntry.WriteAdrpAddBr(bytes, veneer.Address, veneer.TargetAddress);
            return;
        }
        PatchInstructions.WriteLiteralPlt(bytes, veneer.TargetAddress);
    }

    private bool UsesLiteral(Veneer veneer)
    {
        var pages = (long)((veneer.TargetAddress & ~0xfffUL) - (veneer.Address & ~0xfffUL));
        return _layout.Veneers == VeneerPolicy.PerSite || pages < -(1L << 32) || pages >= 1L << 32;
    }

    private void AddSymbols(Image image, IReadOnlyList<RelocatableObject> objects, Dictionary<OutputSection, ImageSection> sections)
    {
        ImageSymbol? Make(RelocatableObject obj, ObjectSymbol symbol)
        {
            if (symbol.IsAbsolute)
                return new ImageSymbol(symbol.Name) { IsAbsolute = true, Value = symbol.Value, Size = symbol.Size, Binding = symbol.Binding, Type = symbol.Type, Visibility = symbol.Visibility };
            if (symbol.Section is null || !_inputs.TryGetValue(symbol.Section, out var input)) return null;
            return new ImageSymbol(symbol.Name)
            {
                Section = sections[input.Output],
                Value = SymbolValue(obj, symbol),
                Size = symbol.Size,
                Binding = symbol.Binding,
                Type = symbol.Type,
                Visibility = symbol.Visibility,
            };
        }
        foreach (var obj in objects)
            foreach (var symbol in obj.Symbols)
                if (symbol.Binding == SymbolBinding.Local && symbol.Type is not (SymbolType.Section or SymbolType.File) && symbol.Name.Length > 0
                    && Make(obj, symbol) is { } made)
                    image.Symbols.Add(made);
        foreach (var veneer in _veneers)
        {
            var section = sections[_veneerHome[veneer]];
            image.Symbols.Add(new ImageSymbol(veneer.Name)
            {
                Section = section,
                Value = veneer.Address,
                Size = Veneer.Size,
                Binding = SymbolBinding.Local,
                Type = SymbolType.Func,
            });
            // Mapping symbols, so objdump shows code as code and the literal as data.
            image.Symbols.Add(new ImageSymbol("$x") { Section = section, Value = veneer.Address, Binding = SymbolBinding.Local });
            if (UsesLiteral(veneer))
                image.Symbols.Add(new ImageSymbol("$d") { Section = section, Value = veneer.Address + 8, Binding = SymbolBinding.Local });
        }
        foreach (var (_, definition) in _globals.OrderBy(g => g.Key, StringComparer.Ordinal))
            if (Make(definition.Object, definition.Symbol) is { } made)
                image.Symbols.Add(made);
    }

    internal static ulong AlignUp(ulong value, ulong alignment) => alignment <= 1 ? value : (value + alignment - 1) & ~(alignment - 1);
}
