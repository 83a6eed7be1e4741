namespace PatchLab.Arm64.Operands;

/// <summary>
/// The second register of an even/odd pair (CASP): it has no field of its own, it is the first one plus one, and
/// the source must name exactly that register.
/// </summary>
public sealed class GprPairSecondOperand(BitField first, BitField? sizeBit, bool fixed64) : Operand
{
    private bool Is64(uint word) => sizeBit is { } sf ? sf.Extract(word) == 1 : fixed64;

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(GprOperand.Name((first.Extract(word) + 1) & 31, Is64(word), Register31.Zero));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        AsmSyntax.TryParseGpr(text, out var number, out var is64, out var kind) && kind != AsmSyntax.GprKind.StackPointer
        && is64 == Is64(state.Word) && number == ((first.Extract(state.Word) + 1) & 31);
}

public static class GprPair
{
    /// <summary>The register after <paramref name="first"/>, sized by the named one-bit field like it.</summary>
    public static OperandSpec Second(string first, string sizeField) =>
        p => new GprPairSecondOperand(p[first], p[sizeField], false);
}
