using System.Buffers.Binary;
using PatchLab.Arm64;
using PatchLab.Elf;

namespace PatchLab.Analysis;

/// <summary>What the checker does besides listing and checking sites.</summary>
public sealed record StaticCallCheckOptions
{
    /// <summary>The inline flavour: a pseudo-PLT per site, and sites of calls defined NULL become NOPs.</summary>
    public bool Inline { get; init; }

    /// <summary>RET0 the x86 way: sites of calls defined RET0 would become <c>mov x0, xzr</c> (refused: not CMODX-safe).</summary>
    public bool Ret0AsMov { get; init; }
}

public enum PatchSiteKind
{
    StaticCall,
    JumpLabel,
}

/// <summary>A patch site the checker found: where it is, what it refers to, and what was made for it.</summary>
public sealed record CheckedSite(string Object, string Section, ulong Offset, string Symbol, PatchSiteKind Kind, bool Tail, bool Init,
    ulong? PltOffset, bool Nopped)
{
    public override string ToString()
    {
        var what = Kind == PatchSiteKind.JumpLabel ? "jump label" : Tail ? "static call (tail)" : "static call";
        var plt = PltOffset is { } p ? $", pseudo-PLT at {Section}+0x{p:x}" : "";
        return $"{Object}: {Section}+0x{Offset:x}: {what} {Symbol}{(Init ? ", init" : "")}{plt}{(Nopped ? ", NOP (NULL)" : "")}";
    }
}

/// <summary>A site that cannot be patched safely: object, section, offset, symbol and why.</summary>
public sealed record CheckRejection(string Object, string Section, ulong Offset, string Symbol, string Reason)
{
    public override string ToString() => $"{Object}: {Section}+0x{Offset:x} ({Symbol}): {Reason}";
}

public sealed record StaticCallCheckResult(IReadOnlyList<CheckedSite> Sites, IReadOnlyList<CheckRejection> Rejections);

/// <summary>
/// The build-time pass arm64 lacks (objtool's <c>--static-call</c> on x86), over relocatable objects:
/// <list type="bullet">
/// <item>finds calls to <c>__SCT__*</c> trampolines (R_AARCH64_CALL26 / JUMP26) and jump-label sites (<c>__jump_table</c>);</item>
/// <item>writes <c>.static_call_sites</c> ({ s32 site − .; s32 key − . + flags }, TAIL 1 for a B, INIT 2 in init
/// text) with PREL32 relocations, the key being <c>__SCK__name</c>;</item>
/// <item>for the inline flavour, appends a pseudo-PLT per site to the site's section (<c>ldr x16, lit; br x16;
/// .quad __SCT__name</c>), points the site at it and lists the pair in <c>.static_call_plts</c>, and turns sites
/// of calls defined NULL into NOPs;</item>
/// <item>rejects a site that shares a PLT, one out of range with no PLT, one that is not a BL or B, and a patch
/// target that is not CMODX-safe.</item>
/// </list>
/// Objects that already carry <c>.static_call_sites</c> (made by the static_call.S macros) are checked, not rewritten.
/// </summary>
public static class StaticCallChecker
{
    public const string TrampolinePrefix = "__SCT__";
    public const string KeyPrefix = "__SCK__";
    private const uint MovX0Zero = 0xaa1f03e0;        // mov x0, xzr

    public static StaticCallCheckResult Check(IReadOnlyList<RelocatableObject> objects, StaticCallCheckOptions options)
    {
        var sites = new List<CheckedSite>();
        var rejections = new List<CheckRejection>();
        var initial = objects.SelectMany(InitialTargets).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().Target);
        foreach (var obj in objects)
        {
            CheckJumpLabels(obj, sites, rejections);
            if (obj.FindSection(".static_call_sites") is { } existing)
                CheckExisting(obj, existing, options, sites, rejections);
            else
                Annotate(obj, options, initial, sites, rejections);
        }
        return new StaticCallCheckResult(sites, rejections);
    }

    /// <summary>What each key defined here starts with: "NULL", "RET0" or another symbol.</summary>
    private static IEnumerable<(string Name, string Target)> InitialTargets(RelocatableObject obj)
    {
        foreach (var key in obj.Symbols.Where(s => s.Name.StartsWith(KeyPrefix, StringComparison.Ordinal) && s.Section is not null))
        {
            var section = key.Section!;
            var name = key.Name[KeyPrefix.Length..];
            var relocation = section.Relocations.Where(r => r.Offset == key.Value).Select(r => (ObjectRelocation?)r).FirstOrDefault();
            if (relocation is { Symbol: { } target })
                yield return (name, target.Name == "__static_call_return0" ? "RET0" : target.Name);
            else if (section.Type == SectionType.NoBits || key.Value + 8 <= section.Size
                && BinaryPrimitives.ReadUInt64LittleEndian(section.Data.AsSpan((int)key.Value)) == 0)
                yield return (name, "NULL");
        }
    }

    private static void Annotate(RelocatableObject obj, StaticCallCheckOptions options, Dictionary<string, string> initial,
        List<CheckedSite> sites, List<CheckRejection> rejections)
    {
        var entries = new List<(ObjectSection Section, ulong Offset, ObjectSymbol Key, ulong Flags, ulong? Plt)>();
        foreach (var section in obj.Sections.Where(s => (s.Flags & SectionFlags.ExecInstr) != 0 && s.Type != SectionType.NoBits).ToList())
        {
            var init = section.Name.StartsWith(".init.text", StringComparison.Ordinal);
            for (var i = 0; i < section.Relocations.Count; i++)
            {
                var r = section.Relocations[i];
                if (r.Symbol is not { } symbol || !symbol.Name.StartsWith(TrampolinePrefix, StringComparison.Ordinal)) continue;
                var type = (RelocationType)r.Type;
                if (type is RelocationType.Abs64 or RelocationType.Abs32 or RelocationType.Prel64 or RelocationType.Prel32) continue;   // a literal
                var word = BinaryPrimitives.ReadUInt32LittleEndian(section.Data.AsSpan((int)r.Offset));
                var tail = type == RelocationType.Jump26;
                var isBranch = type == RelocationType.Call26 && (word & 0xfc000000) == 0x94000000
                    || tail && (word & 0xfc000000) == 0x14000000;
                if (!isBranch)
                {
                    rejections.Add(new CheckRejection(obj.Name, section.Name, r.Offset, symbol.Name,
                        $"not a BL or B ({Describe(word, r.Offset)}): a static call site must be one instruction that can be patched"));
                    continue;
                }
                var name = symbol.Name[TrampolinePrefix.Length..];
                var start = initial.GetValueOrDefault(name);
                if (options.Ret0AsMov && start == "RET0" && !tail)
                {
                    rejections.Add(new CheckRejection(obj.Name, section.Name, r.Offset, symbol.Name,
                        $"patch target not CMODX-safe: {Describe(word, r.Offset)} -> {Describe(MovX0Zero, r.Offset)} for RET0 (MOV is not on the CMODX list)"));
                    continue;
                }
                var key = obj.FindSymbol(KeyPrefix + name) ?? AddUndefined(obj, KeyPrefix + name);
                ulong? plt = null;
                var nopped = false;
                if (options.Inline && start == "NULL" && !tail)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(section.Data.AsSpan((int)r.Offset), PatchInstructions.Nop);
                    section.Relocations.RemoveAt(i--);
                    nopped = true;
                }
                else if (options.Inline)
                {
                    var at = AppendPlt(obj, section, symbol);
                    if (!PatchInstructions.BranchReaches(r.Offset, at))
                    {
                        rejections.Add(new CheckRejection(obj.Name, section.Name, r.Offset, symbol.Name,
                            $"out of range with no PLT: a pseudo-PLT at the end of {section.Name} (+0x{at:x}) is beyond the ±128 MiB of a BL"));
                        continue;
                    }
                    section.Relocations[i] = r with { Symbol = SectionSymbol(obj, section), Addend = (long)at };
                    plt = at;
                }
                entries.Add((section, r.Offset, key, (tail ? 1UL : 0) | (init ? 2UL : 0), plt));
                sites.Add(new CheckedSite(obj.Name, section.Name, r.Offset, symbol.Name, PatchSiteKind.StaticCall, tail, init, plt, nopped));
            }
        }
        if (entries.Count == 0) return;
        var table = new ObjectSection(".static_call_sites", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.Write)
        {
            Alignment = 4,
            Data = new byte[8 * entries.Count],
        };
        for (var i = 0; i < entries.Count; i++)
        {
            var (section, offset, key, flags, _) = entries[i];
            table.Relocations.Add(new ObjectRelocation((ulong)(8 * i), (uint)RelocationType.Prel32, SectionSymbol(obj, section), (long)offset));
            table.Relocations.Add(new ObjectRelocation((ulong)(8 * i + 4), (uint)RelocationType.Prel32, key, (long)flags));
        }
        obj.Sections.Add(table);
        var withPlt = entries.Where(e => e.Plt is not null).ToList();
        if (withPlt.Count == 0) return;
        var plts = new ObjectSection(".static_call_plts", SectionType.ProgBits, SectionFlags.Alloc) { Alignment = 4, Data = new byte[8 * withPlt.Count] };
        for (var i = 0; i < withPlt.Count; i++)
        {
            var symbol = SectionSymbol(obj, withPlt[i].Section);
            plts.Relocations.Add(new ObjectRelocation((ulong)(8 * i), (uint)RelocationType.Prel32, symbol, (long)withPlt[i].Offset));
            plts.Relocations.Add(new ObjectRelocation((ulong)(8 * i + 4), (uint)RelocationType.Prel32, symbol, (long)withPlt[i].Plt!.Value));
        }
        obj.Sections.Add(plts);
    }

    /// <summary>Appends <c>ldr x16, lit; br x16; lit: .quad trampoline</c> to the section, 8-aligned; returns its offset.</summary>
    private static ulong AppendPlt(RelocatableObject obj, ObjectSection section, ObjectSymbol trampoline)
    {
        var at = (section.Size + 7) & ~7UL;
        var data = new byte[at + PatchInstructions.LiteralPltSize];
        section.Data.CopyTo(data, 0);
        for (var pad = section.Size; pad < at; pad += 4) BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan((int)pad), PatchInstructions.Nop);
        PatchInstructions.WriteLiteralPlt(data.AsSpan((int)at), 0);
        section.Data = data;
        section.Alignment = Math.Max(section.Alignment, 8);
        section.Relocations.Add(new ObjectRelocation(at + 8, (uint)RelocationType.Abs64, trampoline, 0));
        // Mapping symbols, as GNU as writes them, so disassemblers show the literal as data.
        obj.Symbols.Add(new ObjectSymbol("$x") { Section = section, Value = at, Binding = SymbolBinding.Local, Type = SymbolType.NoType });
        obj.Symbols.Add(new ObjectSymbol("$d") { Section = section, Value = at + 8, Binding = SymbolBinding.Local, Type = SymbolType.NoType });
        return at;
    }

    /// <summary>Checks a table the macros made: every site with its own PLT, in its own section, in range.</summary>
    private static void CheckExisting(RelocatableObject obj, ObjectSection table, StaticCallCheckOptions options,
        List<CheckedSite> sites, List<CheckRejection> rejections)
    {
        var pltOf = new Dictionary<(ObjectSection, ulong), (ObjectSection Section, ulong Offset)>();
        var users = new Dictionary<(ObjectSection, ulong), (ObjectSection Section, ulong Offset)>();
        if (obj.FindSection(".static_call_plts") is { } plts)
        {
            foreach (var (first, second) in Pairs(plts, 8))
            {
                if (Place(first) is not { } site || Place(second) is not { } plt) continue;
                if (users.TryGetValue(plt, out var other))
                    rejections.Add(new CheckRejection(obj.Name, site.Section.Name, site.Offset, SymbolAt(obj, site.Section, site.Offset),
                        $"shares its PLT at {plt.Section.Name}+0x{plt.Offset:x} with the site at {other.Section.Name}+0x{other.Offset:x}: " +
                        "retargeting one would retarget the other"));
                else users[plt] = site;
                pltOf[site] = plt;
            }
        }
        foreach (var (first, key) in Pairs(table, 8))
        {
            if (Place(first) is not { } site) continue;
            var symbol = SymbolAt(obj, site.Section, site.Offset);
            var word = site.Section.Type == SectionType.NoBits ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(site.Section.Data.AsSpan((int)site.Offset));
            if ((word & 0x7c000000) != 0x14000000 && word != PatchInstructions.Nop)
            {
                rejections.Add(new CheckRejection(obj.Name, site.Section.Name, site.Offset, symbol,
                    $"not a BL or B ({Describe(word, site.Offset)}): a static call site must be one instruction that can be patched"));
                continue;
            }
            ulong? pltOffset = null;
            if (pltOf.TryGetValue(site, out var plt))
            {
                if (plt.Section != site.Section || !PatchInstructions.BranchReaches(site.Offset, plt.Offset))
                    rejections.Add(new CheckRejection(obj.Name, site.Section.Name, site.Offset, symbol,
                        $"out of range with no PLT: its PLT is at {plt.Section.Name}+0x{plt.Offset:x}, which a BL cannot be sure to reach"));
                pltOffset = plt.Offset;
            }
            else if (options.Inline)
                rejections.Add(new CheckRejection(obj.Name, site.Section.Name, site.Offset, symbol,
                    "out of range with no PLT: an inline site needs its own pseudo-PLT for targets beyond ±128 MiB"));
            var flags = (ulong)key.Addend & 3;
            sites.Add(new CheckedSite(obj.Name, site.Section.Name, site.Offset, key.Symbol?.Name ?? "", PatchSiteKind.StaticCall, (flags & 1) != 0,
                (flags & 2) != 0 || site.Section.Name.StartsWith(".init.text", StringComparison.Ordinal), pltOffset, word == PatchInstructions.Nop));
        }
    }

    /// <summary>Jump-label sites must hold a NOP or a B: the only instructions a static key switches between.</summary>
    private static void CheckJumpLabels(RelocatableObject obj, List<CheckedSite> sites, List<CheckRejection> rejections)
    {
        if (obj.FindSection("__jump_table") is not { } table) return;
        foreach (var (code, _) in Pairs(table, 16))
        {
            if (Place(code) is not { } site) continue;
            var symbol = SymbolAt(obj, site.Section, site.Offset);
            var word = BinaryPrimitives.ReadUInt32LittleEndian(site.Section.Data.AsSpan((int)site.Offset));
            if (word != PatchInstructions.Nop && (word & 0xfc000000) != 0x14000000)
            {
                rejections.Add(new CheckRejection(obj.Name, site.Section.Name, site.Offset, symbol,
                    $"patch target not CMODX-safe: {Describe(word, site.Offset)} is neither a NOP nor a B, so a static key cannot switch it while other CPUs run"));
                continue;
            }
            sites.Add(new CheckedSite(obj.Name, site.Section.Name, site.Offset, symbol, PatchSiteKind.JumpLabel, false,
                site.Section.Name.StartsWith(".init.text", StringComparison.Ordinal), null, false));
        }
    }

    /// <summary>The relocations at offsets 0 and 4 of each <paramref name="stride"/>-byte entry of a table.</summary>
    private static IEnumerable<(ObjectRelocation First, ObjectRelocation Second)> Pairs(ObjectSection table, int stride)
    {
        var byOffset = table.Relocations.GroupBy(r => r.Offset).ToDictionary(g => g.Key, g => g.First());
        for (ulong at = 0; at + 8 <= table.Size; at += (ulong)stride)
            if (byOffset.TryGetValue(at, out var first) && byOffset.TryGetValue(at + 4, out var second))
                yield return (first, second);
    }

    /// <summary>Where a relocation points when its symbol is defined here: the symbol's section and value plus the addend.</summary>
    private static (ObjectSection Section, ulong Offset)? Place(ObjectRelocation r) =>
        r.Symbol is { Section: { } section } symbol ? (section, symbol.Value + (ulong)r.Addend) : null;

    /// <summary>The function a place is in, as <c>name+0xoff</c>, or the section's name.</summary>
    private static string SymbolAt(RelocatableObject obj, ObjectSection section, ulong offset)
    {
        var function = obj.Symbols.Where(s => s.Section == section && s.Type is SymbolType.Func or SymbolType.NoType && !s.Name.StartsWith('$')
                && !string.IsNullOrEmpty(s.Name) && s.Value <= offset)
            .OrderByDescending(s => s.Value).FirstOrDefault();
        return function is null ? section.Name : offset == function.Value ? function.Name : $"{function.Name}+0x{offset - function.Value:x}";
    }

    private static string Describe(uint word, ulong offset) => new Disassembler().Format(word, offset).Replace('\t', ' ');

    private static ObjectSymbol AddUndefined(RelocatableObject obj, string name)
    {
        var symbol = new ObjectSymbol(name) { Binding = SymbolBinding.Global, Type = SymbolType.NoType };
        obj.Symbols.Add(symbol);
        return symbol;
    }

    private static ObjectSymbol SectionSymbol(RelocatableObject obj, ObjectSection section)
    {
        if (obj.Symbols.Find(s => s.Type == SymbolType.Section && s.Section == section) is { } existing) return existing;
        var symbol = new ObjectSymbol("") { Section = section, Binding = SymbolBinding.Local, Type = SymbolType.Section };
        obj.Symbols.Add(symbol);
        return symbol;
    }
}
