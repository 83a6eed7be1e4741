using System.Globalization;

namespace PatchLab.Arm64.Operands;

/// <summary>
/// Names of the SIMD&amp;FP registers as GNU as writes them: scalar views (<c>b0</c>, <c>h1</c>, <c>s2</c>,
/// <c>d3</c>, <c>q4</c>), vector arrangements (<c>v0.16b</c>) and register lists (<c>{v0.16b-v3.16b}</c>).
/// </summary>
public static class SimdFpSyntax
{
    /// <summary>The arrangement of a vector register by <c>size:Q</c>, as the Arm ARM's &lt;T&gt; tables number them.</summary>
    public static readonly string[] Arrangements = ["8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"];

    /// <summary>Reads a scalar register name with the given prefix letter (b, h, s, d, q): <c>d17</c>.</summary>
    public static bool TryParseScalar(ReadOnlySpan<char> text, char prefix, out uint number)
    {
        text = text.Trim();
        number = 0;
        return text.Length >= 2 && char.ToLowerInvariant(text[0]) == prefix && TryParseNumber(text[1..], out number);
    }

    /// <summary>A register number 0…31 without a leading zero.</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out uint number) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number < 32
        && (text.Length == 1 || text[0] != '0');

    /// <summary>
    /// Appends a list of <paramref name="count"/> consecutive registers (numbers wrap after v31) with one suffix:
    /// objdump writes a range for three or more registers that do not wrap, else names each.
    /// </summary>
    public static void AppendList(InstructionWriter writer, uint first, int count, string suffix)
    {
        writer.Append('{');
        if (count > 2 && first + count <= 32)
        {
            AppendVector(writer, first, suffix).Append('-');
            AppendVector(writer, first + (uint)count - 1, suffix);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                if (i > 0) writer.Append(", ");
                AppendVector(writer, (first + (uint)i) & 31, suffix);
            }
        }
        writer.Append('}');
    }

    private static InstructionWriter AppendVector(InstructionWriter writer, uint number, string suffix) =>
        writer.Append('v').AppendDecimal(number).Append('.').Append(suffix);

    /// <summary>
    /// Reads <c>{v0.4s, v1.4s}</c> or <c>{v0.4s-v3.4s}</c>: the first register, how many, and their common suffix
    /// (lower case). Registers named one by one must be consecutive (modulo 32).
    /// </summary>
    public static bool TryParseList(ReadOnlySpan<char> text, out uint first, out int count, out string suffix)
    {
        first = 0;
        count = 0;
        suffix = "";
        text = text.Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}') return false;
        var inner = text[1..^1].Trim();
        var dash = inner.IndexOf('-');
        if (dash >= 0)
        {
            if (!TryParseVector(inner[..dash], out first, out suffix)
                || !TryParseVector(inner[(dash + 1)..], out var last, out var lastSuffix)
                || lastSuffix != suffix || last < first) return false;
            count = (int)(last - first) + 1;
            return true;
        }
        foreach (var range in inner.ToString().Split(','))
        {
            if (!TryParseVector(range, out var number, out var s)) return false;
            if (count == 0)
            {
                first = number;
                suffix = s;
            }
            else if (s != suffix || number != ((first + (uint)count) & 31))
            {
                return false;
            }
            count++;
        }
        return count > 0;
    }

    /// <summary>Reads <c>v7.8h</c> into its number and suffix (<c>8h</c>).</summary>
    public static bool TryParseVector(ReadOnlySpan<char> text, out uint number, out string suffix)
    {
        text = text.Trim();
        number = 0;
        suffix = "";
        var dot = text.IndexOf('.');
        if (dot < 2 || char.ToLowerInvariant(text[0]) != 'v' || !TryParseNumber(text[1..dot], out number)) return false;
        suffix = text[(dot + 1)..].ToString().ToLowerInvariant();
        return suffix.Length > 0;
    }
}

/// <summary>A SIMD&amp;FP register seen as one scalar of a fixed size: <c>b</c>, <c>h</c>, <c>s</c>, <c>d</c> or <c>q</c>.</summary>
public sealed class SimdScalarOperand(BitField field, char prefix) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(prefix).AppendDecimal(field.Extract(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        SimdFpSyntax.TryParseScalar(text, prefix, out var number) && state.TrySet(field, number);
}

/// <summary>
/// A list of consecutive vector registers with a whole-register arrangement taken from the <c>size</c> and
/// <c>Q</c> fields: <c>{v0.16b-v3.16b}</c>, <c>{v4.2s, v5.2s}</c>.
/// </summary>
public sealed class VectorListOperand(BitField first, int count, BitField q, BitField size) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        SimdFpSyntax.AppendList(writer, first.Extract(word), count,
            SimdFpSyntax.Arrangements[(size.Extract(word) << 1) | q.Extract(word)]);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!SimdFpSyntax.TryParseList(text, out var number, out var n, out var suffix) || n != count) return false;
        var arrangement = Array.IndexOf(SimdFpSyntax.Arrangements, suffix);
        return arrangement >= 0 && state.TrySet(first, number)
            && state.TrySet(size, (uint)arrangement >> 1) && state.TrySet(q, (uint)arrangement & 1);
    }
}

/// <summary>
/// A list of consecutive vector registers naming one element each, and the element's index:
/// <c>{v0.s, v1.s}[3]</c>. The index is the concatenation of <paramref name="indexHighFirst"/>.
/// </summary>
public sealed class ElementListOperand(BitField first, int count, char element, BitField[] indexHighFirst) : Operand
{
    private readonly string _suffix = element.ToString();

    public override void Print(uint word, InstructionWriter writer)
    {
        SimdFpSyntax.AppendList(writer, first.Extract(word), count, _suffix);
        var index = 0u;
        foreach (var f in indexHighFirst) index = (index << f.Width) | f.Extract(word);
        writer.Append('[').AppendDecimal(index).Append(']');
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        var close = text.LastIndexOf('}');
        var open = close < 0 ? -1 : text.IndexOf('[', close);
        if (open < 0 || !text.EndsWith(']')) return false;
        if (!SimdFpSyntax.TryParseList(text.AsSpan(0, close + 1), out var number, out var n, out var suffix)
            || n != count || suffix != _suffix) return false;
        if (!context.TryEvaluateConstant(text[(open + 1)..^1], out var index) || index < 0) return false;
        var value = (ulong)index;
        for (var i = indexHighFirst.Length - 1; i >= 0; i--)
        {
            var f = indexHighFirst[i];
            if (!state.TrySet(f, (uint)(value & ((1UL << f.Width) - 1)))) return false;
            value >>= f.Width;
        }
        return value == 0 && state.TrySet(first, number);
    }
}

/// <summary>SIMD&amp;FP register operand specs.</summary>
public static class SimdFp
{
    /// <summary>A scalar register of the size named by <paramref name="prefix"/> (b, h, s, d, q).</summary>
    public static OperandSpec Scalar(string field, char prefix) => p => new SimdScalarOperand(p[field], prefix);

    /// <summary>A list of <paramref name="count"/> vectors, arrangement from the <c>size</c> and <c>Q</c> fields.</summary>
    public static OperandSpec List(string field, int count) =>
        p => new VectorListOperand(p[field], count, p["Q"], p["size"]);

    /// <summary>A list of <paramref name="count"/> vector elements and their index, made of the named fields.</summary>
    public static OperandSpec Elements(string field, int count, char element, params string[] indexFields) =>
        p => new ElementListOperand(p[field], count, element, Array.ConvertAll(indexFields, f => p[f]));
}
