
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
        if (shift != 0) writer.Append(", lsl #").AppendDecimal(shift);
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
        writer.Append("mul #").AppendDecimal(field.Extract(word) + 1);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        return text.StartsWith("mul", StringComparison.OrdinalIgnoreCase)
               && context.TryEvaluateConstant(AsmSyntax.ImmediateText(text[3..]), out var value)
               && value >= 1 && value <= 1L << field.Width && state.TrySet(field, (uint)value - 1);
    }
}

/// <summary>
/// The bitmask immediate of DUPM (N:immr:imms in one 13-bit field), printed as one element of
/// <paramref name="elementBits"/> in hex.
/// </summary>
public sealed class SveBitmaskOperand(BitField imm13, int elementBits) : Operand
{
    private ulong ElementMask => elementBits == 64 ? ulong.MaxValue : (1UL << elementBits) - 1;

    public ulong Element(uint word)
    {
        var v = imm13.Extract(word);
        Bitmask.TryDecode(v >> 12, (v >> 6) & 63, v & 63, true, out var value);
        return value & ElementMask;
    }

    public override void Print(uint word, InstructionWriter writer) => writer.AppendHexImmediate(Element(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!DataProcessing.TryReadConstant(text, context, out var signed)) return false;
        var value = (ulong)signed;
        // The element may be written zero- or sign-extended.
        if ((value & ~ElementMask) != 0 && (value | ElementMask) != ulong.MaxValue) return false;
        value &= ElementMask;
        for (var width = elementBits; width < 64; width *= 2) value |= value << width;
        return Bitmask.TryEncode(value, true, out var n, out var immr, out var imms)
               && state.TrySet(imm13, (n << 12) | (immr << 6) | imms);
    }

    /// <summary>
    /// Whether objdump prints DUPM as MOV: only when DUP (immediate) could not give the same vector, i.e. the element
    /// is not a signed byte, optionally shifted left by 8, repeated.
    /// </summary>
    public bool MovPreferred(uint word)
    {
        var value = Element(word);
        var signed = (long)value;
        if (elementBits <= 32 || (uint)value == (uint)(value >> 32))
        {
            signed = (int)value;
            if (elementBits <= 16 || (ushort)value == (ushort)(value >> 16))
            {
                signed = (short)value;
                if (elementBits == 8 || (byte)value == (byte)(value >> 8)) return false;
            }
        }
        if ((signed & 0xff) == 0) signed /= 256;
        return signed is < -128 or >= 128;
    }
}

/// <summary>Operand specs for the SVE loads, stores and element counts.</summary>
public static class SveOperands
{
    /// <summary><c>[xn, xm{, lsl #shift}]</c> from the fields Rn and Rm.</summary>
    public static OperandSpec ScalarIndex(int shift) => p => new ScalarIndexAddressOperand(p["Rn"], p["Rm"], shift);

    /// <summary>The DUPM immediate in the bits 17:5 of the word, one element of <paramref name="elementBits"/>.</summary>
    public static SveBitmaskOperand DupmImmediate(int elementBits) => new(new BitField("imm13", 5, 13), elementBits);

    /// <summary><c>mul #n</c> from a field holding n - 1.</summary>
    public static OperandSpec Multiplier(string field) => p => new CountMultiplierOperand(p[field]);
}
