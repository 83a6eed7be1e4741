using System.Globalization;

namespace PatchLab.Arm64.Operands;

/// <summary>
/// An immediate computed from one or more fields (shift amounts from <c>immh:immb</c>, fixed-point fraction bits
/// from <c>scale</c>, expanded SIMD masks); null means the fields give no value. Encoding searches the fields'
/// values for the one written, so the computation needs no hand-written inverse (the fields are a few bits wide).
/// </summary>
public sealed class ComputedImmediateOperand(FieldChain fields, Func<uint, ulong?> valueOf, bool hex) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        var value = valueOf(fields.Extract(word)) ?? 0;
        if (hex) writer.AppendHexImmediate(value);
        else writer.AppendDecimalImmediate((long)value);
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var value)) return false;
        var chain = fields;
        return fields.TrySearch(ref state, w => valueOf(chain.Extract(w)) == (ulong)value);
    }
}

/// <summary>
/// An 8-bit floating-point immediate (sign, 3-bit exponent, 4-bit fraction), printed as objdump prints it with
/// C's <c>%.18e</c>: <c>#1.000000000000000000e+00</c>.
/// </summary>
public sealed class FloatImmediateOperand(FieldChain imm8) : Operand
{
    public static double Expand(uint imm8)
    {
        var exponent = ((imm8 & 0x40) != 0 ? 0 : 4) + (int)((imm8 >> 4) & 3) - 3;
        var value = (1 + (imm8 & 15) / 16.0) * Math.Pow(2, exponent);
        return (imm8 & 0x80) != 0 ? -value : value;
    }

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append('#').Append(Expand(imm8.Extract(word)).ToString("0.000000000000000000e+00", CultureInfo.InvariantCulture));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!double.TryParse(AsmSyntax.ImmediateText(text), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return false;
        var chain = imm8;
        return imm8.TrySearch(ref state, w => Expand(chain.Extract(w)) == value);
    }
}

/// <summary>
/// A zero that never changes (<c>#0.0</c> of FCMP, <c>#0</c> of CMEQ); the assembler takes any spelling of zero
/// (<c>#0</c>, <c>0.0</c>, <c>#0x0</c>).
/// </summary>
public sealed class ZeroOperand(string text) : Operand
{
    public override void Print(uint word, InstructionWriter writer) => writer.Append(text);

    public override bool TryParse(string written, ref EncodeState state, IOperandParseContext context)
    {
        var value = AsmSyntax.ImmediateText(written);
        return (context.TryEvaluateConstant(value, out var n) && n == 0)
               || (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == 0);
    }
}

/// <summary>
/// A shift written after an immediate (<c>lsl #8</c>, <c>msl #16</c>); left out when its amount is zero, as objdump
/// does and GNU as allows.
/// </summary>
public sealed class SimdImmediateShiftOperand(string kind, FieldChain fields, Func<uint, int> amountOf) : Operand
{
    public override bool IsPresent(uint word) => amountOf(fields.Extract(word)) != 0;

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) => Search(ref state, 0);

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(kind).Append(" #").Append(amountOf(fields.Extract(word)).ToString(CultureInfo.InvariantCulture));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        if (!text.StartsWith(kind, StringComparison.OrdinalIgnoreCase)) return false;
        return context.TryEvaluateConstant(AsmSyntax.ImmediateText(text[kind.Length..]), out var amount)
               && amount is >= 0 and < 64 && Search(ref state, (int)amount);
    }

    private bool Search(ref EncodeState state, int amount)
    {
        var chain = fields;
        return fields.TrySearch(ref state, w => amountOf(chain.Extract(w)) == amount);
    }
}

/// <summary>Immediate operand specs for the SIMD&amp;FP groups.</summary>
public static class FpSimdImmediates
{
    public static OperandSpec Computed(string fields, Func<uint, ulong?> valueOf, bool hex = false) =>
        p => new ComputedImmediateOperand(new FieldChain(p, fields), valueOf, hex);

    public static OperandSpec Float(string fields) => p => new FloatImmediateOperand(new FieldChain(p, fields));

    /// <summary>A zero printed as <paramref name="text"/>.</summary>
    public static OperandSpec Zero(string text) => _ => new ZeroOperand(text);

    public static OperandSpec Shift(string kind, string fields, Func<uint, int> amountOf) =>
        p => new SimdImmediateShiftOperand(kind, new FieldChain(p, fields), amountOf);
}
