namespace PatchLab.Arm64.Operands;

/// <summary>What register number 31 means for a general-purpose register operand.</summary>
public enum Register31
{
    Zero,
    StackPointer,
}

/// <summary>
/// A general-purpose register: <c>x</c>/<c>w</c> by a fixed width or by the encoding's <c>sf</c> bit; register 31 is
/// the zero register or the stack pointer, by encoding.
/// </summary>
public sealed class GprOperand(BitField field, BitField? sizeBit, bool fixed64, Register31 r31) : Operand
{
    private static readonly string[] XNames = Names('x', "xzr", "sp");
    private static readonly string[] WNames = Names('w', "wzr", "wsp");

    private static string[] Names(char prefix, string zero, string sp)
    {
        var names = new string[33];
        for (var i = 0; i < 31; i++) names[i] = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        names[31] = zero;
        names[32] = sp;
        return names;
    }

    public bool Is64(uint word) => sizeBit is { } sf ? sf.Extract(word) == 1 : fixed64;

    public static string Name(uint number, bool is64, Register31 r31)
    {
        var names = is64 ? XNames : WNames;
        return number == 31 && r31 == Register31.StackPointer ? names[32] : names[number];
    }

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(Name(field.Extract(word), Is64(word), r31));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!AsmSyntax.TryParseGpr(text, out var number, out var is64, out var kind)) return false;
        if (kind == AsmSyntax.GprKind.StackPointer && r31 != Register31.StackPointer) return false;
        if (kind == AsmSyntax.GprKind.Zero && r31 != Register31.Zero) return false;
        if (sizeBit is { } sf ? !state.TrySet(sf, is64 ? 1u : 0u) : is64 != fixed64) return false;
        return state.TrySet(field, number);
    }
}

/// <summary>Register operand specs for the encoding groups.</summary>
public static class Gpr
{
    /// <summary>Width from the pattern's <c>sf</c> field; register 31 is XZR/WZR.</summary>
    public static OperandSpec R(string field) => p => new GprOperand(p[field], p["sf"], false, Register31.Zero);

    /// <summary>Width from <c>sf</c>; register 31 is SP/WSP.</summary>
    public static OperandSpec RSp(string field) => p => new GprOperand(p[field], p["sf"], false, Register31.StackPointer);

    public static OperandSpec X(string field) => p => new GprOperand(p[field], null, true, Register31.Zero);
    public static OperandSpec W(string field) => p => new GprOperand(p[field], null, false, Register31.Zero);
    public static OperandSpec XSp(string field) => p => new GprOperand(p[field], null, true, Register31.StackPointer);
    public static OperandSpec WSp(string field) => p => new GprOperand(p[field], null, false, Register31.StackPointer);

    /// <summary>Width chosen by a named one-bit field other than <c>sf</c> (e.g. <c>b5</c> of TBZ).</summary>
    public static OperandSpec SizedBy(string field, string sizeField) =>
        p => new GprOperand(p[field], p[sizeField], false, Register31.Zero);
}
