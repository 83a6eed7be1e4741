
namespace PatchLab.Arm64.Operands;

/// <summary>
/// A base register with an offset in multiples of the vector (or predicate) length: <c>[x0, #-34, mul vl]</c>,
/// or <c>[x0]</c> when the offset is zero, as objdump prints and GNU as accepts. Structure accesses of several
/// vectors count the offset in whole structures: the field times <paramref name="multiple"/>.
/// </summary>
public sealed class VectorLengthOffsetOperand(BitField baseRegister, FieldChain offset, bool signed, int multiple = 1) : Operand
{
    private long OffsetOf(uint word)
    {
        var raw = offset.Extract(word);
        return multiple * (signed ? (long)((int)(raw << (32 - offset.Width)) >> (32 - offset.Width)) : raw);
    }

    public override void Print(uint word, InstructionWriter writer)
    {
        writer.Append('[').Append(GprOperand.Name(baseRegister.Extract(word), true, Register31.StackPointer));
        var value = OffsetOf(word);
        if (value != 0) writer.Append(", #").AppendDecimal(value).Append(", mul vl");
        writer.Append(']');
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']') return false;
        var parts = text[1..^1].Split(',', StringSplitOptions.TrimEntries);
        if (!AsmSyntax.TryParseGpr(parts[0], out var number, out var is64, out var kind) || !is64
            || kind == AsmSyntax.GprKind.Zero || !state.TrySet(baseRegister, number))
            return false;
        long value = 0;
        if (parts.Length == 3)
        {
            if (!string.Equals(parts[2].Replace(" ", "", StringComparison.Ordinal), "mulvl", StringComparison.OrdinalIgnoreCase)
                || !context.TryEvaluateConstant(AsmSyntax.ImmediateText(parts[1]), out value))
                return false;
        }
        else if (parts.Length != 1)
        {
            return false;
        }
        if (value % multiple != 0) return false;
        value /= multiple;
        var limit = 1L << (offset.Width - (signed ? 1 : 0));
        if (value >= limit || value < (signed ? -limit : 0)) return false;
        return offset.TrySet(ref state, (uint)value & (uint)((1L << offset.Width) - 1));
    }
}

/// <summary>A horizontal slice of the SME array by vector-select register and offset: <c>za[w12, 0]</c>.</summary>
public sealed class ZaArrayVectorOperand(BitField select, BitField offset) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append("za[w").AppendDecimal(12 + select.Extract(word)).Append(", ")
            .AppendDecimal(offset.Extract(word)).Append(']');

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim().ToLowerInvariant();
        if (!text.StartsWith("za[", StringComparison.Ordinal) || text[^1] != ']') return false;
        var parts = text[3..^1].Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && AsmSyntax.TryParseGpr(parts[0], out var w, out var is64, out _) && !is64
               && w is >= 12 and <= 15 && context.TryEvaluateConstant(AsmSyntax.ImmediateText(parts[1]), out var o)
               && o is >= 0 and < 16 && state.TrySet(select, w - 12) && state.TrySet(offset, (uint)o);
    }
}

/// <summary>
/// The ZA tiles a ZERO clears, from its 8-bit mask of 64-bit tiles: objdump names the largest tiles first,
/// <c>{za}</c>, <c>{za0.h, za1.s}</c>, <c>{}</c>.
/// </summary>
public sealed class ZaTileListOperand(BitField mask) : Operand
{
    private static readonly (string Name, uint Mask)[] Tiles =
    [
        ("za", 0xff), ("za0.h", 0x55), ("za1.h", 0xaa), ("za0.s", 0x11), ("za1.s", 0x22), ("za2.s", 0x44), ("za3.s", 0x88),
        ("za0.d", 0x01), ("za1.d", 0x02), ("za2.d", 0x04), ("za3.d", 0x08), ("za4.d", 0x10), ("za5.d", 0x20),
        ("za6.d", 0x40), ("za7.d", 0x80), ("za0.b", 0xff),
    ];

    public override void Print(uint word, InstructionWriter writer)
    {
        var rest = mask.Extract(word);
        writer.Append('{');
        var first = true;
        foreach (var (name, bits) in Tiles)
        {
            if ((rest & bits) != bits || bits == 0) continue;
            rest &= ~bits;
            if (!first) writer.Append(", ");
            writer.Append(name);
            first = false;
        }
        writer.Append('}');
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim().ToLowerInvariant();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}') return false;
        var value = 0u;
        foreach (var name in text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var i = Array.FindIndex(Tiles, tile => tile.Name == name);
            if (i < 0) return false;
            value |= Tiles[i].Mask;
        }
        return state.TrySet(mask, value);
    }
}

/// <summary>
/// The element-count pattern of PTRUE and friends (<c>pow2</c>, <c>vl4</c>, <c>mul3</c>, <c>#14</c>); <c>all</c>
/// is the default that objdump leaves out, unless a multiplier (<c>all, mul #4</c>) follows.
/// </summary>
public sealed class SvePatternOperand(BitField pattern, BitField? multiplier = null) : Operand
{
    private static readonly string?[] Names =
    [
        "pow2", "vl1", "vl2", "vl3", "vl4", "vl5", "vl6", "vl7", "vl8", "vl16", "vl32", "vl64", "vl128", "vl256",
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, "mul4", "mul3", "all",
    ];

    public override bool IsPresent(uint word) => pattern.Extract(word) != 31 || multiplier?.Extract(word) > 0;

    public override bool IsOptional => true;

    // GNU as takes no multiplier without a pattern.
    public override bool ApplyOmitted(ref EncodeState state) =>
        state.TrySet(pattern, 31) && (multiplier is not { } m || state.TrySet(m, 0));

    public override void Print(uint word, InstructionWriter writer)
    {
        var value = pattern.Extract(word);
        if (Names[value] is { } name) writer.Append(name);
        else writer.AppendDecimalImmediate(value);
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim().ToLowerInvariant();
        var i = Array.IndexOf(Names, text);
        if (i >= 0) return state.TrySet(pattern, (uint)i);
        return text.StartsWith('#') && context.TryEvaluateConstant(text[1..], out var v) && v is >= 0 and < 32
               && state.TrySet(pattern, (uint)v);
    }
}

/// <summary>Operand specs for the SVE and SME register-state instructions.</summary>
public static class SveSmeOperands
{
    public static OperandSpec VectorLengthOffset(string baseRegister, string offset, bool signed = true, int multiple = 1) =>
        p => new VectorLengthOffsetOperand(p[baseRegister], new FieldChain(p, offset), signed, multiple);

    public static OperandSpec ZaArrayVector(string select, string offset) => p => new ZaArrayVectorOperand(p[select], p[offset]);

    public static OperandSpec ZaTiles(string mask) => p => new ZaTileListOperand(p[mask]);

    public static OperandSpec Pattern(string field) => p => new SvePatternOperand(p[field]);

    /// <summary>A pattern followed by a multiplier field (<c>mul #imm4+1</c>): <c>all</c> is printed when it is not 1.</summary>
    public static OperandSpec Pattern(string field, string multiplier) => p => new SvePatternOperand(p[field], p[multiplier]);

    /// <summary>A signed immediate in decimal (<c>#-32</c> … <c>#31</c> of RDVL and ADDVL).</summary>
    public static OperandSpec Signed(string field) =>
        p =>
        {
            var f = p[field];
            return new ComputedImmediateOperand(new FieldChain(p, field),
                v => (ulong)(long)((int)(v << (32 - f.Width)) >> (32 - f.Width)), false);
        };
}
