using PatchLab.Arm64;

namespace PatchLab.Machine.Execution;

/// <summary>Executes one instruction word on a CPU. <see cref="Cpu.Pc"/> already points at the next instruction.</summary>
public delegate void Execute(Cpu cpu, uint word);

/// <summary>
/// One instruction word as the interpreter runs it: what executing it does, and whether the per-instruction checks
/// must follow it (<see cref="Semantic.ChangesControlState"/>). Default (a null <see cref="Execute"/>) until decoded.
/// </summary>
public readonly record struct DecodedInstruction(Execute Execute, bool ChangesControlState);

/// <summary>The meaning of a class of instruction words: the bits it covers and what executing one does.</summary>
public sealed class Semantic(int id, string name, BitPattern pattern, Func<uint, bool>? condition, Execute execute) : IDecodeEntry
{
    public int Id { get; } = id;
    public string Name { get; } = name;
    public uint Mask { get; } = pattern.Mask;
    public uint Value { get; } = pattern.Value;
    public Func<uint, bool>? Condition { get; } = condition;
    public Execute Execute { get; } = execute;

    /// <summary>Indirect branches (BR, BLR, RET and their PAC forms), for the per-call cost measures.</summary>
    public bool IsIndirectBranch { get; init; }

    /// <summary>
    /// Executing it may change what the interpreter checks before each instruction besides the PC and the clock:
    /// PSTATE (DAIF, BTYPE), waiting, context synchronisation, exceptions. Other instructions run straight on.
    /// </summary>
    public bool ChangesControlState { get; init; }

    /// <summary>A branch: it may set the PC to somewhere other than the next instruction.</summary>
    public bool IsBranch { get; init; }

    /// <summary>A branch that may also go on to the next instruction (B.cond, CBZ/CBNZ, TBZ/TBNZ).</summary>
    public bool IsConditionalBranch { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// All instruction semantics the interpreter knows, found by the same kind of decode tree the encoding table uses.
/// Patterns are the Arm ARM's encoding classes; a test checks every word they accept is one the table decodes.
/// </summary>
public static class Semantics
{
    private static readonly Lazy<(IReadOnlyList<Semantic> All, DecodeTree<Semantic> Tree)> Built = new(Build);

    public static IReadOnlyList<Semantic> All => Built.Value.All;

    /// <summary>
    /// The semantic of <paramref name="word"/>, or null when it has none or the encoding table calls it unallocated
    /// (reserved field values, and the constrained-unpredictable register combinations objdump rejects, are undefined).
    /// The machine caches the answer per fetched word, so the second lookup costs nothing on the hot path.
    /// </summary>
    public static Semantic? Find(uint word) =>
        Built.Value.Tree.Find(word) is { } semantic && Decoder.FindEncoding(word) is not null ? semantic : null;

    private static (IReadOnlyList<Semantic>, DecodeTree<Semantic>) Build()
    {
        // Find also asks the encoding table; build it on another core meanwhile (it takes as long as this).
        var table = Task.Run(() => Decoder.FindEncoding(0));
        var registry = new SemanticsBuilder();
        BranchSemantics.Define(registry);
        DataProcessingSemantics.Define(registry);
        LoadStoreSemantics.Define(registry);
        SystemSemantics.Define(registry);
        SimdFpSemantics.Define(registry);
        SimdSemantics.Define(registry);
        var tree = DecodeTree<Semantic>.Build(registry.All);
        table.Wait();
        return (registry.All, tree);
    }
}

/// <summary>What the semantics files use to register their instruction classes.</summary>
public sealed class SemanticsBuilder
{
    private readonly List<Semantic> _all = [];

    internal IReadOnlyList<Semantic> All => _all;

    public Semantic Add(string name, string pattern, Execute execute, Func<uint, bool>? when = null)
    {
        var semantic = new Semantic(_all.Count, name, BitPattern.Parse(pattern), when, execute);
        _all.Add(semantic);
        return semantic;
    }

    /// <summary>A direct branch (see <see cref="Semantic.IsBranch"/>), <paramref name="conditional"/> or not.</summary>
    public Semantic AddBranch(string name, string pattern, Execute execute, bool conditional = false)
    {
        var semantic = new Semantic(_all.Count, name, BitPattern.Parse(pattern), null, execute) { IsBranch = true, IsConditionalBranch = conditional };
        _all.Add(semantic);
        return semantic;
    }

    /// <summary>An indirect branch; <paramref name="setsBranchType"/> when it sets PSTATE.BTYPE for BTI (BR, BLR).</summary>
    public Semantic AddIndirect(string name, string pattern, Execute execute, bool setsBranchType = false)
    {
        var semantic = new Semantic(_all.Count, name, BitPattern.Parse(pattern), null, execute)
        {
            IsIndirectBranch = true,
            IsBranch = true,
            ChangesControlState = setsBranchType,
        };
        _all.Add(semantic);
        return semantic;
    }

    /// <summary>An instruction that may change control state (see <see cref="Semantic.ChangesControlState"/>), or the PC.</summary>
    public Semantic AddControl(string name, string pattern, Execute execute, Func<uint, bool>? when = null)
    {
        var semantic = new Semantic(_all.Count, name, BitPattern.Parse(pattern), when, execute) { ChangesControlState = true, IsBranch = true };
        _all.Add(semantic);
        return semantic;
    }
}
