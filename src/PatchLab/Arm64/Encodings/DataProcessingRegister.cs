using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.DataProcessing;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Data processing with registers (op0 = x101): logical and add/subtract with shifted or extended registers, with
/// carry, flag manipulation, conditional compare and select, one, two and three sources; with objdump's aliases.
/// </summary>
internal static class DataProcessingRegister
{
    public static void Define(EncodingTableBuilder t)
    {
        LogicalShifted(t);
        AddSubtractShifted(t);
        AddSubtractExtended(t);
        Carry(t);
        Flags(t);
        ConditionalCompare(t);
        ConditionalSelect(t);
        OneSource(t);
        TwoSource(t);
        ThreeSource(t);
    }

    private static uint Rd(uint w) => w & 0x1f;
    private static uint Rn(uint w) => w >> 5 & 0x1f;
    private static uint Rm(uint w) => w >> 16 & 0x1f;

    /// <summary>A 32-bit instruction shifts by 0–31 only.</summary>
    private static bool ValidShiftAmount(uint w) => Is64(w) || (w & (1u << 15)) == 0;

    private static readonly BitCondition ValidShift = new(1u << 31 | 1u << 15, ValidShiftAmount);

    private static OperandSpec Shift(bool allowRor) => p => new RegisterShiftOperand(p["shift"], p["imm6"], allowRor);

    private static void LogicalShifted(EncodingTableBuilder t)
    {
        var shift = Shift(allowRor: true);
        Encoding Row(string mnemonic, string opc, string n) => t.Add(mnemonic, $"sf {opc} 01010 shift:2 {n} Rm:5 imm6:6 Rn:5 Rd:5",
            ValidShift, Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"), shift);

        Row("and", "00", "0");
        Row("bic", "00", "1");
        var orr = Row("orr", "01", "0");
        t.Alias(orr, "mov", "sf 01 01010 00 0 Rm:5 000000 11111 Rd:5", null, Gpr.R("Rd"), Gpr.R("Rm"));
        var orn = Row("orn", "01", "1");
        t.Alias(orn, "mvn", "sf 01 01010 shift:2 1 Rm:5 imm6:6 11111 Rd:5", null, Gpr.R("Rd"), Gpr.R("Rm"), shift);
        Row("eor", "10", "0");
        Row("eon", "10", "1");
        var ands = Row("ands", "11", "0");
        t.Alias(ands, "tst", "sf 11 01010 shift:2 0 Rm:5 imm6:6 Rn:5 11111", null, Gpr.R("Rn"), Gpr.R("Rm"), shift);
        Row("bics", "11", "1");
    }

    private static void AddSubtractShifted(EncodingTableBuilder t)
    {
        var shift = Shift(allowRor: false);
        // Shift type 11 (ROR) is reserved here.
        var valid = new BitCondition(ValidShift.Bits | 3u << 22, w => (w & (3u << 22)) != 3u << 22 && ValidShiftAmount(w));
        Encoding Row(string mnemonic, string opS) => t.Add(mnemonic, $"sf {opS} 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5",
            valid, Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"), shift);

        Row("add", "00");
        var adds = Row("adds", "01");
        t.Alias(adds, "cmn", "sf 01 01011 shift:2 0 Rm:5 imm6:6 Rn:5 11111", null, Gpr.R("Rn"), Gpr.R("Rm"), shift);
        var sub = Row("sub", "10");
        t.Alias(sub, "neg", "sf 10 01011 shift:2 0 Rm:5 imm6:6 11111 Rd:5", null, Gpr.R("Rd"), Gpr.R("Rm"), shift);
        var subs = Row("subs", "11");
        t.Alias(subs, "cmp", "sf 11 01011 shift:2 0 Rm:5 imm6:6 Rn:5 11111", null, Gpr.R("Rn"), Gpr.R("Rm"), shift);
        t.Alias(subs, "negs", "sf 11 01011 shift:2 0 Rm:5 imm6:6 11111 Rd:5", null, Gpr.R("Rd"), Gpr.R("Rm"), shift);
    }

    private static void AddSubtractExtended(EncodingTableBuilder t)
    {
        // Shifts above 4 are reserved.
        var valid = new BitCondition(7u << 10, w => (w >> 10 & 7) <= 4);
        OperandSpec rm = p => new ExtendedRegisterOperand(p["Rm"], p["option"]);
        // LSL stands for the unchanging extend when SP is the destination or first source (of ADD/SUB; of
        // ADDS/SUBS, which cannot write SP, only the first source).
        OperandSpec extendWithSpDestination = p => new ExtendOperand(p["option"], p["imm3"], w => Rd(w) == 31 || Rn(w) == 31);
        OperandSpec extendWithSpSource = p => new ExtendOperand(p["option"], p["imm3"], w => Rn(w) == 31);
        const string fields = "Rm:5 option:3 imm3:3 Rn:5 Rd:5";

        t.Add("add", $"sf 00 01011 00 1 {fields}", valid, Gpr.RSp("Rd"), Gpr.RSp("Rn"), rm, extendWithSpDestination);
        var adds = t.Add("adds", $"sf 01 01011 00 1 {fields}", valid, Gpr.R("Rd"), Gpr.RSp("Rn"), rm, extendWithSpSource);
        t.Alias(adds, "cmn", "sf 01 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 11111", null, Gpr.RSp("Rn"), rm, extendWithSpSource);
        t.Add("sub", $"sf 10 01011 00 1 {fields}", valid, Gpr.RSp("Rd"), Gpr.RSp("Rn"), rm, extendWithSpDestination);
        var subs = t.Add("subs", $"sf 11 01011 00 1 {fields}", valid, Gpr.R("Rd"), Gpr.RSp("Rn"), rm, extendWithSpSource);
        t.Alias(subs, "cmp", "sf 11 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 11111", null, Gpr.RSp("Rn"), rm, extendWithSpSource);
    }

    private static void Carry(EncodingTableBuilder t)
    {
        Encoding Row(string mnemonic, string opS) => t.Add(mnemonic, $"sf {opS} 11010000 Rm:5 000000 Rn:5 Rd:5",
            Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"));

        Row("adc", "00");
        Row("adcs", "01");
        var sbc = Row("sbc", "10");
        t.Alias(sbc, "ngc", "sf 10 11010000 Rm:5 000000 11111 Rd:5", null, Gpr.R("Rd"), Gpr.R("Rm"));
        var sbcs = Row("sbcs", "11");
        t.Alias(sbcs, "ngcs", "sf 11 11010000 Rm:5 000000 11111 Rd:5", null, Gpr.R("Rd"), Gpr.R("Rm"));
    }

    /// <summary>FEAT_FlagM: RMIF, SETF8, SETF16.</summary>
    private static void Flags(EncodingTableBuilder t)
    {
        t.Add("rmif", "1 01 11010000 imm6:6 00001 Rn:5 0 mask:4", Gpr.X("Rn"), Imm.Dec("imm6"), Imm.Dec("mask"));
        t.Add("setf8", "0 01 11010000 000000 0 0010 Rn:5 0 1101", Gpr.W("Rn"));
        t.Add("setf16", "0 01 11010000 000000 1 0010 Rn:5 0 1101", Gpr.W("Rn"));
    }

    private static void ConditionalCompare(EncodingTableBuilder t)
    {
        foreach (var (mnemonic, op) in new[] { ("ccmn", "0"), ("ccmp", "1") })
        {
            t.Add(mnemonic, $"sf {op} 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4",
                Gpr.R("Rn"), Gpr.R("Rm"), Imm.Hex("nzcv"), Cond.Of("cond"));
            t.Add(mnemonic, $"sf {op} 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4",
                Gpr.R("Rn"), Imm.Hex("imm5"), Imm.Hex("nzcv"), Cond.Of("cond"));
        }
    }

    private static void ConditionalSelect(EncodingTableBuilder t)
    {
        // The aliases name the inverse condition, so AL/NV (whose inverse means the same) keep the base form.
        static bool Invertible(uint w) => (w >> 12 & 0xe) != 0xe;
        static bool SameSources(uint w) => Rn(w) == Rm(w) && Invertible(w);
        OperandSpec source = p => new TiedRegisterOperand((GprOperand)Gpr.R("Rn")(p), p["Rn"], p["Rm"]);
        Encoding Row(string mnemonic, string op, string o2) => t.Add(mnemonic, $"sf {op} 0 11010100 Rm:5 cond:4 0 {o2} Rn:5 Rd:5",
            Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"), Cond.Of("cond"));

        Row("csel", "0", "0");
        foreach (var (mnemonic, op, o2, set, step) in new[]
                 { ("csinc", "0", "1", "cset", "cinc"), ("csinv", "1", "0", "csetm", "cinv"), ("csneg", "1", "1", "", "cneg") })
        {
            var row = Row(mnemonic, op, o2);
            if (set.Length > 0)
                t.Alias(row, set, $"sf {op} 0 11010100 11111 cond:4 0 {o2} 11111 Rd:5", Invertible, Gpr.R("Rd"), Cond.Inverted("cond"));
            t.Alias(row, step, $"sf {op} 0 11010100 Rm:5 cond:4 0 {o2} Rn:5 Rd:5", SameSources,
                Gpr.R("Rd"), source, Cond.Inverted("cond"));
        }
    }

    private static void OneSource(EncodingTableBuilder t)
    {
        t.Add("rbit", "sf 1 0 11010110 00000 000000 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"));
        t.Add("rev16", "sf 1 0 11010110 00000 000001 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"));
        t.Add("rev", "0 1 0 11010110 00000 000010 Rn:5 Rd:5", Gpr.W("Rd"), Gpr.W("Rn"));
        t.Add("rev32", "1 1 0 11010110 00000 000010 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.X("Rn"));
        t.Add("rev", "1 1 0 11010110 00000 000011 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.X("Rn"));
        t.Add("clz", "sf 1 0 11010110 00000 000100 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"));
        t.Add("cls", "sf 1 0 11010110 00000 000101 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"));
        // FEAT_CSSC.
        t.Add("ctz", "sf 1 0 11010110 00000 000110 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"));
        t.Add("cnt", "sf 1 0 11010110 00000 000111 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"));
        t.Add("abs", "sf 1 0 11010110 00000 001000 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"));

        // FEAT_PAuth: with a modifier register, with a zero modifier (Rn = 11111), and stripping.
        string[] keys = ["ia", "ib", "da", "db"];
        for (var i = 0; i < 4; i++)
        {
            t.Add("pac" + keys[i], $"1 1 0 11010110 00001 0000{Bits(i, 2)} Rn:5 Rd:5", Gpr.X("Rd"), Gpr.XSp("Rn"));
            t.Add("aut" + keys[i], $"1 1 0 11010110 00001 0001{Bits(i, 2)} Rn:5 Rd:5", Gpr.X("Rd"), Gpr.XSp("Rn"));
        }
        for (var i = 0; i < 4; i++)
        {
            var key = keys[i][0] + "z" + keys[i][1];
            t.Add("pac" + key, $"1 1 0 11010110 00001 0010{Bits(i, 2)} 11111 Rd:5", Gpr.X("Rd"));
            t.Add("aut" + key, $"1 1 0 11010110 00001 0011{Bits(i, 2)} 11111 Rd:5", Gpr.X("Rd"));
        }
        t.Add("xpaci", "1 1 0 11010110 00001 010000 11111 Rd:5", Gpr.X("Rd"));
        t.Add("xpacd", "1 1 0 11010110 00001 010001 11111 Rd:5", Gpr.X("Rd"));
    }

    private static string Bits(int value, int width) => Convert.ToString(value, 2).PadLeft(width, '0');

    private static void TwoSource(EncodingTableBuilder t)
    {
        Encoding Row(string mnemonic, string opcode) =>
            t.Add(mnemonic, $"sf 0 0 11010110 Rm:5 {opcode} Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"));

        Row("udiv", "000010");
        Row("sdiv", "000011");
        // objdump prints the shift aliases for every LSLV/LSRV/ASRV/RORV.
        string[] shifts = ["lsl", "lsr", "asr", "ror"];
        for (var i = 0; i < 4; i++)
        {
            var row = Row(shifts[i] + "v", "0010" + Bits(i, 2));
            t.Alias(row, shifts[i], row.Pattern.Text, null, Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"));
        }
        string[] sizes = ["b", "h", "w", "x"];
        for (var i = 0; i < 4; i++)
        {
            var sf = i == 3 ? "1" : "0";
            OperandSpec data = i == 3 ? Gpr.X("Rm") : Gpr.W("Rm");
            t.Add("crc32" + sizes[i], $"{sf} 0 0 11010110 Rm:5 0100{Bits(i, 2)} Rn:5 Rd:5", Gpr.W("Rd"), Gpr.W("Rn"), data);
            t.Add("crc32c" + sizes[i], $"{sf} 0 0 11010110 Rm:5 0101{Bits(i, 2)} Rn:5 Rd:5", Gpr.W("Rd"), Gpr.W("Rn"), data);
        }
        // FEAT_CSSC.
        Row("smax", "011000");
        Row("umax", "011001");
        Row("smin", "011010");
        Row("umin", "011011");

        // FEAT_MTE.
        t.Add("subp", "1 0 0 11010110 Rm:5 000000 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.XSp("Rn"), Gpr.XSp("Rm"));
        var subps = t.Add("subps", "1 0 1 11010110 Rm:5 000000 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.XSp("Rn"), Gpr.XSp("Rm"));
        t.Alias(subps, "cmpp", "1 0 1 11010110 Rm:5 000000 Rn:5 11111", null, Gpr.XSp("Rn"), Gpr.XSp("Rm"));
        t.Add("irg", "1 0 0 11010110 Rm:5 000100 Rn:5 Rd:5", Gpr.XSp("Rd"), Gpr.XSp("Rn"),
            p => new DefaultZeroRegisterOperand((GprOperand)Gpr.X("Rm")(p), p["Rm"]));
        t.Add("gmi", "1 0 0 11010110 Rm:5 000101 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.XSp("Rn"), Gpr.X("Rm"));
        // FEAT_PAuth.
        t.Add("pacga", "1 0 0 11010110 Rm:5 001100 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.X("Rn"), Gpr.XSp("Rm"));
    }

    private static void ThreeSource(EncodingTableBuilder t)
    {
        foreach (var (accumulate, multiply, o0) in new[] { ("madd", "mul", "0"), ("msub", "mneg", "1") })
        {
            var row = t.Add(accumulate, $"sf 00 11011 000 Rm:5 {o0} Ra:5 Rn:5 Rd:5", Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"), Gpr.R("Ra"));
            t.Alias(row, multiply, $"sf 00 11011 000 Rm:5 {o0} 11111 Rn:5 Rd:5", null, Gpr.R("Rd"), Gpr.R("Rn"), Gpr.R("Rm"));
        }
        foreach (var (accumulate, multiply, op, o0) in new[]
                 {
                     ("smaddl", "smull", "001", "0"), ("smsubl", "smnegl", "001", "1"),
                     ("umaddl", "umull", "101", "0"), ("umsubl", "umnegl", "101", "1"),
                 })
        {
            var row = t.Add(accumulate, $"1 00 11011 {op} Rm:5 {o0} Ra:5 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.W("Rn"), Gpr.W("Rm"), Gpr.X("Ra"));
            t.Alias(row, multiply, $"1 00 11011 {op} Rm:5 {o0} 11111 Rn:5 Rd:5", null, Gpr.X("Rd"), Gpr.W("Rn"), Gpr.W("Rm"));
        }
        // Ra should be 11111; objdump ignores it.
        OperandSpec ra = p => new ImpliedFieldOperand(p["Ra"], _ => 31);
        t.Add("smulh", "1 00 11011 010 Rm:5 0 Ra:5 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.X("Rn"), Gpr.X("Rm"), ra);
        t.Add("umulh", "1 00 11011 110 Rm:5 0 Ra:5 Rn:5 Rd:5", Gpr.X("Rd"), Gpr.X("Rn"), Gpr.X("Rm"), ra);
    }
}
