using System.Text.RegularExpressions;

namespace PatchLab.Machine.Litmus;

/// <summary>A value in a litmus test's initial state or condition, before addresses are known.</summary>
public abstract record LitmusValue
{
    /// <summary>A number: <c>1</c>, <c>0x10</c>, <c>-1</c>.</summary>
    public sealed record Number(ulong Value) : LitmusValue;

    /// <summary>The encoding of an instruction: <c>NOP</c>, <c>instr:"B .+12"</c>.</summary>
    public sealed record Instruction(string Text) : LitmusValue;

    /// <summary>The address of a label in a thread's code: <c>P1:L0</c>, <c>label:"P1:L0"</c>.</summary>
    public sealed record Label(int Thread, string Name) : LitmusValue;

    /// <summary>The address of a memory location: <c>x</c>.</summary>
    public sealed record Location(string Name) : LitmusValue;
}

/// <summary>One thread's code: its instructions as herd writes them, labels included.</summary>
public sealed record LitmusThread(int Index, IReadOnlyList<string> Lines);

/// <summary>
/// A litmus test in herd7's AArch64 format: threads of A64 code side by side, an initial state (registers, memory
/// locations, instruction encodings, label addresses) and a final condition with its quantifier.
/// </summary>
public sealed partial record LitmusTest(
    string Name,
    string File,
    IReadOnlyList<LitmusThread> Threads,
    IReadOnlyDictionary<(int Thread, int Register), LitmusValue> Registers,
    IReadOnlyDictionary<string, LitmusValue> Locations,
    LitmusCondition Condition)
{
    [GeneratedRegex(@"\(\*.*?\*\)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(\d+):[XW](\d+)$")]
    private static partial Regex RegisterName();

    [GeneratedRegex(@"^P(\d+):(\w+)$")]
    private static partial Regex ThreadLabel();

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex Identifier();

    public static LitmusTest Parse(string text, string file)
    {
        var lines = Comment().Replace(text, m => new string('\n', m.Value.Count(c => c == '\n'))).Split('\n');
        var header = lines[0].Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (header.Length < 2 || header[0] != "AArch64")
            throw new LitmusFormatException(file, 1, "expected `AArch64 NAME' on the first line");
        var name = header[1];

        var open = Array.FindIndex(lines, l => l.Contains('{'));
        var close = Array.FindIndex(lines, Math.Max(open, 0), l => l.Contains('}'));
        if (open < 0 || close < 0) throw new LitmusFormatException(file, 1, "no initial state `{ … }'");
        var initText = string.Join("\n", lines[open..(close + 1)]);
        initText = initText[(initText.IndexOf('{') + 1)..initText.LastIndexOf('}')];
        var registers = new Dictionary<(int, int), LitmusValue>();
        var locations = new Dictionary<string, LitmusValue>();
        foreach (var item in initText.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0))
            ParseInit(item, file, open + 1, registers, locations);

        var conditionLine = Array.FindIndex(lines, close + 1, l => Regex.IsMatch(l.TrimStart(), @"^(~?exists|forall|locations|filter)\b"));
        if (conditionLine < 0) throw new LitmusFormatException(file, lines.Length, "no final condition (exists, ~exists or forall)");
        var threads = ParseCode(lines, close + 1, conditionLine, file);
        var conditionText = string.Join(" ", lines[conditionLine..].Select(l => l.Trim()).Where(l => !l.StartsWith("locations", StringComparison.Ordinal)));
        var condition = LitmusCondition.Parse(conditionText, file, conditionLine + 1);
        foreach (var location in condition.Locations()) locations.TryAdd(location, new LitmusValue.Number(0));
        foreach (var value in registers.Values.Concat(locations.Values.ToList()))
            if (value is LitmusValue.Location l) locations.TryAdd(l.Name, new LitmusValue.Number(0));
        return new LitmusTest(name, file, threads, registers, locations, condition);
    }

    /// <summary>One initial-state item: <c>0:X1=P1:L0</c>, <c>x=1</c>, or a typed declaration <c>ins_t *z</c>.</summary>
    private static void ParseInit(string item, string file, int line, Dictionary<(int, int), LitmusValue> registers,
        Dictionary<string, LitmusValue> locations)
    {
        var equals = item.IndexOf('=');
        var left = StripType(equals < 0 ? item : item[..equals]);
        // `[x]=v` is herd's explicit spelling of the location x's initial value.
        if (left.StartsWith('[') && left.EndsWith(']')) left = left[1..^1].Trim();
        if (left.Contains('(') || left.Contains('['))
            throw new LitmusFormatException(file, line, $"initial state `{item}' (page-table or typed memory entries) is not supported");
        LitmusValue value = equals < 0 ? new LitmusValue.Number(0) : ParseValue(item[(equals + 1)..].Trim(), file, line);
        if (RegisterName().Match(left) is { Success: true } r)
            registers[(int.Parse(r.Groups[1].Value), int.Parse(r.Groups[2].Value))] = value;
        else if (Identifier().IsMatch(left))
            locations[left] = value;
        else
            throw new LitmusFormatException(file, line, $"cannot read initial state `{item}'");
    }

    /// <summary>Drops C-like types herd allows in declarations: <c>int</c>, <c>ins_t *</c>, <c>void *</c>.</summary>
    private static string StripType(string text)
    {
        var words = text.Replace("*", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? "" : words[^1];
    }

    public static LitmusValue ParseValue(string text, string file, int line)
    {
        if (text.StartsWith("instr:\"", StringComparison.Ordinal) && text.EndsWith('"'))
            return new LitmusValue.Instruction(text[7..^1]);
        if (text.StartsWith("label:\"", StringComparison.Ordinal) && text.EndsWith('"'))
            text = text[7..^1];
        if (text is "NOP" or "nop") return new LitmusValue.Instruction("NOP");
        if (ThreadLabel().Match(text) is { Success: true } m)
            return new LitmusValue.Label(int.Parse(m.Groups[1].Value), m.Groups[2].Value);
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(text[2..], System.Globalization.NumberStyles.HexNumber, null, out var hex))
            return new LitmusValue.Number(hex);
        if (long.TryParse(text, out var number)) return new LitmusValue.Number((ulong)number);
        if (Identifier().IsMatch(text)) return new LitmusValue.Location(text);
        throw new LitmusFormatException(file, line, $"cannot read value `{text}'");
    }

    /// <summary>The code table: a header row <c>P0 | P1 ;</c>, then one row of instructions per line.</summary>
    private static List<LitmusThread> ParseCode(string[] lines, int from, int to, string file)
    {
        var rows = Enumerable.Range(from, to - from).Where(i => lines[i].Contains(';')).ToList();
        if (rows.Count == 0) throw new LitmusFormatException(file, from + 1, "no code");
        var names = Cells(lines[rows[0]]);
        var threads = new List<List<string>>();
        for (var t = 0; t < names.Length; t++)
        {
            if (names[t] != $"P{t}")
                throw new LitmusFormatException(file, rows[0] + 1, $"thread `{names[t]}' is not supported (fault handlers and named threads are not)");
            threads.Add([]);
        }
        foreach (var row in rows.Skip(1))
        {
            var cells = Cells(lines[row]);
            if (cells.Length > threads.Count) throw new LitmusFormatException(file, row + 1, $"{cells.Length} columns for {threads.Count} threads");
            for (var t = 0; t < cells.Length; t++)
                if (cells[t].Length > 0) threads[t].Add(cells[t]);
        }
        return [.. threads.Select((code, i) => new LitmusThread(i, code))];
    }

    private static string[] Cells(string line)
    {
        var text = line.Trim();
        if (text.EndsWith(';')) text = text[..^1];
        return [.. text.Split('|').Select(c => c.Trim())];
    }
}

/// <summary>A litmus file that cannot be read: the file, the line and what is wrong.</summary>
public sealed class LitmusFormatException(string file, int line, string problem) : UserInputException($"{file}:{line}: {problem}");
