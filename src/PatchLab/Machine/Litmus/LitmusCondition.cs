namespace PatchLab.Machine.Litmus;

public enum LitmusQuantifier
{
    /// <summary><c>exists P</c>: some execution satisfies P.</summary>
    Exists,

    /// <summary><c>~exists P</c>: no execution satisfies P.</summary>
    NotExists,

    /// <summary><c>forall P</c>: every execution satisfies P.</summary>
    ForAll,
}

/// <summary>What one execution ended with: registers, memory locations and faults, all as numbers.</summary>
public interface ILitmusOutcome
{
    ulong Register(int thread, int register);

    ulong Location(string name);

    /// <summary>The value an initial-state value stands for: a label's or a location's address, an encoding.</summary>
    ulong Resolve(LitmusValue value);

    /// <summary>Whether <paramref name="thread"/> took a fault of <paramref name="kind"/> at <paramref name="label"/>.</summary>
    bool Faulted(int thread, string label, string kind);
}

/// <summary>A litmus test's final condition: a quantifier and a proposition over the final state.</summary>
public sealed class LitmusCondition
{
    private readonly Node _proposition;

    private LitmusCondition(LitmusQuantifier quantifier, Node proposition, string text)
    {
        Quantifier = quantifier;
        _proposition = proposition;
        Text = text;
    }

    public LitmusQuantifier Quantifier { get; }
    public string Text { get; }

    public bool Holds(ILitmusOutcome outcome) => _proposition.Evaluate(outcome);

    /// <summary>The memory locations the proposition reads.</summary>
    public IEnumerable<string> Locations() => _proposition.Locations();

    /// <summary>The registers the proposition reads, as (thread, register).</summary>
    public IEnumerable<(int Thread, int Register)> Registers() => _proposition.Registers();

    public static LitmusCondition Parse(string text, string file, int line)
    {
        var trimmed = text.Trim();
        (LitmusQuantifier, string)? split =
            trimmed.StartsWith("~exists", StringComparison.Ordinal) ? (LitmusQuantifier.NotExists, trimmed[7..])
            : trimmed.StartsWith("exists", StringComparison.Ordinal) ? (LitmusQuantifier.Exists, trimmed[6..])
            : trimmed.StartsWith("forall", StringComparison.Ordinal) ? (LitmusQuantifier.ForAll, trimmed[6..])
            : null;
        if (split is not var (quantifier, rest))
            throw new LitmusFormatException(file, line, $"the condition `{trimmed}' has no quantifier (exists, ~exists, forall)");
        var parser = new Parser(rest, file, line);
        var proposition = parser.Disjunction();
        parser.End();
        return new LitmusCondition(quantifier, proposition, trimmed);
    }

    private abstract class Node
    {
        public abstract bool Evaluate(ILitmusOutcome outcome);
        public virtual IEnumerable<string> Locations() => [];
        public virtual IEnumerable<(int, int)> Registers() => [];
    }

    private sealed class Binary(Node left, Node right, bool and) : Node
    {
        public override bool Evaluate(ILitmusOutcome outcome) =>
            and ? left.Evaluate(outcome) && right.Evaluate(outcome) : left.Evaluate(outcome) || right.Evaluate(outcome);

        public override IEnumerable<string> Locations() => left.Locations().Concat(right.Locations());
        public override IEnumerable<(int, int)> Registers() => left.Registers().Concat(right.Registers());
    }

    private sealed class Not(Node inner) : Node
    {
        public override bool Evaluate(ILitmusOutcome outcome) => !inner.Evaluate(outcome);
        public override IEnumerable<string> Locations() => inner.Locations();
        public override IEnumerable<(int, int)> Registers() => inner.Registers();
    }

    private sealed class RegisterEquals(int thread, int register, LitmusValue value) : Node
    {
        public override bool Evaluate(ILitmusOutcome outcome) => outcome.Register(thread, register) == outcome.Resolve(value);
        public override IEnumerable<(int, int)> Registers() => [(thread, register)];
    }

    private sealed class LocationEquals(string name, LitmusValue value) : Node
    {
        public override bool Evaluate(ILitmusOutcome outcome) => outcome.Location(name) == outcome.Resolve(value);
        public override IEnumerable<string> Locations() => [name];
    }

    private sealed class Fault(int thread, string label, string kind) : Node
    {
        public override bool Evaluate(ILitmusOutcome outcome) => outcome.Faulted(thread, label, kind);
    }

    /// <summary>Recursive descent over <c>\/</c>, <c>/\</c>, <c>~</c>, parentheses and atoms.</summary>
    private sealed class Parser(string text, string file, int line)
    {
        private int _at;

        public Node Disjunction()
        {
            var node = Conjunction();
            while (Take("\\/")) node = new Binary(node, Conjunction(), and: false);
            return node;
        }

        private Node Conjunction()
        {
            var node = Unary();
            while (Take("/\\")) node = new Binary(node, Unary(), and: true);
            return node;
        }

        private Node Unary()
        {
            if (Take("~")) return new Not(Unary());
            if (Take("("))
            {
                var inner = Disjunction();
                if (!Take(")")) throw Error("expected `)'");
                return inner;
            }
            return Atom();
        }

        private Node Atom()
        {
            SkipSpaces();
            if (Take("fault("))
            {
                var close = text.IndexOf(')', _at);
                if (close < 0) throw Error("expected `)' after fault(");
                var parts = text[_at..close].Split(',', StringSplitOptions.TrimEntries);
                _at = close + 1;
                if (parts.Length != 2 || LitmusTest.ParseValue(parts[0], file, line) is not LitmusValue.Label label)
                    throw Error("expected fault(Pn:LABEL,KIND)");
                return new Fault(label.Thread, label.Name, parts[1]);
            }
            var left = Token();
            if (!Take("=")) throw Error($"expected `=' after `{left}'");
            var value = LitmusTest.ParseValue(Token(), file, line);
            var colon = left.IndexOf(':');
            if (colon > 0 && int.TryParse(left[..colon], out var thread) && left.Length > colon + 2
                && left[colon + 1] is 'X' or 'W' && int.TryParse(left[(colon + 2)..], out var register))
                return new RegisterEquals(thread, register, value);
            var location = left.Trim('[', ']');
            if (location.Length > 0 && location.All(c => char.IsLetterOrDigit(c) || c == '_'))
                return new LocationEquals(location, value);
            throw Error($"cannot read `{left}'");
        }

        /// <summary>A register, location or value: everything up to a space, operator or parenthesis, quotes kept whole.</summary>
        private string Token()
        {
            SkipSpaces();
            var start = _at;
            var quoted = false;
            while (_at < text.Length)
            {
                var c = text[_at];
                if (c == '"') quoted = !quoted;
                else if (!quoted && (char.IsWhiteSpace(c) || c is '=' or ')' or '(' or '/' or '\\')) break;
                _at++;
            }
            if (_at == start) throw Error("expected a register, location or value");
            return text[start.._at];
        }

        private bool Take(string symbol)
        {
            SkipSpaces();
            if (string.CompareOrdinal(text, _at, symbol, 0, symbol.Length) != 0) return false;
            _at += symbol.Length;
            return true;
        }

        private void SkipSpaces()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        public void End()
        {
            SkipSpaces();
            if (_at < text.Length) throw Error($"unexpected `{text[_at..]}'");
        }

        private LitmusFormatException Error(string problem) => new(file, line, $"in the condition: {problem}");
    }
}
