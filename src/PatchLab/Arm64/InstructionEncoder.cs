namespace PatchLab.Arm64;

/// <summary>
/// Encodes one instruction from GNU as text (mnemonic and operand text) by trying each table row with that
/// mnemonic, in table order, and keeping the first whose operands all read the text and whose word decodes back
/// to that row.
/// </summary>
public static class InstructionEncoder
{
    public static bool TryEncode(string mnemonic, string operandText, IOperandParseContext context, out uint word)
    {
        var operands = AsmSyntax.SplitAtTopLevelCommas(operandText);
        foreach (var (encoding, familyValue) in EncodingTable.WithMnemonic(mnemonic.ToLowerInvariant()))
        {
            if (TryEncode(encoding, familyValue, operands, context, out word))
                return true;
        }
        word = 0;
        return false;
    }

    /// <summary>Encodes with one given row; the word must decode back to that row (or, for an alias, satisfy it).</summary>
    public static bool TryEncode(Encoding encoding, uint? familyValue, IReadOnlyList<string> operands,
        IOperandParseContext context, out uint word)
    {
        var state = new EncodeState(encoding.Value | encoding.Pattern.ShouldBeOne) { Assigned = encoding.Mask };
        word = 0;
        if (familyValue is { } v && !state.TrySet(encoding.Family!.Field, v)) return false;
        if (!Match(encoding.Operands, 0, operands, 0, ref state, context)) return false;
        word = state.Word;
        var baseEncoding = encoding.AliasOf ?? encoding;
        return Decoder.FindEncoding(word) == baseEncoding && encoding.Matches(word);
    }

    private static bool Match(IReadOnlyList<Operand> specs, int si, IReadOnlyList<string> texts, int ti,
        ref EncodeState state, IOperandParseContext context)
    {
        if (si == specs.Count) return ti == texts.Count;
        var spec = specs[si];
        if (ti < texts.Count)
        {
            var attempt = state;
            if (spec.TryParse(texts[ti], ref attempt, context) && Match(specs, si + 1, texts, ti + 1, ref attempt, context))
            {
                state = attempt;
                return true;
            }
        }
        if (!spec.IsOptional) return false;
        var omitted = state;
        if (!spec.ApplyOmitted(ref omitted) || !Match(specs, si + 1, texts, ti, ref omitted, context)) return false;
        state = omitted;
        return true;
    }
}

/// <summary>A parse context for text with no symbols: every expression must be an integer literal.</summary>
public sealed class LiteralParseContext(ulong address) : IOperandParseContext
{
    public ulong Address { get; } = address;

    public bool TryEvaluateConstant(string expression, out long value) => AsmSyntax.TryParseInteger(expression, out value);

    public bool TryEvaluateOrRelocate(string expression, RelocationType type, out long constant, out bool relocated)
    {
        relocated = false;
        return AsmSyntax.TryParseInteger(expression, out constant);
    }
}
