using System.Text;

namespace PatchLab.Arm64.Assembler;

/// <summary>A macro parameter: <c>name</c>, <c>name=default</c>, <c>name:req</c> or <c>name:vararg</c>.</summary>
internal sealed record MacroParameter(string Name, string? Default, bool Required, bool VarArg);

internal sealed record Macro(string Name, IReadOnlyList<MacroParameter> Parameters, IReadOnlyList<Statement> Body);

/// <summary>Macros, <c>.rept</c>/<c>.irp</c>/<c>.irpc</c>, and conditional assembly.</summary>
internal sealed partial class AssemblyRun
{
    private readonly Dictionary<string, Macro> _macros = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Conditional> _conditionals = [];
    private int _macroCount;
    private long _expandedStatements;
    private int _macroDepth;
    private bool _exitMacro;

    /// <summary>One open <c>.if</c>: whether its parent assembles, whether a branch was taken, whether this one is.</summary>
    private sealed record Conditional(bool ParentActive, bool Taken, bool Active, bool SeenElse, SourceLocation Location);

    private bool Active => _conditionals.Count == 0 || _conditionals[^1].Active;

    /// <summary>Handles the conditional directives (in skipped code too); false for anything else.</summary>
    private bool TryConditional(string name, string rest)
    {
        switch (name)
        {
            case ".if" or ".ifne": return Push(() => Constant(rest) != 0);
            case ".ifeq": return Push(() => Constant(rest) == 0);
            case ".ifgt": return Push(() => Constant(rest) > 0);
            case ".ifge": return Push(() => Constant(rest) >= 0);
            case ".iflt": return Push(() => Constant(rest) < 0);
            case ".ifle": return Push(() => Constant(rest) <= 0);
            case ".ifdef": return Push(() => IsDefined(rest));
            case ".ifndef" or ".ifnotdef": return Push(() => !IsDefined(rest));
            case ".ifb": return Push(() => rest.Length == 0);
            case ".ifnb": return Push(() => rest.Length != 0);
            case ".ifc": return Push(() => CompareStrings(rest));
            case ".ifnc": return Push(() => !CompareStrings(rest));
            case ".ifeqs": return Push(() => CompareStrings(rest));
            case ".ifnes": return Push(() => !CompareStrings(rest));
            case ".else":
                var e = Top(".else");
                if (e.SeenElse) throw Error("duplicate \"else\"");
                _conditionals[^1] = e with { Active = e.ParentActive && !e.Taken, Taken = true, SeenElse = true };
                return true;
            case ".elseif":
                var c = Top(".elseif");
                if (c.SeenElse) throw Error("\".elseif\" after \".else\"");
                var take = c.ParentActive && !c.Taken && Constant(rest) != 0;
                _conditionals[^1] = c with { Active = take, Taken = c.Taken || take };
                return true;
            case ".endif":
                Top(".endif");
                _conditionals.RemoveAt(_conditionals.Count - 1);
                return true;
            default:
                return false;
        }
    }

    private bool Push(Func<bool> condition)
    {
        var parent = Active;
        var value = parent && condition();
        _conditionals.Add(new Conditional(parent, value, value, false, _location));
        return true;
    }

    private Conditional Top(string directive) =>
        _conditionals.Count > 0 ? _conditionals[^1] : throw Error($"\"{directive}\" without \".if\"");

    private bool IsDefined(string name) =>
        _symbols.TryGetValue(name.Trim(), out var s) && s.Kind != AsmSymbolKind.Undefined;

    private bool CompareStrings(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        if (args.Count != 2) throw Error("expected two strings to compare");
        return Unquote(args[0]) == Unquote(args[1]);
    }

    /// <summary>The index of the statement that closes the block opened at <paramref name="start"/>.</summary>
    private int FindEnd(IReadOnlyList<Statement> statements, int start, string[] openers, string[] closers)
    {
        var depth = 1;
        for (var i = start + 1; i < statements.Count; i++)
        {
            var text = statements[i].Text;
            while (LabelPrefix().Match(text) is { Success: true } label) text = text[label.Length..].TrimStart();
            var word = SplitWord(text).Word.ToLowerInvariant();
            if (openers.Contains(word)) depth++;
            else if (closers.Contains(word) && --depth == 0) return i;
        }
        throw Error(openers[0] == ".macro" ? "missing .endm" : "missing .endr");
    }

    private static readonly string[] MacroOpeners = [".macro"];
    private static readonly string[] MacroClosers = [".endm", ".endmacro"];
    private static readonly string[] RepeatOpeners = [".rept", ".irp", ".irpc"];
    private static readonly string[] RepeatClosers = [".endr"];

    private int DefineMacro(IReadOnlyList<Statement> statements, int index, string rest)
    {
        var end = FindEnd(statements, index, MacroOpeners, MacroClosers);
        var nameEnd = 0;
        while (nameEnd < rest.Length && !char.IsWhiteSpace(rest[nameEnd]) && rest[nameEnd] != ',') nameEnd++;
        var name = rest[..nameEnd];
        var parameterText = rest[nameEnd..].Trim().TrimStart(',');
        if (name.Length == 0) throw Error("expected macro name after .macro");
        if (_macros.ContainsKey(name)) throw Error($"macro `{name}' was already defined");
        var parameters = new List<MacroParameter>();
        foreach (var p in SplitMacroArguments(parameterText))
        {
            var (spec, defaultValue) = p.IndexOf('=') is var eq and >= 0 ? (p[..eq].Trim(), p[(eq + 1)..].Trim()) : (p, null);
            var required = spec.EndsWith(":req", StringComparison.Ordinal);
            var varArg = spec.EndsWith(":vararg", StringComparison.Ordinal);
            if (required || varArg) spec = spec[..spec.LastIndexOf(':')];
            parameters.Add(new MacroParameter(spec, defaultValue is null ? null : Unquote(defaultValue), required, varArg));
        }
        _macros[name] = new Macro(name, parameters, [.. statements.Skip(index + 1).Take(end - index - 1)]);
        return end;
    }

    /// <summary>
    /// Macro arguments, as GNU as separates them: at commas, and at blanks unless an operator stands next to the
    /// blank (<c>m 4 5</c> is two arguments, <c>m 2 + 3</c> one, <c>m b = 5</c> a named one).
    /// </summary>
    private static List<string> SplitMacroArguments(string text)
    {
        if (text.Trim().Length == 0) return [];
        var result = new List<string>();
        foreach (var piece in AsmSyntax.SplitAtTopLevelCommas(text))
        {
            if (piece.Length == 0) result.Add("");
            else result.AddRange(SplitAtBlanks(piece));
        }
        return result;
    }

    private static List<string> SplitAtBlanks(string text)
    {
        static bool IsOperator(char c) => "+-*/%<>&|^!~=".Contains(c);
        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var end = AsmSyntax.SkipString(text, i);
                current.Append(text, i, end - i);
                i = end - 1;
                continue;
            }
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (!char.IsWhiteSpace(c) || depth != 0)
            {
                current.Append(c);
                continue;
            }
            var next = text.AsSpan(i).TrimStart();
            var previous = current.ToString().TrimEnd();
            if (next.Length > 0 && previous.Length > 0 && !IsOperator(next[0]) && !IsOperator(previous[^1]))
            {
                parts.Add(previous);
                current.Clear();
            }
            else if (current.Length > 0)
            {
                current.Append(c);
            }
        }
        if (current.Length > 0) parts.Add(current.ToString().TrimEnd());
        return parts;
    }

    private void ExpandMacro(Macro macro, string rest)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var arguments = SplitMacroArguments(rest);
        var position = 0;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var eq = argument.IndexOf('=');
            if (eq > 0 && macro.Parameters.FirstOrDefault(p => p.Name == argument[..eq].Trim()) is { } named)
            {
                values[named.Name] = Unquote(argument[(eq + 1)..]);
                continue;
            }
            if (position >= macro.Parameters.Count) throw Error($"too many positional arguments for macro `{macro.Name}'");
            var parameter = macro.Parameters[position++];
            // An empty argument takes the parameter's default.
            if (argument.Length == 0 && !parameter.VarArg) continue;
            values[parameter.Name] = parameter.VarArg ? string.Join(", ", arguments.Skip(i)) : Unquote(argument);
            if (parameter.VarArg) break;
        }
        foreach (var p in macro.Parameters)
        {
            if (values.ContainsKey(p.Name)) continue;
            if (p.Required) throw Error($"missing value for required parameter `{p.Name}' of macro `{macro.Name}'");
            values[p.Name] = p.Default ?? "";
        }
        CountExpansion(macro.Body.Count);
        var count = (_macroCount++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = macro.Body.Select(s => s with { Text = Substitute(s.Text, values, count) }).ToList();
        _macroDepth++;
        Process(ReSplit(body));
        _macroDepth--;
        _exitMacro = false;
    }

    /// <summary>Replaces <c>\name</c> by its value, <c>\@</c> by the macro count and drops <c>\()</c>.</summary>
    private static string Substitute(string text, IReadOnlyDictionary<string, string> values, string? count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                sb.Append(text[i]);
                continue;
            }
            if (text[i + 1] == '@' && count is not null)
            {
                sb.Append(count);
                i++;
                continue;
            }
            if (text[i + 1] == '(' && i + 2 < text.Length && text[i + 2] == ')')
            {
                i += 2;
                continue;
            }
            var end = i + 1;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) end++;
            if (end > i + 1 && values.TryGetValue(text[(i + 1)..end], out var value))
            {
                sb.Append(value);
                i = end - 1;
                continue;
            }
            sb.Append(text[i]);
        }
        return sb.ToString();
    }

    /// <summary>Values substituted into statements may hold ';' separators: split again.</summary>
    private static List<Statement> ReSplit(List<Statement> statements)
    {
        var result = new List<Statement>(statements.Count);
        foreach (var s in statements)
        {
            if (!s.Text.Contains(';')) result.Add(s);
            else result.AddRange(SourceReader.Read(s.Text, s.Location.File).Select(p => p with { Location = s.Location }));
        }
        return result;
    }

    private void CountExpansion(long statements)
    {
        _expandedStatements += Math.Max(statements, 0);
        if (_expandedStatements > MaxExpandedStatements)
            throw Error($"too many statements from macros and repetitions (more than {MaxExpandedStatements})");
    }

    private int Repeat(IReadOnlyList<Statement> statements, int index, string directive, string rest)
    {
        var end = FindEnd(statements, index, RepeatOpeners, RepeatClosers);
        var body = statements.Skip(index + 1).Take(end - index - 1).ToList();
        var expanded = new List<Statement>();
        if (directive == ".rept")
        {
            var count = Constant(rest);
            CountExpansion(count * body.Count);
            for (var i = 0; i < count; i++) expanded.AddRange(body);
        }
        else
        {
            var args = AsmSyntax.SplitAtTopLevelCommas(rest);
            var name = args.Count > 0 ? args[0] : throw Error($"missing symbol name after {directive}");
            IEnumerable<string> items = directive == ".irp"
                ? args.Count > 1 ? args.Skip(1).Select(Unquote) : [""]
                : (args.Count > 1 ? Unquote(args[1]) : "").Select(c => c.ToString());
            foreach (var item in items)
            {
                CountExpansion(body.Count);
                var values = new Dictionary<string, string>(StringComparer.Ordinal) { [name] = item };
                expanded.AddRange(body.Select(s => s with { Text = Substitute(s.Text, values, null) }));
            }
        }
        Process(ReSplit(expanded));
        return end;
    }
}
