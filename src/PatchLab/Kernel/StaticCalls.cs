using System.Buffers.Binary;
using PatchLab.Arm64;
using PatchLab.Elf;
using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>How an image's static calls are built and patched (CONFIG_STATIC_CALL_FLAVOUR in static_call.S).</summary>
public enum StaticCallFlavour
{
    /// <summary>No HAVE_STATIC_CALL: an indirect call through the key (arm64 Linux up to 2026).</summary>
    Generic = 0,

    /// <summary>Ard Biesheuvel's 2021 trampoline: <c>bti c; b target | nop; ldr x16, literal; cbz x16, 1f; br x16; 1: ret</c>.</summary>
    OutOfLine2021 = 1,

    /// <summary>The 2026 mainline trampoline: <c>bti c; adrp x16, lit; ldr x16, [x16, :lo12:lit]; br x16</c>; updates write the literal.</summary>
    OutOfLine = 2,

    /// <summary>HAVE_STATIC_CALL_INLINE: each site is a BL to the target, to its own pseudo-PLT, or a NOP.</summary>
    Inline = 3,

    /// <summary>As <see cref="OutOfLine"/>, with static_call_cond behind a static key that is on while the target is not NULL.</summary>
    CondKey = 4,
}

public static class StaticCallFlavours
{
    public static readonly IReadOnlyList<StaticCallFlavour> All =
        [StaticCallFlavour.Generic, StaticCallFlavour.OutOfLine2021, StaticCallFlavour.OutOfLine, StaticCallFlavour.Inline, StaticCallFlavour.CondKey];

    public static string Name(this StaticCallFlavour flavour) => flavour switch
    {
        StaticCallFlavour.Generic => "generic",
        StaticCallFlavour.OutOfLine2021 => "out-of-line 2021",
        StaticCallFlavour.OutOfLine => "out-of-line 2026",
        StaticCallFlavour.Inline => "inline",
        _ => "cond-key",
    };

    public static StaticCallFlavour Parse(string name) =>
        All.FirstOrDefault(f => f.Name() == name, (StaticCallFlavour)(-1)) is var f && (int)f >= 0 ? f
            : throw new UserInputException($"unknown static-call flavour `{name}' (one of: {string.Join(", ", All.Select(Name))})");
}

/// <summary>A site's own pseudo-PLT, made at build time: <c>ldr x16, literal; br x16; .quad target</c>.</summary>
public readonly record struct PseudoPlt(ulong Address)
{
    public ulong Literal => Address + 8;
}

/// <summary>One <c>.static_call_sites</c> entry, resolved: the site, its key and flags, and its pseudo-PLT.</summary>
public readonly record struct StaticCallSite(ulong Address, ulong Key, bool Tail, bool Init, bool Module, PseudoPlt? Plt);

/// <summary>
/// A static call as the image holds it: its key (<c>__SCK__name</c>: func, sites), trampoline (<c>__SCT__name</c>),
/// the literal the trampoline loads (none for generic), the static key guarding static_call_cond (cond-key only) and
/// the inline sites, sorted as static_call_init sorts them (vmlinux sites, then module sites, each by address).
/// </summary>
public sealed record StaticCallKey(string Name, ulong Address, ulong? Trampoline, ulong? Literal, ulong? Guard, IReadOnlyList<StaticCallSite> Sites);

/// <summary>
/// Static calls as kernel/static_call_inline.c and arch/arm64/kernel/static_call.c run them, for every
/// <see cref="StaticCallFlavour"/>. The constructor is static_call_init: it sorts the sites by key, marks sites in
/// init text INIT in the table and, before the CPUs run, points every inline site at its key's function and enables
/// the static_call_cond guard of every cond-key call that has a target. <see cref="Update"/> is static_call_update — the key first, then the trampoline, then the sites, all of a key's site changes in one
/// batch with one synchronisation round; init sites are skipped once <see cref="FreeInitMem"/> has run.
/// </summary>
public sealed class StaticCalls
{
    public const ulong SiteTail = 1;
    public const ulong SiteInit = 2;
    private const ulong SiteFlags = 3;
    private const uint Nop = StaticKeys.Nop;

    private readonly AArch64Machine _machine;
    private readonly TextPatcher _patcher;
    private readonly StaticKeys _keys;
    private readonly Dictionary<ulong, StaticCallKey> _byAddress;
    private readonly Dictionary<string, StaticCallKey> _byName;
    private readonly ulong? _return0;

    public StaticCalls(KernelHost host, KernelImage image, TextPatcher patcher, StaticKeys keys)
    {
        _machine = host.Machine;
        _patcher = patcher;
        _keys = keys;
        Flavour = image.StaticCallFlavour;
        _return0 = image.Image.FindSymbol("__static_call_return0")?.Value;
        var sites = ReadSites(image);
        var calls = new List<StaticCallKey>();
        const string keyPrefix = "__SCK__";
        foreach (var symbol in image.Image.Symbols.Where(s => s.Name.StartsWith(keyPrefix, StringComparison.Ordinal)))
        {
            var name = symbol.Name[keyPrefix.Length..];
            var trampoline = image.Image.FindSymbol("__SCT__" + name)?.Value;
            var literal = Flavour == StaticCallFlavour.OutOfLine2021 ? trampoline - 8 : image.Image.FindSymbol("__SCL__" + name)?.Value;
            var keySites = sites.Where(s => s.Key == symbol.Value).OrderBy(s => s.Module).ThenBy(s => s.Address).ToList();
            calls.Add(new StaticCallKey(name, symbol.Value, trampoline, literal, image.Image.FindSymbol("__SCE__" + name)?.Value, keySites));
        }
        foreach (var orphan in sites.Where(s => calls.All(c => c.Address != s.Key)))
            throw new UserInputException($"static call site at 0x{orphan.Address:x} names 0x{orphan.Key:x}, which is no static call key");
        _byAddress = calls.ToDictionary(c => c.Address);
        _byName = calls.ToDictionary(c => c.Name);
        PatchEarly();
    }

    /// <summary>
    /// The image's <c>.static_call_sites</c> with each site's PLT from <c>.static_call_plts</c>; sites in init text
    /// get the INIT flag in the table (static_call_set_init), sites in <c>.module.text</c> count as module sites.
    /// </summary>
    private List<StaticCallSite> ReadSites(KernelImage image)
    {
        var init = image.Image.FindSection(".init.text");
        var module = image.Image.FindSection(".module.text");
        static bool In(ImageSection? section, ulong address) => section is not null && address >= section.Address && address < section.Address + section.Size;
        var plts = ReadPairs(image.Image.FindSection(".static_call_plts")).ToDictionary(p => p.First, p => new PseudoPlt(p.Second));
        // Retargeting one site through a shared PLT would retarget the other.
        foreach (var shared in plts.GroupBy(p => p.Value).Where(g => g.Count() > 1))
            throw new TextPatchingException($"static call sites {string.Join(" and ", shared.Select(p => $"0x{p.Key:x}"))} share the pseudo-PLT at 0x{shared.Key.Address:x}");
        var sites = new List<StaticCallSite>();
        foreach (var (at, address, keyField) in ReadPairs(image.Image.FindSection(".static_call_sites")).Select(p => (p.At, p.First, p.Second)))
        {
            var isInit = In(init, address);
            if (isInit && (keyField & SiteInit) == 0)
                _machine.Memory.Write(at + 4, 4, (uint)((keyField | SiteInit) - (at + 4)), -1, 0);
            sites.Add(new StaticCallSite(address, keyField & ~SiteFlags, (keyField & SiteTail) != 0, isInit, In(module, address),
                plts.TryGetValue(address, out var plt) ? plt : null));
        }
        return sites;
    }

    /// <summary>
    /// text_poke_early before the CPUs run: inline sites point at their key's function, and the static_call_cond
    /// guards of cond-key calls that start with a target are enabled.
    /// </summary>
    private void PatchEarly()
    {
        var bytes = new byte[8];
        void Poke(ulong address, ulong value, int size)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            _machine.Memory.Load(address, bytes.AsSpan(0, size));
        }
        foreach (var call in Calls.Where(c => Query(c.Address) != 0 && c.Guard is not null))
        {
            _machine.Memory.Write(call.Guard!.Value, 4, 1, -1, 0);
            foreach (var entry in _keys.EntriesOf(call.Guard!.Value)) Poke(entry.Code, entry.InstructionFor(true), 4);
        }
        if (Flavour != StaticCallFlavour.Inline) return;
        foreach (var call in Calls)
            foreach (var site in call.Sites)
            {
                var (instruction, literal) = SiteChange(site, Query(call.Address));
                if (literal is { } l) Poke(site.Plt!.Value.Literal, l, 8);
                Poke(site.Address, instruction, 4);
            }
    }

    public StaticCallFlavour Flavour { get; }

    public IReadOnlyCollection<StaticCallKey> Calls => _byAddress.Values;

    /// <summary>False once init text is gone (system_state reached SYSTEM_RUNNING): init sites are no longer patched.</summary>
    public bool Initialising { get; private set; } = true;

    /// <summary>The address RET0 calls go to.</summary>
    public ulong Return0 => _return0 ?? throw new UserInputException("the kernel image has no __static_call_return0");

    public StaticCallKey this[string name] =>
        _byName.GetValueOrDefault(name) ?? throw new UserInputException($"the kernel image has no static call `{name}'");

    /// <summary>free_initmem: from now on sites in init text are skipped.</summary>
    public void FreeInitMem() => Initialising = false;

    /// <summary>static_call_query: the key's function as memory holds it (0 for NULL).</summary>
    public ulong Query(ulong key) => _machine.Memory.Read(key, 8);

    /// <summary>
    /// static_call_update(key, func): as host work on <paramref name="cpu"/>. <paramref name="func"/> 0 is NULL;
    /// <see cref="Return0"/> is RET0.
    /// </summary>
    public IEnumerable<ulong> Update(Cpu cpu, ulong key, ulong func)
    {
        var call = _byAddress.GetValueOrDefault(key) ?? throw new UserInputException($"0x{key:x} is no static call key");
        if (Query(key) == func) yield break;
        if (Flavour == StaticCallFlavour.CondKey && func == 0)
            foreach (var cost in _keys.Disable(cpu, call.Guard!.Value)) yield return cost;
        yield return Store(cpu, key, func);
        // The trampoline first: callers not yet patched (and every caller, out of line) go through it.
        switch (Flavour)
        {
            case StaticCallFlavour.OutOfLine2021:
                // The literal first, so a CPU still running the old NOP falls through to the new target. Ard's
                // prototype wrote RET for NULL; B/NOP <-> RET is not CMODX-safe, so NULL is a NOP with a zero literal.
                yield return Store(cpu, call.Literal!.Value, func);
                var at = call.Trampoline!.Value + 4;
                var instruction = func != 0 && PatchInstructions.BranchReaches(at, func) ? PatchInstructions.Branch(at, func, link: false) : Nop;
                if (_machine.Memory.PeekWord(at) != instruction)
                    foreach (var cost in _patcher.PatchBatch(cpu, [(at, instruction)])) yield return cost;
                break;
            case StaticCallFlavour.OutOfLine or StaticCallFlavour.Inline or StaticCallFlavour.CondKey:
                yield return Store(cpu, call.Literal!.Value, func == 0 ? Return0 : func);
                break;
        }
        if (Flavour == StaticCallFlavour.CondKey && func != 0)
            foreach (var cost in _keys.Enable(cpu, call.Guard!.Value)) yield return cost;
        if (Flavour != StaticCallFlavour.Inline) yield break;
        var changes = new List<(ulong Address, uint Instruction)>();
        foreach (var site in call.Sites)
        {
            if (site.Init && !Initialising) continue;
            var (instruction, literal) = SiteChange(site, func);
            // A PLT's literal before the BL that starts using it; a stale BL to the PLT finds the old or new target.
            if (literal is { } l && _machine.Memory.Read(site.Plt!.Value.Literal, 8) != l) yield return Store(cpu, site.Plt!.Value.Literal, l);
            if (_machine.Memory.PeekWord(site.Address) != instruction) changes.Add((site.Address, instruction));
        }
        if (changes.Count > 0)
            foreach (var cost in _patcher.PatchBatch(cpu, changes)) yield return cost;
    }

    /// <summary>What an inline site holds for <paramref name="func"/>, and the literal its PLT needs if it uses it.</summary>
    private (uint Instruction, ulong? PltLiteral) SiteChange(StaticCallSite site, ulong func)
    {
        if (func == 0 && !site.Tail) return (Nop, null);
        // A NULL tail call returns: through the RET0 stub, since B <-> RET is not CMODX-safe.
        var target = func == 0 ? Return0 : func;
        if (PatchInstructions.BranchReaches(site.Address, target)) return (PatchInstructions.Branch(site.Address, target, !site.Tail), null);
        var plt = site.Plt ?? throw new TextPatchingException(
            $"0x{site.Address:x}: static call site cannot reach 0x{target:x} and has no pseudo-PLT");
        return (PatchInstructions.Branch(site.Address, plt.Address, !site.Tail), target);
    }

    private ulong Store(Cpu cpu, ulong address, ulong value)
    {
        _machine.Memory.Write(address, 8, value, cpu.Index, cpu.Cycles);
        return 1;
    }

    /// <summary>A table of { s32 first − .; s32 second − . } entries, resolved: each entry's address and the two places.</summary>
    private static IEnumerable<(ulong At, ulong First, ulong Second)> ReadPairs(ImageSection? table)
    {
        if (table is null) yield break;
        for (var offset = 0; offset + 8 <= table.Data.Length; offset += 8)
        {
            var at = table.Address + (ulong)offset;
            yield return (at, at + (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(table.Data.AsSpan(offset)),
                at + 4 + (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(table.Data.AsSpan(offset + 4)));
        }
    }
}
