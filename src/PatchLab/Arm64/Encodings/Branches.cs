using PatchLab.Arm64.Operands;

namespace PatchLab.Arm64.Encodings;

/// <summary>Branches, compare-and-branch, test-and-branch, and branches to registers.</summary>
internal static class Branches
{
    public static void Define(EncodingTableBuilder t)
    {
        t.Add("b", "000101 imm26:26", Target.Words("imm26", RelocationType.Jump26));
        t.Add("bl", "100101 imm26:26", Target.Words("imm26", RelocationType.Call26));

        var b = Spellings("b.");
        var bc = Spellings("bc.");
        t.AddFamily("b.cond", "0101010 0 imm19:19 0 cond:4", "cond", c => b[c], null, ConditionalTarget("b."));
        t.AddFamily("bc.cond", "0101010 0 imm19:19 1 cond:4", "cond", c => bc[c], null, ConditionalTarget("bc."));

        t.Add("cbz", "sf 011010 0 imm19:19 Rt:5", Gpr.R("Rt"), Target.Words("imm19", RelocationType.CondBr19));
        t.Add("cbnz", "sf 011010 1 imm19:19 Rt:5", Gpr.R("Rt"), Target.Words("imm19", RelocationType.CondBr19));
        t.Add("tbz", "b5 011011 0 b40:5 imm14:14 Rt:5", TestedRegister, BitNumber,
            Target.Words("imm14", RelocationType.TstBr14));
        t.Add("tbnz", "b5 011011 1 b40:5 imm14:14 Rt:5", TestedRegister, BitNumber,
            Target.Words("imm14", RelocationType.TstBr14));

        t.Add("br", "1101011 0000 11111 000000 Rn:5 00000", Gpr.X("Rn"));
        t.Add("blr", "1101011 0001 11111 000000 Rn:5 00000", Gpr.X("Rn"));
        var ret = t.Add("ret", "1101011 0010 11111 000000 Rn:5 00000", Gpr.X("Rn"));
        t.Alias(ret, "ret", "1101011 0010 11111 000000 11110 00000", null);
        t.Add("eret", "1101011 0100 11111 000000 11111 00000");
        t.Add("drps", "1101011 0101 11111 000000 11111 00000");

        // Pointer authentication: M (bit 10) picks key A or B; the Z forms use a zero modifier.
        t.Add("braaz", "1101011 0000 11111 000010 Rn:5 11111", Gpr.X("Rn"));
        t.Add("brabz", "1101011 0000 11111 000011 Rn:5 11111", Gpr.X("Rn"));
        t.Add("blraaz", "1101011 0001 11111 000010 Rn:5 11111", Gpr.X("Rn"));
        t.Add("blrabz", "1101011 0001 11111 000011 Rn:5 11111", Gpr.X("Rn"));
        t.Add("retaa", "1101011 0010 11111 000010 11111 11111");
        t.Add("retab", "1101011 0010 11111 000011 11111 11111");
        t.Add("eretaa", "1101011 0100 11111 000010 11111 11111");
        t.Add("eretab", "1101011 0100 11111 000011 11111 11111");
        t.Add("braa", "1101011 1000 11111 000010 Rn:5 Rm:5", Gpr.X("Rn"), Gpr.XSp("Rm"));
        t.Add("brab", "1101011 1000 11111 000011 Rn:5 Rm:5", Gpr.X("Rn"), Gpr.XSp("Rm"));
        t.Add("blraa", "1101011 1001 11111 000010 Rn:5 Rm:5", Gpr.X("Rn"), Gpr.XSp("Rm"));
        t.Add("blrab", "1101011 1001 11111 000011 Rn:5 Rm:5", Gpr.X("Rn"), Gpr.XSp("Rm"));
    }

    /// <summary>Every spelling of each condition with the prefix, made once: the printer asks for one per branch.</summary>
    private static string[][] Spellings(string prefix) =>
        [.. ConditionCodes.Names.Select(names => names.Select(n => prefix + n).ToArray())];

    /// <summary>TBZ/TBNZ bit number: b5:b40, printed in decimal.</summary>
    private static readonly OperandSpec BitNumber = p => new TestBitOperand(p["b5"], p["b40"]);

    /// <summary>
    /// The register TBZ/TBNZ tests: printed as W or X by b5, but GNU as also takes an X register for bits 0–31
    /// (b5 then comes from the bit number alone); only a W register with a bit above 31 is wrong.
    /// </summary>
    private static readonly OperandSpec TestedRegister = p => new TestedRegisterOperand((GprOperand)Gpr.SizedBy("Rt", "b5")(p), p["Rt"], p["b5"]);

    private sealed class TestedRegisterOperand(GprOperand printed, BitField rt, BitField b5) : Operand
    {
        public override void Print(uint word, InstructionWriter writer) => printed.Print(word, writer);

        public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
            AsmSyntax.TryParseGpr(text, out var number, out var is64, out var kind) && kind != AsmSyntax.GprKind.StackPointer
            && (is64 || state.TrySet(b5, 0)) && state.TrySet(rt, number);
    }

    private static OperandSpec ConditionalTarget(string prefix) =>
        p => new ConditionalTargetOperand(prefix, p["cond"], (PcRelativeOperand)Target.Words("imm19", RelocationType.CondBr19)(p));

    private sealed class TestBitOperand(BitField b5, BitField b40) : Operand
    {
        public override void Print(uint word, InstructionWriter writer) =>
            writer.AppendDecimalImmediate((b5.Extract(word) << 5) | b40.Extract(word));

        public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
            context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var bit) && bit is >= 0 and < 64
            && state.TrySet(b5, (uint)bit >> 5) && state.TrySet(b40, (uint)bit & 31);
    }

    /// <summary>The target of B.cond/BC.cond, followed by objdump's list of the condition's other names.</summary>
    private sealed class ConditionalTargetOperand(string prefix, BitField cond, PcRelativeOperand target) : Operand
    {
        public override void Print(uint word, InstructionWriter writer)
        {
            target.Print(word, writer);
            ConditionCodes.AppendBranchComment(writer, prefix, cond.Extract(word));
        }

        public override PcRelativeOperand PcRelative => target;

        public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
            target.TryParse(text, ref state, context);
    }
}
