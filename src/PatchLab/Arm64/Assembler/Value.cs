namespace PatchLab.Arm64.Assembler;

/// <summary>A symbol with a sign in an expression's value.</summary>
internal readonly record struct Term(AsmSymbol Symbol, int Sign);

/// <summary>
/// The value of an expression: a constant plus symbols with signs. Differences of labels in the same chunk fold to
/// constants at once (unless an alignment between them may still change); the others in a section fold once the
/// sections are laid out.
/// </summary>
internal readonly struct Value(long constant, Term[]? terms = null)
{
    public long Constant { get; } = constant;
    public IReadOnlyList<Term> Terms { get; } = terms ?? [];

    public bool IsConstant => Terms.Count == 0;

    public static Value Of(AsmSymbol symbol) => new(0, [new Term(symbol, 1)]);

    public Value Negate() => new(-Constant, [.. Terms.Select(t => t with { Sign = -t.Sign })]);

    public static Value Add(Value a, Value b, bool final) => Fold(a.Constant + b.Constant, [.. a.Terms, .. b.Terms], final);

    public static Value Subtract(Value a, Value b, bool final) => Add(a, b.Negate(), final);

    /// <summary>Cancels a symbol against itself and a label against a label in the same place.</summary>
    public static Value Fold(long constant, List<Term> terms, bool final)
    {
        for (var i = 0; i < terms.Count; i++)
        {
            for (var j = i + 1; j < terms.Count; j++)
            {
                var (a, b) = (terms[i], terms[j]);
                if (a.Sign != -b.Sign) continue;
                if (a.Symbol == b.Symbol)
                {
                    // cancels
                }
                else if (a.Symbol.IsLabel && b.Symbol.IsLabel
                         && (final
                             ? a.Symbol.Chunk!.Section == b.Symbol.Chunk!.Section
                             : a.Symbol.Chunk == b.Symbol.Chunk
                               && (a.Symbol.Frag == b.Symbol.Frag || a.Symbol.Chunk!.IsFirst)))
                {
                    var delta = final
                        ? (long)a.Symbol.FinalOffset - (long)b.Symbol.FinalOffset
                        : (long)a.Symbol.Offset - (long)b.Symbol.Offset;
                    constant += a.Sign * delta;
                }
                else
                {
                    continue;
                }
                terms.RemoveAt(j);
                terms.RemoveAt(i);
                i--;
                break;
            }
        }
        return new Value(constant, [.. terms]);
    }

    /// <summary>The symbol with a plus sign and the one with a minus sign, if the value is at most that.</summary>
    public bool TrySplit(out AsmSymbol? plus, out AsmSymbol? minus)
    {
        plus = null;
        minus = null;
        foreach (var t in Terms)
        {
            if (t.Sign == 1 && plus is null) plus = t.Symbol;
            else if (t.Sign == -1 && minus is null) minus = t.Symbol;
            else return false;
        }
        return true;
    }
}
