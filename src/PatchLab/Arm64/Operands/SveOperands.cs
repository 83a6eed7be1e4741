using System.Globalization;

namespace PatchLab.Arm64.Operands;

/// <summary>
/// An SVE scalar-plus-scalar address: <c>[x1, x2]</c>, or <c>[x1, x2, lsl #2]</c> when the index counts elements of
/// 1 &lt;&lt; <paramref name="shift"/> bytes. The index may be <c>xzr</c> (first-fault loads), never SP.
/// </summary>
public sealed class ScalarIndexAddressOperand(BitField rn, BitField rm, int shift) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        AddressSyntax.AppendBase(writer, rn.Extract(word));
        writer.Append(", ").Append(GprOperand.Name(rm.Extract(word), true, Register31.Zero));
        if (shift != 0) writer.Append(", lsl #").Append(shift.ToString(CultureInfo.InvariantCulture));
        writer.Append(']');
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!AddressSyntax.TrySplit(text, out var number, out var rest, out var writeback) || writeback
            || rest.Count != (shift == 0 ? 1 : 2)
            || !AsmSyntax.TryParseGpr(rest[0], out var index, out var is64, out var kind) || !is64
            || kind == AsmSyntax.GprKind.StackPointer)
            return false;
        if (shift != 0)
        {
            var amount = rest[1].Trim();
            if (!amount.StartsWith("lsl", StringComparison.OrdinalIgnoreCase)
                || !context.TryEvaluateConstant(AsmSyntax.ImmediateText(amount[3..]), out var value) || value != shift)
                return false;
        }
        return state.TrySet(rn, number) && state.TrySet(rm, index);
    }
}

/// <summary>
/// The multiplier of an element count, <c>mul #4</c> for a field of 3: left out when it is 1, as objdump does and
/// GNU as allows.
/// </summary>
public sealed class CountMultiplierOperand(BitField field) : Operand
{
    public override bool IsPresent(uint word) => field.Extract(word) != 0;

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) => state.TrySet(field, 0);

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append("mul #").Append((field.Extract(word) + 1).ToString(CultureInfo.InvariantCulture));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        return text.StartsWith("mul", StringComparison.OrdinalIgnoreCase)
               && context.TryEvaluateConstant(AsmSyntax.ImmediateText(text[3..]), out var value)
               && value >= 1 && value <= 1L << field.Width && state.TrySet(field, (uint)value - 1);
    }
}

/// <summary>Operand specs for the SVE loads, stores and element counts.</summary>
public static class SveOperands
{
    /// <summary><c>[xn, xm{, lsl #shift}]</c> from the fields Rn and Rm.</summary>
    public static OperandSpec ScalarIndex(int shift) => p => new ScalarIndexAddressOperand(p["Rn"], p["Rm"], shift);

    /// <summary><c>mul #n</c> from a field holding n - 1.</summary>
    public static OperandSpec Multiplier(string field) => p => new CountMultiplierOperand(p[field]);
}
