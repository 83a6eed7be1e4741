namespace PatchLab.Arm64;

/// <summary>What each file under Encodings/ uses to add its rows to the table.</summary>
public sealed class EncodingTableBuilder
{
    private readonly List<Encoding> _all = [];
    private string _group = "";

    internal IReadOnlyList<Encoding> All => _all;

    internal void BeginGroup(string group) => _group = group;

    /// <summary>Adds a base encoding.</summary>
    public Encoding Add(string mnemonic, string pattern, params OperandSpec[] operands) =>
        Add(mnemonic, pattern, (Func<uint, bool>?)null, operands);

    /// <summary>Adds a base encoding that also requires <paramref name="when"/> (e.g. to leave out reserved values).</summary>
    public Encoding Add(string mnemonic, string pattern, Func<uint, bool>? when, params OperandSpec[] operands) =>
        Create(mnemonic, pattern, when, null, null, operands);

    /// <summary>
    /// Adds a base encoding that also requires <paramref name="when"/>, a condition on a few bits only: decoding
    /// splits on those bits instead of calling it.
    /// </summary>
    public Encoding Add(string mnemonic, string pattern, BitCondition when, params OperandSpec[] operands)
    {
        var encoding = Create(mnemonic, pattern, when.Holds, null, null, operands);
        encoding.Cover = when.Cover(encoding.Mask, encoding.Value);
        return encoding;
    }

    /// <summary>
    /// Adds a base encoding whose mnemonic names the value of <paramref name="field"/> (e.g. <c>b.eq</c>);
    /// <paramref name="namesOf"/> gives every spelling of a value, the one objdump prints first.
    /// </summary>
    public Encoding AddFamily(string name, string pattern, string field, Func<uint, string[]> namesOf,
        Func<uint, bool>? when, params OperandSpec[] operands) =>
        Create(name, pattern, when, null, p => new MnemonicFamily(p[field], namesOf), operands);

    /// <summary>
    /// Adds an alias of <paramref name="of"/>. Its pattern must fix at least the bits the base fixes; objdump prints
    /// it instead of the base when the pattern and <paramref name="when"/> match. Aliases are tried in the order added.
    /// </summary>
    public Encoding Alias(Encoding of, string mnemonic, string pattern, Func<uint, bool>? when,
        params OperandSpec[] operands)
    {
        var alias = Create(mnemonic, pattern, when, of, null, operands);
        if ((alias.Mask & of.Mask) != of.Mask || (alias.Value & of.Mask) != of.Value)
            throw new ArgumentException($"alias {alias} does not lie inside {of}");
        of.AddAlias(alias);
        return alias;
    }

    /// <summary>
    /// Adds a spelling of <paramref name="of"/> that GNU as accepts and objdump never prints (<c>add x0, x1, #-8</c>
    /// for SUB, <c>ubfiz</c> at bit 0): the assembler tries it like an alias, the disassembler skips it.
    /// </summary>
    public Encoding AssemblerAlias(Encoding of, string mnemonic, string pattern, Func<uint, bool>? when,
        params OperandSpec[] operands)
    {
        var alias = Alias(of, mnemonic, pattern, when, operands);
        alias.IsAssemblerOnly = true;
        return alias;
    }

    /// <summary>
    /// An assembler-only spelling over the whole of <paramref name="of"/> (GNU as reads <c>ldr x0, [x1, #-8]</c> as
    /// LDUR). Add it after the rows that print that mnemonic, so that the encoder tries those first.
    /// </summary>
    public Encoding AssemblerAlias(Encoding of, string mnemonic, params OperandSpec[] operands) =>
        AssemblerAlias(of, mnemonic, of.Pattern.Text, of.Condition, operands);

    private Encoding Create(string mnemonic, string patternText, Func<uint, bool>? when, Encoding? aliasOf,
        Func<BitPattern, MnemonicFamily>? family, OperandSpec[] operands)
    {
        var pattern = BitPattern.Parse(patternText);
        var bound = Array.ConvertAll(operands, spec => spec(pattern));
        var encoding = new Encoding(_all.Count, _group, mnemonic, pattern, bound, when, aliasOf, family?.Invoke(pattern));
        _all.Add(encoding);
        return encoding;
    }
}
