using System.Globalization;

namespace PatchLab.Arm64.Operands;

/// <summary>
/// How a SIMD&amp;FP register is spelled in one word: the letter before the number (<c>b h s d q v</c>, and
/// <c>z p</c> for SVE), the text
/// after it (<c>.4s</c>, <c>.s</c>, or nothing) and an element index (-1 for none). A zero letter means the word's
/// fields give no valid spelling.
/// </summary>
public readonly record struct FpSimdShape(char Letter, string Suffix, int Index = -1)
{
    /// <summary>Reads <c>"v.4s"</c>, <c>"s"</c>, <c>"v.s"</c>: the letter, then the suffix.</summary>
    public static FpSimdShape Of(string text) => text.Length == 0 ? default : new(text[0], text[1..]);
}

/// <summary>Computes the shape from a word; built once per encoding from the pattern's fields.</summary>
public delegate FpSimdShape FpSimdShapeOf(uint word);

/// <summary>
/// Which fields choose a register's shape and how. Encoding searches the values of <see cref="Controls"/> for one
/// whose shape is the one written, so a shape needs no hand-written inverse.
/// </summary>
public sealed record FpSimdShapeSpec(string[] Controls, Func<BitPattern, FpSimdShapeOf> Bind);

/// <summary>Fields read together as one number, most significant first (<c>M:Rm</c>, <c>H:L:M</c>, <c>a:b:c:d:e:f:g:h</c>).</summary>
public readonly struct FieldChain
{
    private readonly BitField[] _fields;

    public FieldChain(BitPattern pattern, string names)
    {
        _fields = Array.ConvertAll(names.Split(' ', StringSplitOptions.RemoveEmptyEntries), n => pattern[n]);
        Width = _fields.Sum(f => f.Width);
    }

    public int Width { get; }

    public uint Extract(uint word)
    {
        var value = 0u;
        foreach (var f in _fields) value = (value << f.Width) | f.Extract(word);
        return value;
    }

    public bool TrySet(ref EncodeState state, uint value)
    {
        if (Width < 32 && value >> Width != 0) return false;
        for (var i = _fields.Length - 1; i >= 0; i--)
        {
            var f = _fields[i];
            if (!state.TrySet(f, value & ((1u << f.Width) - 1))) return false;
            value >>= f.Width;
        }
        return true;
    }

    /// <summary>
    /// Tries every value of the chain (left free where an earlier operand already set bits) and keeps the first for
    /// which <paramref name="accept"/> holds on the resulting word.
    /// </summary>
    public bool TrySearch(ref EncodeState state, Func<uint, bool> accept)
    {
        var count = 1u << Width;
        for (var v = 0u; v < count; v++)
        {
            var attempt = state;
            if (!TrySet(ref attempt, v) || !accept(attempt.Word)) continue;
            state = attempt;
            return true;
        }
        return false;
    }
}

/// <summary>
/// A SIMD&amp;FP register (<c>s3</c>, <c>v3.4s</c>, <c>v3.s[1]</c>) whose number is one or more fields; an alias
/// that writes one register for two fields (<c>mov</c> for <c>orr vd, vn, vn</c>) names the other as
/// <paramref name="tied"/>.
/// </summary>
public sealed class FpSimdRegisterOperand(FieldChain number, FieldChain controls, FpSimdShapeOf shape, FieldChain? tied = null)
    : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        Append(writer, shape(word), number.Extract(word));

    internal static void Append(InstructionWriter writer, FpSimdShape s, uint number)
    {
        writer.Text.Append(s.Letter).Append(number).Append(s.Suffix);
        if (s.Index >= 0) writer.Text.Append('[').Append(s.Index).Append(']');
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        TryRead(text.Trim(), out var n, out var written) && number.TrySet(ref state, n)
        && (tied is not { } t || t.TrySet(ref state, n)) && controls.TrySearch(ref state, w => shape(w) == written);

    /// <summary>Reads <c>v12.4s</c>, <c>d3</c>, <c>v1.s[2]</c> (any case) into a number and a shape.</summary>
    internal static bool TryRead(string text, out uint number, out FpSimdShape shape)
    {
        number = 0;
        shape = default;
        text = text.ToLowerInvariant();
        if (text.Length < 2 || "bhsdqvzp".IndexOf(text[0], StringComparison.Ordinal) < 0) return false;
        var i = 1;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == 1 || i > 3 || !uint.TryParse(text.AsSpan(1, i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            || number > 31)
            return false;
        var rest = text[i..];
        var index = -1;
        var open = rest.IndexOf('[', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!rest.EndsWith(']') || !int.TryParse(rest.AsSpan(open + 1, rest.Length - open - 2), NumberStyles.None,
                    CultureInfo.InvariantCulture, out index))
                return false;
            rest = rest[..open];
        }
        shape = new FpSimdShape(text[0], rest.Trim(), index);
        return true;
    }
}

/// <summary>
/// A list of consecutive vector registers (wrapping after v31): <c>{v0.16b}</c>, <c>{v0.16b, v1.16b}</c>, and
/// objdump's range form for three or more, <c>{v0.16b-v3.16b}</c>.
/// </summary>
public sealed class FpSimdListOperand(FieldChain first, int count, FieldChain controls, FpSimdShapeOf shape) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        var s = shape(word);
        var n = first.Extract(word);
        writer.Text.Append('{');
        FpSimdRegisterOperand.Append(writer, s, n);
        // objdump writes a range only when the numbers do not wrap past v31.
        if (count == 2 || (count > 2 && n + count > 32))
        {
            for (var i = 1; i < count; i++)
            {
                writer.Text.Append(", ");
                FpSimdRegisterOperand.Append(writer, s, (uint)(n + i) % 32);
            }
        }
        else if (count > 2)
        {
            writer.Text.Append('-');
            FpSimdRegisterOperand.Append(writer, s, (uint)(n + count - 1) % 32);
        }
        writer.Text.Append('}');
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}') return false;
        var body = text[1..^1];
        var range = body.Split('-');
        var items = range.Length == 2 ? range : body.Split(',');
        var registers = new List<(uint Number, FpSimdShape Shape)>();
        foreach (var item in items)
        {
            if (!FpSimdRegisterOperand.TryRead(item.Trim(), out var n, out var s)) return false;
            registers.Add((n, s));
        }
        if (registers.Exists(r => r.Shape != registers[0].Shape)) return false;
        var written = registers[0].Shape;
        var span = range.Length == 2 ? (int)((registers[1].Number - registers[0].Number + 32) % 32) + 1 : registers.Count;
        if (span != count) return false;
        for (var i = 1; i < registers.Count && range.Length != 2; i++)
            if (registers[i].Number != (registers[0].Number + (uint)i) % 32) return false;
        return first.TrySet(ref state, registers[0].Number) && controls.TrySearch(ref state, w => shape(w) == written);
    }
}

/// <summary>Shape specs for SIMD&amp;FP registers, and the operand specs built from them.</summary>
public static class FpSimdRegisters
{
    /// <summary>A register whose number is the named field(s) (space-separated, most significant first).</summary>
    public static OperandSpec Reg(string number, FpSimdShapeSpec shape) =>
        p => new FpSimdRegisterOperand(new FieldChain(p, number), new FieldChain(p, string.Join(' ', shape.Controls)),
            shape.Bind(p));

    /// <summary>A register written once into two fields (the source of <c>mov</c>, alias of <c>orr vd, vn, vn</c>).</summary>
    public static OperandSpec Tied(string number, string tied, FpSimdShapeSpec shape) =>
        p => new FpSimdRegisterOperand(new FieldChain(p, number), new FieldChain(p, string.Join(' ', shape.Controls)),
            shape.Bind(p), new FieldChain(p, tied));

    /// <summary>A list of <paramref name="count"/> consecutive registers starting at the named field.</summary>
    public static OperandSpec List(string first, int count, FpSimdShapeSpec shape) =>
        p => new FpSimdListOperand(new FieldChain(p, first), count, new FieldChain(p, string.Join(' ', shape.Controls)),
            shape.Bind(p));

    /// <summary>A fixed spelling: <c>Fixed("s")</c> for <c>s5</c>, <c>Fixed("v.16b")</c> for <c>v5.16b</c>.</summary>
    public static FpSimdShapeSpec Fixed(string shape)
    {
        var s = FpSimdShape.Of(shape);
        return new([], _ => _ => s);
    }

    /// <summary>
    /// A spelling looked up by the value of the control fields read together (first field most significant);
    /// null or empty entries are reserved.
    /// </summary>
    public static FpSimdShapeSpec Table(string controls, params string?[] shapes)
    {
        var parsed = Array.ConvertAll(shapes, s => FpSimdShape.Of(s ?? ""));
        return new(controls.Split(' '), p =>
        {
            var chain = new FieldChain(p, controls);
            return w => chain.Extract(w) is var i && i < parsed.Length ? parsed[i] : default;
        });
    }

    /// <summary>An element <c>v.&lt;T&gt;[index]</c> computed from the control fields read together.</summary>
    public static FpSimdShapeSpec Computed(string controls, Func<uint, FpSimdShape> of) =>
        new(controls.Split(' '), p =>
        {
            var chain = new FieldChain(p, controls);
            return w => of(chain.Extract(w));
        });

    /// <summary>Scalar FP register by <c>ftype</c>: single, double, reserved, half.</summary>
    public static readonly FpSimdShapeSpec Ftype = Table("ftype", "s", "d", null, "h");

    /// <summary>Scalar register by a two-bit size field: b, h, s, d.</summary>
    public static FpSimdShapeSpec ScalarBySize(string size = "size") => Table(size, "b", "h", "s", "d");

    /// <summary>Vector by size:Q: 8b 16b 4h 8h 2s 4s 1d 2d.</summary>
    public static readonly FpSimdShapeSpec SizeQ =
        Table("size Q", "v.8b", "v.16b", "v.4h", "v.8h", "v.2s", "v.4s", "v.1d", "v.2d");

    /// <summary>The doubled-width vector of a long or wide operation, by size: 8h 4s 2d.</summary>
    public static readonly FpSimdShapeSpec Wide = Table("size", "v.8h", "v.4s", "v.2d");

    /// <summary>Floating-point vector by sz:Q: 2s 4s (reserved) 2d.</summary>
    public static readonly FpSimdShapeSpec SzQ = Table("sz Q", "v.2s", "v.4s", null, "v.2d");

    /// <summary>Half-precision vector by Q: 4h 8h.</summary>
    public static readonly FpSimdShapeSpec HalfQ = Table("Q", "v.4h", "v.8h");

    /// <summary>Byte vector by Q: 8b 16b.</summary>
    public static readonly FpSimdShapeSpec ByteQ = Table("Q", "v.8b", "v.16b");

    /// <summary>Scalar FP register by sz: s, d.</summary>
    public static readonly FpSimdShapeSpec Sz = Table("sz", "s", "d");

    /// <summary>Element suffixes by size.</summary>
    public static readonly string[] ElementSuffix = [".b", ".h", ".s", ".d"];

    /// <summary>Vector spellings indexed by size*2+Q.</summary>
    public static readonly string[] VectorBySizeQ = ["v.8b", "v.16b", "v.4h", "v.8h", "v.2s", "v.4s", "v.1d", "v.2d"];

    /// <summary>An indexed element <c>v.&lt;T&gt;[i]</c> of a fixed size with its index in the named fields.</summary>
    public static FpSimdShapeSpec Element(string suffix, string index) =>
        Computed(index, v => new FpSimdShape('v', suffix, (int)v));

    /// <summary>An element with a fixed index (<c>v.d[1]</c> of FMOV).</summary>
    public static FpSimdShapeSpec FixedElement(string suffix, int index) =>
        new([], _ => _ => new FpSimdShape('v', suffix, index));
}
