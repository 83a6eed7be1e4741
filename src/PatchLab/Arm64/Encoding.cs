using PatchLab.Arm64.Operands;

namespace PatchLab.Arm64;

/// <summary>
/// One row of the encoding table: a mnemonic, the bit pattern it occupies, its operands, and (for a base encoding)
/// the aliases objdump prefers when their conditions hold. Decoding finds base encodings only; printing then picks
/// the first alias that matches, as objdump does.
/// </summary>
public sealed class Encoding : IDecodeEntry
{
    private readonly List<Encoding> _aliases = [];

    internal Encoding(int id, string group, string mnemonic, BitPattern pattern, Operand[] operands,
        Func<uint, bool>? condition, Encoding? aliasOf, MnemonicFamily? family)
    {
        Id = id;
        Group = group;
        Mnemonic = mnemonic;
        Pattern = pattern;
        Operands = operands;
        OperandArray = operands;
        Condition = condition;
        AliasOf = aliasOf;
        Family = family;
    }

    /// <summary>Index in <see cref="EncodingTable.All"/>; stable for one build of the table.</summary>
    public int Id { get; }

    /// <summary>The encoding group it was defined in (the file under Encodings/), for tests and reports.</summary>
    public string Group { get; }

    public string Mnemonic { get; }
    public BitPattern Pattern { get; }
    public uint Mask => Pattern.Mask;
    public uint Value => Pattern.Value;
    public IReadOnlyList<Operand> Operands { get; }

    /// <summary>The operands as an array, for the printer's loop (no enumerator per instruction).</summary>
    internal Operand[] OperandArray { get; }

    /// <summary>A further constraint beyond mask and value (reserved field values, an alias's preference rule).</summary>
    public Func<uint, bool>? Condition { get; }

    /// <summary>
    /// For a row whose condition is a <see cref="BitCondition"/>: the words it matches as disjoint mask/value pairs,
    /// which the decode tree uses instead of calling the condition.
    /// </summary>
    public IReadOnlyList<(uint Mask, uint Value)>? Cover { get; internal set; }

    /// <summary>For mnemonics that name a field's value, such as <c>b.&lt;cond&gt;</c>.</summary>
    public MnemonicFamily? Family { get; }

    public Encoding? AliasOf { get; }
    public IReadOnlyList<Encoding> Aliases => _aliases;
    public bool IsAlias => AliasOf is not null;

    /// <summary>An alias GNU as accepts but objdump never prints (<c>add x0, x1, #-8</c> for SUB).</summary>
    public bool IsAssemblerOnly { get; internal set; }

    public bool Matches(uint word) => (word & Pattern.Mask) == Pattern.Value && (Condition is null || Condition(word));

    public string MnemonicFor(uint word) => Family is { } f ? f.NamesOf(f.Field.Extract(word))[0] : Mnemonic;

    /// <summary>The alias objdump would print for this word, or this encoding itself.</summary>
    public Encoding PreferredFor(uint word)
    {
        foreach (var alias in _aliases)
            if (!alias.IsAssemblerOnly && alias.Matches(word))
                return alias;
        return this;
    }

    internal void AddAlias(Encoding alias)
    {
        _aliases.Add(alias);
        _variableTargetKnown = false;
    }

    private PcRelativeOperand? _variableTarget;
    private bool _variableTargetKnown;

    /// <summary>
    /// The PC-relative operand of a base encoding whose printed text depends on the offset's bits through that
    /// operand alone (no alias objdump prints, no condition, no mnemonic field among them): words that differ only in
    /// the offset print alike but for the target, so a listing may reuse the rest. Null for any other encoding.
    /// </summary>
    public PcRelativeOperand? VariableTarget
    {
        get
        {
            if (_variableTargetKnown) return _variableTarget;
            PcRelativeOperand? target = null;
            var targets = 0;
            foreach (var operand in OperandArray)
                if (operand.PcRelative is { } t) (target, targets) = (t, targets + 1);
            var printedAliases = false;
            foreach (var alias in _aliases) printedAliases |= !alias.IsAssemblerOnly;
            _variableTarget = targets == 1 && !IsAlias && Condition is null && !printedAliases
                && (Mask & target!.FieldMask) == 0
                && (Family is null || (Family.Field.FieldMask & target.FieldMask) == 0) ? target : null;
            _variableTargetKnown = true;
            return _variableTarget;
        }
    }

    /// <summary>Every mnemonic this row is written with, and the value of the family's field that each one means.</summary>
    public IEnumerable<(string Mnemonic, uint? FieldValue)> Spellings()
    {
        if (Family is not { } f)
        {
            yield return (Mnemonic, null);
            yield break;
        }
        for (var v = 0u; v < 1u << f.Field.Width; v++)
            foreach (var name in f.NamesOf(v))
                yield return (name, v);
    }

    public override string ToString() => $"{Mnemonic} [{Pattern.Text}]";
}

/// <summary>
/// A mnemonic that spells out a field's value (<c>b.eq</c>, <c>b.hs</c>): the names for each value, the first of
/// which objdump prints; the assembler accepts them all.
/// </summary>
public sealed record MnemonicFamily(BitField Field, Func<uint, string[]> NamesOf);
