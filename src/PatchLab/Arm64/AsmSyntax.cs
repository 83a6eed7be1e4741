using System.Globalization;

namespace PatchLab.Arm64;

/// <summary>Reading GNU as operand syntax: register names and immediates. Case-insensitive, as GNU as is.</summary>
public static class AsmSyntax
{
    public enum GprKind { Numbered, Zero, StackPointer }

    /// <summary>Reads <c>x0</c>…<c>x30</c>, <c>w0</c>…<c>w30</c>, <c>xzr</c>/<c>wzr</c>, <c>sp</c>/<c>wsp</c>, and <c>lr</c>/<c>fp</c>.</summary>
    public static bool TryParseGpr(ReadOnlySpan<char> text, out uint number, out bool is64, out GprKind kind)
    {
        text = text.Trim();
        number = 31;
        is64 = true;
        kind = GprKind.Numbered;
        Span<char> lower = stackalloc char[Math.Min(text.Length, 8)];
        if (text.Length > 4 || text.Length < 2) return false;
        text.ToLowerInvariant(lower);
        ReadOnlySpan<char> s = lower[..text.Length];
        switch (s)
        {
            case "sp": kind = GprKind.StackPointer; return true;
            case "wsp": kind = GprKind.StackPointer; is64 = false; return true;
            case "xzr": kind = GprKind.Zero; return true;
            case "wzr": kind = GprKind.Zero; is64 = false; return true;
            case "lr": number = 30; return true;
            case "fp": number = 29; return true;
        }
        if (s[0] is not ('x' or 'w')) return false;
        is64 = s[0] == 'x';
        if (!uint.TryParse(s[1..], NumberStyles.None, CultureInfo.InvariantCulture, out number) || number > 30)
            return false;
        if (s.Length > 2 && s[1] == '0') return false;
        return true;
    }

    /// <summary>Strips the optional leading '#' of an immediate.</summary>
    public static string ImmediateText(string text)
    {
        text = text.Trim();
        return text.StartsWith('#') ? text[1..].Trim() : text;
    }

    /// <summary>An integer literal in GNU as syntax: decimal, 0x hex, 0b binary, 0 octal, with an optional sign.</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
    {
        text = text.Trim();
        value = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            text = text[1..].TrimStart();
        }
        if (text.IsEmpty) return false;
        ulong magnitude;
        if (text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X')
        {
            if (!ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude))
                return false;
        }
        else if (text.Length > 2 && text[0] == '0' && text[1] is 'b' or 'B')
        {
            magnitude = 0;
            foreach (var c in text[2..])
            {
                if (c is not ('0' or '1') || magnitude >> 63 != 0) return false;
                magnitude = magnitude << 1 | (uint)(c - '0');
            }
        }
        else if (text.Length > 1 && text[0] == '0')
        {
            magnitude = 0;
            foreach (var c in text[1..])
            {
                if (c is < '0' or > '7' || magnitude >> 61 != 0) return false;
                magnitude = magnitude << 3 | (uint)(c - '0');
            }
        }
        else if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
        {
            return false;
        }
        value = negative ? -(long)magnitude : (long)magnitude;
        return true;
    }

    /// <summary>Splits operand or argument text at the commas outside brackets, braces, parentheses and strings.</summary>
    public static List<string> SplitAtTopLevelCommas(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    i = SkipString(text, i) - 1;
                    break;
                case '(' or '[' or '{': depth++; break;
                case ')' or ']' or '}': depth--; break;
                case ',' when depth == 0:
                    parts.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        var last = text[start..].Trim();
        if (last.Length > 0 || parts.Count > 0) parts.Add(last);
        return parts;
    }

    /// <summary>The index just past the string literal that starts at <paramref name="start"/> (a '"'), escapes included.</summary>
    public static int SkipString(string text, int start)
    {
        var i = start + 1;
        while (i < text.Length && text[i] != '"' && text[i] != '\n')
            i += text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n' ? 2 : 1;
        return i < text.Length && text[i] == '"' ? i + 1 : Math.Min(i, text.Length);
    }
}
