namespace PatchLab.Arm64.Assembler;

/// <summary>What an expression's names mean where it is written.</summary>
internal interface IExpressionScope
{
    /// <summary>The value a symbol name stands for: the symbol itself, or what it was set to.</summary>
    Value Symbol(string name);

    /// <summary>A label at the current position (<c>.</c>).</summary>
    AsmSymbol Dot();

    /// <summary>The instance of numeric label <paramref name="number"/> that <c>Nb</c> or <c>Nf</c> names here.</summary>
    AsmSymbol LocalLabel(string number, bool forward);

    /// <summary>Sections are laid out: labels in different chunks of a section can be subtracted.</summary>
    bool Final { get; }
}

/// <summary>A malformed or unrepresentable expression; the message is GNU as's wording where it has one.</summary>
internal sealed class ExpressionException(string message) : Exception(message);

/// <summary>
/// GNU as expressions: integers, symbols, <c>.</c>, numeric local labels, unary <c>- ~ !</c>, and the binary
/// operators with GNU as's four precedence levels (<c>* / % &lt;&lt; &gt;&gt;</c>, then <c>| &amp; ^ !</c>, then
/// <c>+ -</c> and comparisons, then <c>&amp;&amp; ||</c>). Comparisons give -1 for true, as in GNU as.
/// </summary>
internal sealed class Expression
{
    private readonly string _text;
    private readonly IExpressionScope _scope;
    private int _pos;

    private Expression(string text, IExpressionScope scope)
    {
        _text = text;
        _scope = scope;
    }

    public static Value Evaluate(string text, IExpressionScope scope)
    {
        var e = new Expression(text, scope);
        var value = e.ParseLogical();
        e.SkipSpace();
        if (e._pos != text.Length) throw new ExpressionException($"junk at end of expression: `{text[e._pos..]}'");
        return value;
    }

    /// <summary>Evaluates an expression that must be a constant.</summary>
    public static long EvaluateConstant(string text, IExpressionScope scope)
    {
        var value = Evaluate(text, scope);
        if (!value.IsConstant) throw new ExpressionException($"expression is not constant: `{text}'");
        return value.Constant;
    }

    private Value ParseLogical()
    {
        var left = ParseAdditive();
        while (true)
        {
            if (Accept("&&")) left = Logical(left, ParseAdditive(), (a, b) => a != 0 && b != 0);
            else if (Accept("||")) left = Logical(left, ParseAdditive(), (a, b) => a != 0 || b != 0);
            else return left;
        }
    }

    private static Value Logical(Value a, Value b, Func<long, long, bool> op) =>
        new(op(Constant(a), Constant(b)) ? 1 : 0);

    private Value ParseAdditive()
    {
        var left = ParseBitwise();
        while (true)
        {
            SkipSpace();
            if (Accept("==")) left = Compare(left, ParseBitwise(), (a, b) => a == b);
            else if (Accept("!=") || Accept("<>")) left = Compare(left, ParseBitwise(), (a, b) => a != b);
            else if (Accept("<=")) left = Compare(left, ParseBitwise(), (a, b) => a <= b);
            else if (Accept(">=")) left = Compare(left, ParseBitwise(), (a, b) => a >= b);
            else if (Peek("<<") || Peek(">>")) return left;
            else if (Accept("<")) left = Compare(left, ParseBitwise(), (a, b) => a < b);
            else if (Accept(">")) left = Compare(left, ParseBitwise(), (a, b) => a > b);
            else if (Accept("+")) left = Value.Add(left, ParseBitwise(), _scope.Final);
            else if (Accept("-")) left = Value.Subtract(left, ParseBitwise(), _scope.Final);
            else return left;
        }
    }

    private Value Compare(Value a, Value b, Func<long, long, bool> op)
    {
        var difference = Value.Subtract(a, b, _scope.Final);
        if (!difference.IsConstant) throw new ExpressionException("invalid operands to comparison");
        return new Value(op(difference.Constant, 0) ? -1 : 0);
    }

    private Value ParseBitwise()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            SkipSpace();
            if (Peek("||") || Peek("&&")) return left;
            if (Accept("|")) left = new Value(Constant(left) | Constant(ParseMultiplicative()));
            else if (Accept("&")) left = new Value(Constant(left) & Constant(ParseMultiplicative()));
            else if (Accept("^")) left = new Value(Constant(left) ^ Constant(ParseMultiplicative()));
            else if (Peek("!=")) return left;
            else if (Accept("!")) left = new Value(Constant(left) | ~Constant(ParseMultiplicative()));
            else return left;
        }
    }

    private Value ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            SkipSpace();
            if (Accept("*")) left = new Value(Constant(left) * Constant(ParseUnary()));
            else if (Accept("/")) left = Divide(Constant(left), Divisor(ParseUnary()), remainder: false);
            else if (Accept("%")) left = Divide(Constant(left), Divisor(ParseUnary()), remainder: true);
            else if (Accept("<<")) left = new Value(Constant(left) << (int)Constant(ParseUnary()));
            else if (Accept(">>")) left = new Value(Constant(left) >> (int)Constant(ParseUnary()));
            else return left;
        }
    }

    /// <summary>Signed 64-bit division that wraps like GNU as's instead of trapping on the one overflow.</summary>
    private static Value Divide(long a, long b, bool remainder) =>
        b == -1 ? new Value(remainder ? 0 : unchecked(-a)) : new Value(remainder ? a % b : a / b);

    private static long Divisor(Value v)
    {
        var d = Constant(v);
        return d != 0 ? d : throw new ExpressionException("division by zero");
    }

    private static long Constant(Value v) =>
        v.IsConstant ? v.Constant : throw new ExpressionException("invalid operands (symbol in a non-additive operation)");

    private Value ParseUnary()
    {
        SkipSpace();
        if (Accept("-")) return ParseUnary().Negate();
        if (Accept("+")) return ParseUnary();
        if (Accept("~")) return new Value(~Constant(ParseUnary()));
        if (Accept("!")) return new Value(Constant(ParseUnary()) == 0 ? 1 : 0);
        return ParsePrimary();
    }

    private Value ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length) throw new ExpressionException("missing operand");
        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseLogical();
            SkipSpace();
            if (!Accept(")")) throw new ExpressionException("missing ')'");
            return inner;
        }
        if (c == '\'' && _pos + 1 < _text.Length)
        {
            var ch = _text[_pos + 1];
            _pos += 2;
            if (ch == '\\' && _pos < _text.Length)
            {
                ch = Escape(_text[_pos]);
                _pos++;
            }
            if (_pos < _text.Length && _text[_pos] == '\'') _pos++;
            return new Value(ch);
        }
        if (char.IsAsciiDigit(c)) return ParseNumber();
        if (IsSymbolStart(c))
        {
            var start = _pos;
            while (_pos < _text.Length && IsSymbolChar(_text[_pos])) _pos++;
            var name = _text[start.._pos];
            if (name == ".") return Value.Of(_scope.Dot());
            return _scope.Symbol(name);
        }
        throw new ExpressionException($"bad expression at `{_text[_pos..]}'");
    }

    private Value ParseNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiLetterOrDigit(_text[_pos])) _pos++;
        var token = _text[start.._pos];
        // 1b / 1f: a numeric local label, unless it reads as a binary number (0b101).
        if (token.Length >= 2 && token[^1] is 'b' or 'f' or 'B' or 'F' && token[..^1].All(char.IsAsciiDigit))
            return Value.Of(_scope.LocalLabel(token[..^1], token[^1] is 'f' or 'F'));
        if (!AsmSyntax.TryParseInteger(token, out var value)) throw new ExpressionException($"bad number `{token}'");
        return new Value(value);
    }

    public static char Escape(char c) => c switch
    {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'b' => '\b',
        'f' => '\f',
        '0' => '\0',
        _ => c,
    };

    public static bool IsSymbolStart(char c) => char.IsAsciiLetter(c) || c is '_' or '.' or '$';

    public static bool IsSymbolChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Peek(string op) => string.CompareOrdinal(_text, _pos, op, 0, op.Length) == 0;

    private bool Accept(string op)
    {
        SkipSpace();
        if (!Peek(op)) return false;
        _pos += op.Length;
        return true;
    }
}
