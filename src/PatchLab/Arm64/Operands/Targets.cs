namespace PatchLab.Arm64.Operands;

/// <summary>
/// A PC-relative target: a signed field scaled by 4 (branches, literal loads, ADR) or by 4096 from the page of the
/// instruction (ADRP). Printed through the symbolizer; read back as a label or an absolute expression, with the
/// relocation GNU as emits when the target is a symbol.
/// </summary>
public sealed class PcRelativeOperand(BitField[] fieldsHighFirst, int shift, bool page, RelocationType relocation) : Operand
{
    /// <summary>The bits of the word that hold the offset.</summary>
    public uint FieldMask { get; } = MaskOf(fieldsHighFirst);

    private static uint MaskOf(BitField[] fields)
    {
        var mask = 0u;
        foreach (var f in fields) mask |= f.FieldMask;
        return mask;
    }

    /// <summary>Whether the offset counts from the instruction's 4 KiB page (ADRP) rather than from the instruction.</summary>
    public bool FromPage => page;

    public long Offset(uint word)
    {
        long value = 0;
        var width = 0;
        foreach (var f in fieldsHighFirst)
        {
            value = (value << f.Width) | f.Extract(word);
            width += f.Width;
        }
        value = (value << (64 - width)) >> (64 - width);
        return value << shift;
    }

    public override void Print(uint word, InstructionWriter writer) => writer.AppendTarget(Offset(word), page);

    public override PcRelativeOperand PcRelative => this;

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!context.TryEvaluateOrRelocate(AsmSyntax.ImmediateText(text), relocation, out var target, out var relocated))
            return false;
        if (relocated) return true;
        var origin = page ? context.Address & ~0xfffUL : context.Address;
        var delta = target - (long)origin;
        if ((delta & ((1L << shift) - 1)) != 0) return false;
        var value = delta >> shift;
        var width = fieldsHighFirst.Sum(f => f.Width);
        if (value < -(1L << (width - 1)) || value >= 1L << (width - 1)) return false;
        // Fill the fields from the lowest one up.
        for (var i = fieldsHighFirst.Length - 1; i >= 0; i--)
        {
            var f = fieldsHighFirst[i];
            if (!state.TrySet(f, (uint)(value & ((1L << f.Width) - 1)))) return false;
            value >>= f.Width;
        }
        return true;
    }
}

public static class Target
{
    /// <summary>A word-aligned PC-relative target in one field (B, BL, B.cond, CBZ, TBZ, LDR literal).</summary>
    public static OperandSpec Words(string field, RelocationType relocation) =>
        p => new PcRelativeOperand([p[field]], 2, false, relocation);

    /// <summary>ADR: a byte offset split as immhi:immlo.</summary>
    public static OperandSpec Bytes(RelocationType relocation) =>
        p => new PcRelativeOperand([p["immhi"], p["immlo"]], 0, false, relocation);

    /// <summary>ADRP: a 4 KiB page offset split as immhi:immlo, from the instruction's page.</summary>
    public static OperandSpec Pages(RelocationType relocation) =>
        p => new PcRelativeOperand([p["immhi"], p["immlo"]], 12, true, relocation);
}
