namespace PatchLab.Arm64.Assembler;

/// <summary>A relocation an instruction asks for, before the symbol it names is chosen.</summary>
internal readonly record struct InstructionRelocation(RelocationType Type, AsmSymbol? Symbol, long Addend);

/// <summary>
/// What an instruction's operands see while they read themselves: its address and expressions over the symbols.
/// The first time an instruction is read (<c>final</c> false) a value naming symbols makes it wait for the end of
/// the source (<see cref="NeedsFinal"/>); it is then read again with every label placed, and a target in the same
/// section folds or becomes a relocation as GNU as decides.
/// </summary>
internal sealed class OperandContext(AssemblyRun run, Chunk chunk, int frag, ulong offset,
    IReadOnlyDictionary<string, int>? finalLocalLabelCounts, IReadOnlyDictionary<string, AsmSymbol>? firstSymbols)
    : IOperandParseContext, IExpressionScope
{
    private readonly Dictionary<string, AsmSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly List<AsmSymbol> _rowSymbols = [];

    private bool IsFinal => finalLocalLabelCounts is not null;

    public bool NeedsFinal { get; private set; }

    /// <summary>
    /// The symbols the operands named the first time, so that reading them again at the end finds the same ones
    /// even if a name was set again in between.
    /// </summary>
    public IReadOnlyDictionary<string, AsmSymbol> Symbols => _symbols;

    /// <summary>Forgets what the previous row read.</summary>
    public void StartRow()
    {
        Relocations.Clear();
        _rowSymbols.Clear();
    }

    /// <summary>The row was kept: the symbols it named are used.</summary>
    public void MarkReferenced()
    {
        foreach (var symbol in _rowSymbols) symbol.Referenced = true;
    }

    /// <summary>Why the last expression could not be read, for the error message if no row fits.</summary>
    public string? ExpressionError { get; private set; }

    /// <summary>The relocation of the row being tried (an instruction has at most one; the last read wins).</summary>
    public List<InstructionRelocation> Relocations { get; } = [];

    public ulong Address => IsFinal ? chunk.FinalOffset(frag, offset) : offset;

    public bool TryEvaluateConstant(string expression, out long value)
    {
        value = 0;
        if (!RelocationOperators.TrySplit(expression, out var op, out var text) || !TryEvaluate(text, out var v))
            return false;
        if (v.IsConstant)
        {
            value = RelocationOperators.ApplyToConstant(op, v.Constant);
            return true;
        }
        if (IsFinal) return false;
        NeedsFinal = true;
        return true;
    }

    public bool TryEvaluateOrRelocate(string expression, RelocationType type, out long constant, out bool relocated)
    {
        constant = 0;
        relocated = false;
        if (!RelocationOperators.TrySplit(expression, out var op, out var text)
            || RelocationOperators.Resolve(op, type) is not { } resolved
            || !TryEvaluate(text, out var value))
            return false;
        // A plain constant offset (`[x1, #8]`) is just a number; only an explicit operator on a constant
        // (`#:lo12:0x1234`) or a page-relative constant is left to the linker, as GNU as does.
        var plainOffset = op == RelocationOperator.None
            && resolved is not (RelocationType.AdrPrelPgHi21 or RelocationType.AdrPrelPgHi21Nc or RelocationType.AdrGotPage);
        if (value.IsConstant && (plainOffset || !RelocationOperators.IsLinkerOnly(resolved)))
        {
            constant = RelocationOperators.IsPcRelativeFoldable(resolved)
                ? value.Constant + (long)Address
                : RelocationOperators.ApplyToConstant(op, value.Constant);
            return true;
        }
        relocated = true;
        if (!IsFinal)
        {
            NeedsFinal = true;
            return true;
        }
        if (value.IsConstant)
        {
            Relocations.Add(new InstructionRelocation(resolved, null, value.Constant));
            return true;
        }
        if (!value.TrySplit(out var target, out var minus) || target is null || minus is not null) return false;
        if (target.IsLabel && target.Chunk!.Section == chunk.Section && !target.IsExternal
            && RelocationOperators.IsPcRelativeFoldable(resolved))
        {
            relocated = false;
            constant = (long)target.FinalOffset + value.Constant;
            return true;
        }
        Relocations.Add(new InstructionRelocation(resolved, target, value.Constant));
        return true;
    }

    private bool TryEvaluate(string text, out Value value)
    {
        try
        {
            value = Expression.Evaluate(text, this);
            return true;
        }
        catch (ExpressionException e)
        {
            ExpressionError = e.Message;
            value = default;
            return false;
        }
    }

    Value IExpressionScope.Symbol(string name)
    {
        if (!_symbols.TryGetValue(name, out var symbol))
            _symbols[name] = symbol = firstSymbols?.GetValueOrDefault(name) ?? run.LookupSymbol(name);
        _rowSymbols.Add(symbol);
        return run.ValueOf(symbol, IsFinal, 0);
    }

    AsmSymbol IExpressionScope.Dot() => AssemblyRun.Dot(chunk, frag, offset);

    AsmSymbol IExpressionScope.LocalLabel(string number, bool forward) =>
        run.LocalLabel(number, forward, finalLocalLabelCounts);

    bool IExpressionScope.Final => IsFinal;
}
