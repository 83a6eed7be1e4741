using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.DataProcessing;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Data processing with an immediate (op0 = 100x): PC-relative addressing, add/subtract (with tags), min/max,
/// logical, move wide, bitfield, extract; with the aliases objdump prefers.
/// </summary>
internal static class DataProcessingImmediate
{
    public static void Define(EncodingTableBuilder t)
    {
        t.Add("adr", "0 immlo:2 10000 immhi:19 Rd:5", Gpr.X("Rd"), Target.Bytes(RelocationType.AdrPrelLo21));
        t.Add("adrp", "1 immlo:2 10000 immhi:19 Rd:5", Gpr.X("Rd"), Target.Pages(RelocationType.AdrPrelPgHi21));
        AddSubtract(t);
        MinMax(t);
        Logical(t);
        MoveWide(t);
        Bitfield(t);
        Extract(t);
    }

    private static readonly OperandSpec Imm12 = p => new AddSubImmediateOperand(p["imm12"], p["sh"], false);
    private static readonly OperandSpec NegatedImm12 = p => new AddSubImmediateOperand(p["imm12"], p["sh"], true);
    private static readonly OperandSpec Lsl12 = p => new ImmediateShiftOperand(p["sh"], 12);

    private static void AddSubtract(EncodingTableBuilder t)
    {
        var add = t.Add("add", "sf 0 0 100010 sh imm12:12 Rn:5 Rd:5", Gpr.RSp("Rd"), Gpr.RSp("Rn"), Imm12, Lsl12);
        // objdump writes MOV only when the stack pointer is involved; ADD x0, x1, #0 stays ADD.
        t.Alias(add, "mov", "sf 0 0 100010 0 000000000000 Rn:5 Rd:5", w => (w & 0x1f) == 31 || (w >> 5 & 0x1f) == 31,
            Gpr.RSp("Rd"), Gpr.RSp("Rn"));
        var adds = t.Add("adds", "sf 0 1 100010 sh imm12:12 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.RSp("Rn"), Imm12, Lsl12);
        const string cmnPattern = "sf 0 1 100010 sh imm12:12 Rn:5 11111";
        t.Alias(adds, "cmn", cmnPattern, null, Gpr.RSp("Rn"), Imm12, Lsl12);
        var sub = t.Add("sub", "sf 1 0 100010 sh imm12:12 Rn:5 Rd:5", Gpr.RSp("Rd"), Gpr.RSp("Rn"), Imm12, Lsl12);
        var subs = t.Add("subs", "sf 1 1 100010 sh imm12:12 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.RSp("Rn"), Imm12, Lsl12);
        const string cmpPattern = "sf 1 1 100010 sh imm12:12 Rn:5 11111";
        t.Alias(subs, "cmp", cmpPattern, null, Gpr.RSp("Rn"), Imm12, Lsl12);

        // GNU as turns a negative immediate into the opposite operation: add x0, x1, #-8 is sub x0, x1, #8.
        foreach (var (of, mnemonic) in new[] { (sub, "add"), (add, "sub") })
            t.AssemblerAlias(of, mnemonic, of.Pattern.Text, null, Gpr.RSp("Rd"), Gpr.RSp("Rn"), NegatedImm12, Lsl12);
        foreach (var (of, mnemonic) in new[] { (subs, "adds"), (adds, "subs") })
            t.AssemblerAlias(of, mnemonic, of.Pattern.Text, null, Gpr.R("Rd"), Gpr.RSp("Rn"), NegatedImm12, Lsl12);
        t.AssemblerAlias(subs, "cmn", cmpPattern, null, Gpr.RSp("Rn"), NegatedImm12, Lsl12);
        t.AssemblerAlias(adds, "cmp", cmnPattern, null, Gpr.RSp("Rn"), NegatedImm12, Lsl12);

        // MTE: the tag offset is in units of 16 bytes.
        OperandSpec tagOffset = p => new ImmediateOperand(p["uimm6"], true, 16, RelocationType.None);
        t.Add("addg", "1 0 0 100011 0 uimm6:6 00 uimm4:4 Rn:5 Rd:5", Gpr.XSp("Rd"), Gpr.XSp("Rn"), tagOffset, Imm.Hex("uimm4"));
        t.Add("subg", "1 1 0 100011 0 uimm6:6 00 uimm4:4 Rn:5 Rd:5", Gpr.XSp("Rd"), Gpr.XSp("Rn"), tagOffset, Imm.Hex("uimm4"));
    }

    /// <summary>FEAT_CSSC: the immediate is signed for SMAX/SMIN, unsigned for UMAX/UMIN, printed in decimal.</summary>
    private static void MinMax(EncodingTableBuilder t)
    {
        OperandSpec signed = Computed(p => w => (sbyte)p["imm8"].Extract(w),
            p => (long v, ref EncodeState s) => v is >= -128 and <= 127 && s.TrySet(p["imm8"], (uint)v & 0xff));
        t.Add("smax", "sf 0 0 100011 1 0000 imm8:8 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"), signed);
        t.Add("umax", "sf 0 0 100011 1 0001 imm8:8 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"), Imm.Dec("imm8"));
        t.Add("smin", "sf 0 0 100011 1 0010 imm8:8 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"), signed);
        t.Add("umin", "sf 0 0 100011 1 0011 imm8:8 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"), Imm.Dec("imm8"));
    }

    private static readonly BitCondition ValidBitmask =
        new(1u << 31 | 1u << 22 | 0x3fu << 10, w => Bitmask.IsValid(w >> 22 & 1, w >> 10 & 0x3f, Is64(w)));

    private static void Logical(EncodingTableBuilder t)
    {
        OperandSpec bitmask = p => new BitmaskOperand(p["N"], p["immr"], p["imms"]);
        t.Add("and", "sf 00 100100 N immr:6 imms:6 Rn:5 Rd:5", ValidBitmask, Gpr.RSp("Rd"), Gpr.R("Rn"), bitmask);
        var orr = t.Add("orr", "sf 01 100100 N immr:6 imms:6 Rn:5 Rd:5", ValidBitmask, Gpr.RSp("Rd"), Gpr.R("Rn"), bitmask);
        // MOV only when MOVZ/MOVN could not build the value (unless the destination is SP, which they cannot write).
        var movImmediate = MoveImmediate(MoveImmediateOperand.Source.Bitmask);
        t.Alias(orr, "mov", "sf 01 100100 N immr:6 imms:6 11111 Rd:5", w =>
            {
                if ((w & 0x1f) == 31) return true;
                Bitmask.TryDecode(w >> 22 & 1, w >> 16 & 0x3f, w >> 10 & 0x3f, Is64(w), out var value);
                return !IsWideConstant(value, Is64(w)) && !IsWideConstant(~value, Is64(w));
            },
            Gpr.RSp("Rd"), movImmediate);
        t.Add("eor", "sf 10 100100 N immr:6 imms:6 Rn:5 Rd:5", ValidBitmask, Gpr.RSp("Rd"), Gpr.R("Rn"), bitmask);
        var ands = t.Add("ands", "sf 11 100100 N immr:6 imms:6 Rn:5 Rd:5", ValidBitmask, Gpr.R("Rd"), Gpr.R("Rn"), bitmask);
        t.Alias(ands, "tst", "sf 11 100100 N immr:6 imms:6 Rn:5 11111", null, Gpr.R("Rn"), bitmask);
    }

    private static OperandSpec MoveImmediate(MoveImmediateOperand.Source source) => p => new MoveImmediateOperand(source, p);

    private static void MoveWide(EncodingTableBuilder t)
    {
        // A W register has only two halfwords.
        var validShift = new BitCondition(1u << 31 | 1u << 22, w => Is64(w) || (w & (1u << 22)) == 0);
        // MOVZ/MOVN #0 with a shift keep their own name.
        static bool ShiftedZero(uint w) => (w & 0x1fffe0) == 0 && (w & (3u << 21)) != 0;
        OperandSpec lsl = p => new ImmediateShiftOperand(p["hw"], 16);
        OperandSpec imm16 = p => new MoveWideImmediateOperand(p["imm16"], p["hw"]);

        var movz = t.Add("movz", "sf 10 100101 hw:2 imm16:16 Rd:5", validShift, Gpr.R("Rd"), imm16, lsl);
        t.Alias(movz, "mov", "sf 10 100101 hw:2 imm16:16 Rd:5", w => !ShiftedZero(w),
            Gpr.R("Rd"), MoveImmediate(MoveImmediateOperand.Source.Movz));
        var movn = t.Add("movn", "sf 00 100101 hw:2 imm16:16 Rd:5", validShift, Gpr.R("Rd"), imm16, lsl);
        // ... and MOVN only when MOVZ could not build the value (a W register's MOVN of 0xffff can).
        t.Alias(movn, "mov", "sf 00 100101 hw:2 imm16:16 Rd:5",
            w => !ShiftedZero(w) && (Is64(w) || (w >> 5 & 0xffff) != 0xffff),
            Gpr.R("Rd"), MoveImmediate(MoveImmediateOperand.Source.Movn));
        t.Add("movk", "sf 11 100101 hw:2 imm16:16 Rd:5", validShift, Gpr.R("Rd"), imm16, lsl);
    }

    /// <summary>N must equal sf, and a 32-bit bitfield uses only bit positions 0–31.</summary>
    private static readonly BitCondition ValidBitfield = new(1u << 31 | 1u << 22 | 1u << 21 | 1u << 15,
        w => (w >> 22 & 1) == w >> 31 && (Is64(w) || (w & (1u << 21 | 1u << 15)) == 0));

    private static void Bitfield(EncodingTableBuilder t)
    {
        const string sbfmPattern = "sf 00 100110 N immr:6 imms:6 Rn:5 Rd:5";
        const string bfmPattern = "sf 01 100110 N immr:6 imms:6 Rn:5 Rd:5";
        const string ubfmPattern = "sf 10 100110 N immr:6 imms:6 Rn:5 Rd:5";

        var sbfm = t.Add("sbfm", sbfmPattern, ValidBitfield, Gpr.R("Rd"), Gpr.R("Rn"), BitfieldField("immr"), BitfieldField("imms"));
        t.Alias(sbfm, "sxtb", "sf 00 100110 N 000000 000111 Rn:5 Rd:5", null, Gpr.R("Rd"), Gpr.W("Rn"), SetSize);
        t.Alias(sbfm, "sxth", "sf 00 100110 N 000000 001111 Rn:5 Rd:5", null, Gpr.R("Rd"), Gpr.W("Rn"), SetSize);
        t.Alias(sbfm, "sxtw", "1 00 100110 1 000000 011111 Rn:5 Rd:5", null, Gpr.X("Rd"), Gpr.W("Rn"));
        t.Alias(sbfm, "asr", sbfmPattern, IsShiftRight, Gpr.R("Rd"), Gpr.R("Rn"), ShiftRightAmount);
        t.Alias(sbfm, "sbfiz", sbfmPattern, IsInsert, Gpr.R("Rd"), Gpr.R("Rn"), InsertLsb, InsertWidth);
        t.Alias(sbfm, "sbfx", sbfmPattern, null, Gpr.R("Rd"), Gpr.R("Rn"), ExtractLsb, ExtractWidth);
        AssemblerOnlyInsert(t, sbfm, "sbfiz", sbfmPattern, Gpr.R("Rd"), Gpr.R("Rn"));

        var bfm = t.Add("bfm", bfmPattern, ValidBitfield, Gpr.R("Rd"), Gpr.R("Rn"), BitfieldField("immr"), BitfieldField("imms"));
        t.Alias(bfm, "bfc", "sf 01 100110 N immr:6 imms:6 11111 Rd:5", IsInsert, Gpr.R("Rd"), InsertLsb, InsertWidth);
        t.Alias(bfm, "bfi", bfmPattern, IsInsert, Gpr.R("Rd"), Gpr.R("Rn"), InsertLsb, InsertWidth);
        t.Alias(bfm, "bfxil", bfmPattern, null, Gpr.R("Rd"), Gpr.R("Rn"), ExtractLsb, ExtractWidth);
        AssemblerOnlyInsert(t, bfm, "bfc", "sf 01 100110 N immr:6 imms:6 11111 Rd:5", Gpr.R("Rd"));
        AssemblerOnlyInsert(t, bfm, "bfi", bfmPattern, Gpr.R("Rd"), Gpr.R("Rn"));

        var ubfm = t.Add("ubfm", ubfmPattern, ValidBitfield, Gpr.R("Rd"), Gpr.R("Rn"), BitfieldField("immr"), BitfieldField("imms"));
        t.Alias(ubfm, "uxtb", "0 10 100110 0 000000 000111 Rn:5 Rd:5", null, Gpr.W("Rd"), Gpr.W("Rn"));
        t.Alias(ubfm, "uxth", "0 10 100110 0 000000 001111 Rn:5 Rd:5", null, Gpr.W("Rd"), Gpr.W("Rn"));
        // GNU as takes an X destination too and writes the (zero-extending) W form.
        t.AssemblerAlias(ubfm, "uxtb", "0 10 100110 0 000000 000111 Rn:5 Rd:5", null, Gpr.X("Rd"), Gpr.W("Rn"));
        t.AssemblerAlias(ubfm, "uxth", "0 10 100110 0 000000 001111 Rn:5 Rd:5", null, Gpr.X("Rd"), Gpr.W("Rn"));
        t.Alias(ubfm, "lsr", ubfmPattern, IsShiftRight, Gpr.R("Rd"), Gpr.R("Rn"), ShiftRightAmount);
        t.Alias(ubfm, "lsl", ubfmPattern, w => Immr(w) == Imms(w) + 1, Gpr.R("Rd"), Gpr.R("Rn"), ShiftLeftAmount);
        t.Alias(ubfm, "ubfiz", ubfmPattern, IsInsert, Gpr.R("Rd"), Gpr.R("Rn"), InsertLsb, InsertWidth);
        t.Alias(ubfm, "ubfx", ubfmPattern, null, Gpr.R("Rd"), Gpr.R("Rn"), ExtractLsb, ExtractWidth);
        AssemblerOnlyInsert(t, ubfm, "ubfiz", ubfmPattern, Gpr.R("Rd"), Gpr.R("Rn"));
        // GNU as takes LSL #0, which objdump prints as LSR #0.
        t.AssemblerAlias(ubfm, "lsl", ubfmPattern, IsShiftRight, Gpr.R("Rd"), Gpr.R("Rn"), ShiftLeftAmount);
    }

    /// <summary>
    /// GNU as also takes an insert at bit 0 (<c>ubfiz x0, x1, #0, #8</c>, <c>bfc w0, #0, #1</c>), which objdump
    /// prints as an extract.
    /// </summary>
    private static void AssemblerOnlyInsert(EncodingTableBuilder t, Encoding of, string mnemonic, string pattern,
        params OperandSpec[] registers) =>
        t.AssemblerAlias(of, mnemonic, pattern, w => Immr(w) == 0, [.. registers, InsertLsb, InsertWidth]);

    private static uint Immr(uint w) => w >> 16 & 0x3f;
    private static uint Imms(uint w) => w >> 10 & 0x3f;
    private static bool IsShiftRight(uint w) => Imms(w) == RegisterSize(w) - 1;
    private static bool IsInsert(uint w) => Imms(w) < Immr(w);

    /// <summary>Sets N to match sf, which every bitfield operand read back must do.</summary>
    private static bool TrySetSize(BitPattern p, ref EncodeState s) => s.TrySet(p["N"], Is64(s.Word) ? 1u : 0u);

    /// <summary>Sets N from sf for aliases whose text has no immediate to do it.</summary>
    private static readonly OperandSpec SetSize = p => new ImpliedFieldOperand(p["N"], w => Is64(w) ? 1u : 0u);

    private static OperandSpec BitfieldField(string name) => Computed(p => w => p[name].Extract(w),
        p => (long v, ref EncodeState s) => v >= 0 && v < RegisterSize(s.Word) && TrySetSize(p, ref s) && s.TrySet(p[name], (uint)v));

    private static readonly OperandSpec ShiftRightAmount = Computed(_ => w => Immr(w),
        p => (long v, ref EncodeState s) => v >= 0 && v < RegisterSize(s.Word) && TrySetSize(p, ref s)
            && s.TrySet(p["immr"], (uint)v) && s.TrySet(p["imms"], RegisterSize(s.Word) - 1));

    private static readonly OperandSpec ShiftLeftAmount = Computed(_ => w => RegisterSize(w) - 1 - Imms(w),
        p => (long v, ref EncodeState s) =>
        {
            var size = RegisterSize(s.Word);
            return v >= 0 && v < size && TrySetSize(p, ref s)
                && s.TrySet(p["immr"], (uint)(size - v) & (size - 1)) && s.TrySet(p["imms"], (uint)(size - 1 - v));
        });

    private static readonly OperandSpec InsertLsb = Computed(_ => w => (RegisterSize(w) - Immr(w)) & (RegisterSize(w) - 1),
        p => (long v, ref EncodeState s) =>
        {
            var size = RegisterSize(s.Word);
            return v >= 0 && v < size && TrySetSize(p, ref s) && s.TrySet(p["immr"], (uint)(size - v) & (size - 1));
        });

    private static readonly OperandSpec InsertWidth = Computed(_ => w => Imms(w) + 1,
        p => (long v, ref EncodeState s) => v >= 1 && v <= RegisterSize(s.Word) && s.TrySet(p["imms"], (uint)(v - 1)));

    private static readonly OperandSpec ExtractLsb = Computed(_ => w => Immr(w),
        p => (long v, ref EncodeState s) => v >= 0 && v < RegisterSize(s.Word) && TrySetSize(p, ref s) && s.TrySet(p["immr"], (uint)v));

    private static readonly OperandSpec ExtractWidth = Computed(_ => w => (long)Imms(w) - Immr(w) + 1,
        p => (long v, ref EncodeState s) =>
        {
            var last = Immr(s.Word) + v - 1;
            return v >= 1 && last < RegisterSize(s.Word) && s.TrySet(p["imms"], (uint)last);
        });

    private static void Extract(EncodingTableBuilder t)
    {
        var valid = new BitCondition(1u << 31 | 1u << 22 | 1u << 15,
            w => (w >> 22 & 1) == w >> 31 && (Is64(w) || (w & (1u << 15)) == 0));
        OperandSpec lsb = Computed(p => w => p["imms"].Extract(w),
            p => (long v, ref EncodeState s) => v >= 0 && v < RegisterSize(s.Word) && TrySetSize(p, ref s)
                && s.TrySet(p["imms"], (uint)v));
        var extr = t.Add("extr", "sf 00 100111 N 0 Rm:5 imms:6 Rn:5 Rd:5", valid, Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"), lsb);
        t.Alias(extr, "ror", "sf 00 100111 N 0 Rm:5 imms:6 Rn:5 Rd:5", w => (w >> 16 & 0x1f) == (w >> 5 & 0x1f),
            Gpr.R("Rd"), p => new TiedRegisterOperand((GprOperand)Gpr.R("Rn")(p), p["Rn"], p["Rm"]), lsb);
    }
}
