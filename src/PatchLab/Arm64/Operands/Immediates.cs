namespace PatchLab.Arm64.Operands;

/// <summary>An unsigned immediate field printed as objdump prints it: <c>#0x1f</c> or <c>#31</c>.</summary>
public sealed class ImmediateOperand(BitField field, bool hex, ulong scale, RelocationType relocation) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        var value = field.Extract(word) * scale;
        if (hex) writer.AppendHexImmediate(value);
        else writer.AppendDecimalImmediate((long)value);
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        var expression = AsmSyntax.ImmediateText(text);
        long value;
        if (relocation == RelocationType.None)
        {
            if (!context.TryEvaluateConstant(expression, out value)) return false;
        }
        else if (!context.TryEvaluateOrRelocate(expression, relocation, out value, out _))
        {
            return false;
        }
        if (value < 0 || (ulong)value % scale != 0) return false;
        return state.TrySet(field, (uint)((ulong)value / scale));
    }
}

public static class Imm
{
    /// <summary><c>#0x…</c>, the form objdump uses for most immediates.</summary>
    public static OperandSpec Hex(string field, RelocationType relocation = RelocationType.None) =>
        p => new ImmediateOperand(p[field], true, 1, relocation);

    /// <summary><c>#n</c> in decimal (bit numbers, shift amounts, system-instruction fields).</summary>
    public static OperandSpec Dec(string field) => p => new ImmediateOperand(p[field], false, 1, RelocationType.None);
}
