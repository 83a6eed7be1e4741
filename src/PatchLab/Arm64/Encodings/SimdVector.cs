using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.FpScalar;
using static PatchLab.Arm64.Operands.FpSimdRegisters;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Advanced SIMD vector groups on whole registers: three same, three different, two-register miscellaneous, across
/// lanes, copy, permute, extract and table lookup.
/// </summary>
internal static class SimdVector
{
    /// <summary>Element-size rules (<c>size</c> = bits 23:22, <c>Q</c> = bit 30); cheap bit tests only.</summary>
    internal static bool NotSize3(uint w) => (w & 0x00c00000) != 0x00c00000;
    internal static bool Not1D(uint w) => (w & 0x40c00000) != 0x00c00000;
    internal static bool HalfOrSingle(uint w) => ((w >> 22) & 3) is 1 or 2;
    internal static bool ByteOnly(uint w) => (w & 0x00c00000) == 0;
    internal static bool FpNot1D(uint w) => (w & 0x40400000) != 0x00400000;
    internal static bool SingleOnly(uint w) => (w & 0x00400000) == 0;

    public static void Define(EncodingTableBuilder t)
    {
        DefineThreeSame(t);
        DefineLongMultiplyHalves(t);
        DefineThreeSameExtra(t);
        DefineThreeDifferent(t);
        DefineTwoRegisterMisc(t);
        DefineAcrossLanes(t);
        DefineCopy(t);
        DefinePermute(t);
    }

    private static OperandSpec[] Three(FpSimdShapeSpec shape) => [Reg("Rd", shape), Reg("Rn", shape), Reg("Rm", shape)];

    private static void DefineThreeSame(EncodingTableBuilder t)
    {
        (string? Signed, string? Unsigned, Func<uint, bool>? SignedRule, Func<uint, bool>? UnsignedRule)[] ops =
        [
            ("shadd", "uhadd", NotSize3, NotSize3), ("sqadd", "uqadd", Not1D, Not1D),
            ("srhadd", "urhadd", NotSize3, NotSize3), (null, null, null, null),
            ("shsub", "uhsub", NotSize3, NotSize3), ("sqsub", "uqsub", Not1D, Not1D),
            ("cmgt", "cmhi", Not1D, Not1D), ("cmge", "cmhs", Not1D, Not1D),
            ("sshl", "ushl", Not1D, Not1D), ("sqshl", "uqshl", Not1D, Not1D),
            ("srshl", "urshl", Not1D, Not1D), ("sqrshl", "uqrshl", Not1D, Not1D),
            ("smax", "umax", NotSize3, NotSize3), ("smin", "umin", NotSize3, NotSize3),
            ("sabd", "uabd", NotSize3, NotSize3), ("saba", "uaba", NotSize3, NotSize3),
            ("add", "sub", Not1D, Not1D), ("cmtst", "cmeq", Not1D, Not1D),
            ("mla", "mls", NotSize3, NotSize3), ("mul", "pmul", NotSize3, ByteOnly),
            ("smaxp", "umaxp", NotSize3, NotSize3), ("sminp", "uminp", NotSize3, NotSize3),
            ("sqdmulh", "sqrdmulh", HalfOrSingle, HalfOrSingle), ("addp", null, Not1D, null),
        ];
        for (var op = 0; op < ops.Length; op++)
        {
            if (ops[op].Signed is { } s)
                t.Add(s, $"0 Q 0 01110 size:2 1 Rm:5 {Bits(op, 5)} 1 Rn:5 Rd:5", ops[op].SignedRule, Three(SizeQ));
            if (ops[op].Unsigned is { } u)
                t.Add(u, $"0 Q 1 01110 size:2 1 Rm:5 {Bits(op, 5)} 1 Rn:5 Rd:5", ops[op].UnsignedRule, Three(SizeQ));
        }
        string[] logical = ["and", "bic", "orr", "orn", "eor", "bsl", "bit", "bif"];
        for (var i = 0; i < logical.Length; i++)
        {
            var pattern = $"0 Q {i >> 2} 01110 {Bits(i, 2)} 1 Rm:5 00011 1 Rn:5 Rd:5";
            var row = t.Add(logical[i], pattern, Three(ByteQ));
            if (logical[i] == "orr")
                t.Alias(row, "mov", pattern, w => ((w >> 16) & 31) == ((w >> 5) & 31), Reg("Rd", ByteQ), Tied("Rn", "Rm", ByteQ));
        }

        // Floating point: opcode 11xxx, with a = bit 23 and sz = bit 22; the half-precision forms have their own group.
        string?[][] fp =
        [
            ["fmaxnm", "fmla", "fadd", "fmulx", "fcmeq", null, "fmax", "frecps"],
            ["fminnm", "fmls", "fsub", null, null, null, "fmin", "frsqrts"],
            ["fmaxnmp", null, "faddp", "fmul", "fcmge", "facge", "fmaxp", "fdiv"],
            ["fminnmp", null, "fabd", null, "fcmgt", "facgt", "fminp", null],
        ];
        for (var ua = 0; ua < 4; ua++)
        {
            for (var op = 0; op < 8; op++)
            {
                if (fp[ua][op] is not { } name) continue;
                t.Add(name, $"0 Q {ua >> 1} 01110 {ua & 1} sz 1 Rm:5 11 {Bits(op, 3)} 1 Rn:5 Rd:5", FpNot1D, Three(SzQ));
                t.Add(name, $"0 Q {ua >> 1} 01110 {ua & 1} 10 Rm:5 00 {Bits(op, 3)} 1 Rn:5 Rd:5", Three(HalfQ));
            }
        }
    }

    private static void DefineLongMultiplyHalves(EncodingTableBuilder t)
    {
        // FMLAL and friends (FEAT_FHM): half-precision products accumulated into single precision.
        (string Name, int U, int A, string Opcode)[] ops =
        [
            ("fmlal", 0, 0, "11101"), ("fmlsl", 0, 1, "11101"), ("fmlal2", 1, 0, "11001"), ("fmlsl2", 1, 1, "11001"),
        ];
        foreach (var (name, u, a, opcode) in ops)
            t.Add(name, $"0 Q {u} 01110 {a} x 1 Rm:5 {opcode} 1 Rn:5 Rd:5", Reg("Rd", Table("Q", "v.2s", "v.4s")),
                Reg("Rn", Table("Q", "v.2h", "v.4h")), Reg("Rm", Table("Q", "v.2h", "v.4h")));
    }

    /// <summary>Rotations of the complex-number instructions, by field value.</summary>
    internal static OperandSpec Rotation(string field, int step, int start = 0) =>
        FpSimdImmediates.Computed(field, r => (ulong)(start + step * r));

    private static void DefineThreeSameExtra(EncodingTableBuilder t)
    {
        t.Add("sqrdmlah", "0 Q 1 01110 size:2 0 Rm:5 1 0000 1 Rn:5 Rd:5", HalfOrSingle, Three(SizeQ));
        t.Add("sqrdmlsh", "0 Q 1 01110 size:2 0 Rm:5 1 0001 1 Rn:5 Rd:5", HalfOrSingle, Three(SizeQ));
        var words = Table("Q", "v.2s", "v.4s");
        (string Name, int U, string Opcode)[] dots = [("sdot", 0, "0010"), ("udot", 1, "0010"), ("usdot", 0, "0011")];
        foreach (var (name, u, opcode) in dots)
            t.Add(name, $"0 Q {u} 01110 10 0 Rm:5 1 {opcode} 1 Rn:5 Rd:5", Reg("Rd", words), Reg("Rn", ByteQ), Reg("Rm", ByteQ));
        (string Name, int U, string Opcode)[] matrix = [("smmla", 0, "0100"), ("ummla", 1, "0100"), ("usmmla", 0, "0101")];
        foreach (var (name, u, opcode) in matrix)
            t.Add(name, $"0 1 {u} 01110 10 0 Rm:5 1 {opcode} 1 Rn:5 Rd:5", Reg("Rd", Fixed("v.4s")), Reg("Rn", Fixed("v.16b")),
                Reg("Rm", Fixed("v.16b")));
        var complex = Table("size Q", null, null, "v.4h", "v.8h", "v.2s", "v.4s", null, "v.2d");
        static bool ComplexSize(uint w) => (w & 0x40c00000) is not (0 or 0x40000000 or 0x00c00000);
        t.Add("fcmla", "0 Q 1 01110 size:2 0 Rm:5 1 10 rot:2 1 Rn:5 Rd:5", ComplexSize, [.. Three(complex), Rotation("rot", 90)]);
        t.Add("fcadd", "0 Q 1 01110 size:2 0 Rm:5 1 11 rot 0 1 Rn:5 Rd:5", ComplexSize, [.. Three(complex), Rotation("rot", 180, 90)]);
        var halves = Table("Q", "v.4h", "v.8h");
        t.Add("bfdot", "0 Q 1 01110 01 0 Rm:5 1 1111 1 Rn:5 Rd:5", Reg("Rd", words), Reg("Rn", halves), Reg("Rm", halves));
        t.Add("bfmmla", "0 1 1 01110 01 0 Rm:5 1 1101 1 Rn:5 Rd:5", Reg("Rd", Fixed("v.4s")), Reg("Rn", Fixed("v.8h")),
            Reg("Rm", Fixed("v.8h")));
        t.Add("bfmlalb", "0 0 1 01110 11 0 Rm:5 1 1111 1 Rn:5 Rd:5", Reg("Rd", Fixed("v.4s")), Reg("Rn", Fixed("v.8h")),
            Reg("Rm", Fixed("v.8h")));
        t.Add("bfmlalt", "0 1 1 01110 11 0 Rm:5 1 1111 1 Rn:5 Rd:5", Reg("Rd", Fixed("v.4s")), Reg("Rn", Fixed("v.8h")),
            Reg("Rm", Fixed("v.8h")));
    }

    private static void DefineThreeDifferent(EncodingTableBuilder t)
    {
        // Shapes: L = long (wide result from two narrow), W = wide (wide and narrow give wide), N = narrowing high half.
        (string? Signed, string? Unsigned, char Kind)[] ops =
        [
            ("saddl", "uaddl", 'L'), ("saddw", "uaddw", 'W'), ("ssubl", "usubl", 'L'), ("ssubw", "usubw", 'W'),
            ("addhn", "raddhn", 'N'), ("sabal", "uabal", 'L'), ("subhn", "rsubhn", 'N'), ("sabdl", "uabdl", 'L'),
            ("smlal", "umlal", 'L'), ("sqdmlal", null, 'D'), ("smlsl", "umlsl", 'L'), ("sqdmlsl", null, 'D'),
            ("smull", "umull", 'L'), ("sqdmull", null, 'D'),
        ];
        for (var op = 0; op < ops.Length; op++)
        {
            for (var u = 0; u < 2; u++)
            {
                if ((u == 0 ? ops[op].Signed : ops[op].Unsigned) is not { } name) continue;
                var kind = ops[op].Kind;
                var rule = kind == 'D' ? HalfOrSingle : (Func<uint, bool>)NotSize3;
                OperandSpec[] operands = kind switch
                {
                    'W' => [Reg("Rd", Wide), Reg("Rn", Wide), Reg("Rm", SizeQ)],
                    'N' => [Reg("Rd", SizeQ), Reg("Rn", Wide), Reg("Rm", Wide)],
                    _ => [Reg("Rd", Wide), Reg("Rn", SizeQ), Reg("Rm", SizeQ)],
                };
                AddBothHalves(t, name, $"0 Q {u} 01110 size:2 1 Rm:5 {Bits(op, 4)} 00 Rn:5 Rd:5", rule, operands);
            }
        }
        var polynomial = Table("size Q", "v.8b", "v.16b", null, null, null, null, "v.1d", "v.2d");
        var product = Table("size", "v.8h", null, null, "v.1q");
        AddBothHalves(t, "pmull", "0 Q 0 01110 size:2 1 Rm:5 1110 00 Rn:5 Rd:5", w => (w & 0x00c00000) is 0 or 0x00c00000,
            Reg("Rd", product), Reg("Rn", polynomial), Reg("Rm", polynomial));
    }

    /// <summary>
    /// An operation on the lower (Q = 0) or upper (Q = 1, mnemonic ending in 2) halves of its sources. Q stays a
    /// field, since the registers' shapes read it.
    /// </summary>
    internal static (Encoding Lower, Encoding Upper) AddBothHalves(EncodingTableBuilder t, string name, string pattern,
        Func<uint, bool>? when, params OperandSpec[] operands) =>
        (t.Add(name, pattern, w => (w & 0x40000000) == 0 && (when is null || when(w)), operands),
            t.Add(name + "2", pattern, w => (w & 0x40000000) != 0 && (when is null || when(w)), operands));

    private static void DefineTwoRegisterMisc(EncodingTableBuilder t)
    {
        var zero = FpSimdImmediates.Zero("#0");
        var fzero = FpSimdImmediates.Zero("#0.0");
        var pairwise = Table("size Q", "v.4h", "v.8h", "v.2s", "v.4s", "v.1d", "v.2d");
        OperandSpec[] same = [Reg("Rd", SizeQ), Reg("Rn", SizeQ)];
        OperandSpec[] sameZero = [Reg("Rd", SizeQ), Reg("Rn", SizeQ), zero];
        OperandSpec[] pairs = [Reg("Rd", pairwise), Reg("Rn", SizeQ)];
        OperandSpec[] narrow = [Reg("Rd", SizeQ), Reg("Rn", Wide)];
        static bool Rev32(uint w) => (w & 0x00800000) == 0;
        static bool Rev64(uint w) => (w & 0x00c00000) != 0x00c00000;
        (string Name, int U, int Opcode, Func<uint, bool> Rule, OperandSpec[] Operands)[] ops =
        [
            ("rev64", 0, 0b00000, Rev64, same), ("rev16", 0, 0b00001, ByteOnly, same),
            ("saddlp", 0, 0b00010, NotSize3, pairs), ("suqadd", 0, 0b00011, Not1D, same),
            ("cls", 0, 0b00100, NotSize3, same), ("cnt", 0, 0b00101, ByteOnly, same),
            ("sadalp", 0, 0b00110, NotSize3, pairs), ("sqabs", 0, 0b00111, Not1D, same),
            ("cmgt", 0, 0b01000, Not1D, sameZero), ("cmeq", 0, 0b01001, Not1D, sameZero),
            ("cmlt", 0, 0b01010, Not1D, sameZero), ("abs", 0, 0b01011, Not1D, same),
            ("rev32", 1, 0b00000, Rev32, same), ("uaddlp", 1, 0b00010, NotSize3, pairs),
            ("usqadd", 1, 0b00011, Not1D, same), ("clz", 1, 0b00100, NotSize3, same),
            ("uadalp", 1, 0b00110, NotSize3, pairs), ("sqneg", 1, 0b00111, Not1D, same),
            ("cmge", 1, 0b01000, Not1D, sameZero), ("cmle", 1, 0b01001, Not1D, sameZero),
            ("neg", 1, 0b01011, Not1D, same),
        ];
        foreach (var (name, u, opcode, rule, operands) in ops)
            t.Add(name, $"0 Q {u} 01110 size:2 10000 {Bits(opcode, 5)} 10 Rn:5 Rd:5", rule, operands);
        var not = t.Add("not", "0 Q 1 01110 00 10000 00101 10 Rn:5 Rd:5", Reg("Rd", ByteQ), Reg("Rn", ByteQ));
        t.Alias(not, "mvn", "0 Q 1 01110 00 10000 00101 10 Rn:5 Rd:5", null, Reg("Rd", ByteQ), Reg("Rn", ByteQ));
        t.Add("rbit", "0 Q 1 01110 01 10000 00101 10 Rn:5 Rd:5", Reg("Rd", ByteQ), Reg("Rn", ByteQ));

        (string Name, int U, int Opcode)[] narrowing = [("xtn", 0, 0b10010), ("sqxtn", 0, 0b10100), ("sqxtun", 1, 0b10010), ("uqxtn", 1, 0b10100)];
        foreach (var (name, u, opcode) in narrowing)
            AddBothHalves(t, name, $"0 Q {u} 01110 size:2 10000 {Bits(opcode, 5)} 10 Rn:5 Rd:5", NotSize3, narrow);
        AddBothHalves(t, "shll", "0 Q 1 01110 size:2 10000 10011 10 Rn:5 Rd:5", NotSize3, Reg("Rd", Wide), Reg("Rn", SizeQ),
            FpSimdImmediates.Computed("size", s => 8u << (int)s));
        var halves = Table("sz Q", "v.4h", "v.8h", "v.2s", "v.4s");
        var fullFp = Table("sz", "v.4s", "v.2d");
        AddBothHalves(t, "fcvtn", "0 Q 0 01110 0 sz 10000 10110 10 Rn:5 Rd:5", null, Reg("Rd", halves), Reg("Rn", fullFp));
        AddBothHalves(t, "fcvtl", "0 Q 0 01110 0 sz 10000 10111 10 Rn:5 Rd:5", null, Reg("Rd", fullFp), Reg("Rn", halves));
        AddBothHalves(t, "fcvtxn", "0 Q 1 01110 0 1 10000 10110 10 Rn:5 Rd:5", null, Reg("Rd", Table("Q", "v.2s", "v.4s")),
            Reg("Rn", Fixed("v.2d")));
        AddBothHalves(t, "bfcvtn", "0 Q 0 01110 1 0 10000 10110 10 Rn:5 Rd:5", null, Reg("Rd", HalfQ), Reg("Rn", Fixed("v.4s")));

        // Floating point, by U and a (bit 23); the half-precision forms replace 10000 by 11100 and have no sz.
        (string Name, int U, int A, int Opcode, bool Zero, bool HalfToo, Func<uint, bool>? Rule)[] fp =
        [
            ("frintn", 0, 0, 0b11000, false, true, null), ("frintm", 0, 0, 0b11001, false, true, null),
            ("fcvtns", 0, 0, 0b11010, false, true, null), ("fcvtms", 0, 0, 0b11011, false, true, null),
            ("fcvtas", 0, 0, 0b11100, false, true, null), ("scvtf", 0, 0, 0b11101, false, true, null),
            ("frint32z", 0, 0, 0b11110, false, false, null), ("frint64z", 0, 0, 0b11111, false, false, null),
            ("fcmgt", 0, 1, 0b01100, true, true, null), ("fcmeq", 0, 1, 0b01101, true, true, null),
            ("fcmlt", 0, 1, 0b01110, true, true, null), ("fabs", 0, 1, 0b01111, false, true, null),
            ("frintp", 0, 1, 0b11000, false, true, null), ("frintz", 0, 1, 0b11001, false, true, null),
            ("fcvtps", 0, 1, 0b11010, false, true, null), ("fcvtzs", 0, 1, 0b11011, false, true, null),
            ("urecpe", 0, 1, 0b11100, false, false, SingleOnly), ("frecpe", 0, 1, 0b11101, false, true, null),
            ("frinta", 1, 0, 0b11000, false, true, null), ("frintx", 1, 0, 0b11001, false, true, null),
            ("fcvtnu", 1, 0, 0b11010, false, true, null), ("fcvtmu", 1, 0, 0b11011, false, true, null),
            ("fcvtau", 1, 0, 0b11100, false, true, null), ("ucvtf", 1, 0, 0b11101, false, true, null),
            ("frint32x", 1, 0, 0b11110, false, false, null), ("frint64x", 1, 0, 0b11111, false, false, null),
            ("fcmge", 1, 1, 0b01100, true, true, null), ("fcmle", 1, 1, 0b01101, true, true, null),
            ("fneg", 1, 1, 0b01111, false, true, null), ("frinti", 1, 1, 0b11001, false, true, null),
            ("fcvtpu", 1, 1, 0b11010, false, true, null), ("fcvtzu", 1, 1, 0b11011, false, true, null),
            ("ursqrte", 1, 1, 0b11100, false, false, SingleOnly), ("frsqrte", 1, 1, 0b11101, false, true, null),
            ("fsqrt", 1, 1, 0b11111, false, true, null),
        ];
        foreach (var (name, u, a, opcode, isCompare, halfToo, rule) in fp)
        {
            OperandSpec[] single = isCompare ? [Reg("Rd", SzQ), Reg("Rn", SzQ), fzero] : [Reg("Rd", SzQ), Reg("Rn", SzQ)];
            t.Add(name, $"0 Q {u} 01110 {a} sz 10000 {Bits(opcode, 5)} 10 Rn:5 Rd:5",
                rule is null ? FpNot1D : w => FpNot1D(w) && rule(w), single);
            if (!halfToo) continue;
            OperandSpec[] half = isCompare ? [Reg("Rd", HalfQ), Reg("Rn", HalfQ), fzero] : [Reg("Rd", HalfQ), Reg("Rn", HalfQ)];
            t.Add(name, $"0 Q {u} 01110 {a} 1 11100 {Bits(opcode, 5)} 10 Rn:5 Rd:5", half);
        }
    }

    private static void DefineAcrossLanes(EncodingTableBuilder t)
    {
        var longScalar = Table("size", "h", "s", "d");
        static bool NotLong1D(uint w) => (w & 0x40c00000) is not (0x00800000 or 0x00c00000 or 0x40c00000);
        t.Add("saddlv", "0 Q 0 01110 size:2 11000 00011 10 Rn:5 Rd:5", NotLong1D, Reg("Rd", longScalar), Reg("Rn", SizeQ));
        t.Add("uaddlv", "0 Q 1 01110 size:2 11000 00011 10 Rn:5 Rd:5", NotLong1D, Reg("Rd", longScalar), Reg("Rn", SizeQ));
        (string Name, int U, int Opcode)[] ops =
        [
            ("smaxv", 0, 0b01010), ("sminv", 0, 0b11010), ("addv", 0, 0b11011), ("umaxv", 1, 0b01010), ("uminv", 1, 0b11010),
        ];
        foreach (var (name, u, opcode) in ops)
            t.Add(name, $"0 Q {u} 01110 size:2 11000 {Bits(opcode, 5)} 10 Rn:5 Rd:5", NotLong1D, Reg("Rd", ScalarBySize()),
                Reg("Rn", SizeQ));
        string[] fp = ["fmaxnmv", "fmaxv", "fminnmv", "fminv"];
        int[] fpOpcodes = [0b01100, 0b01111];
        for (var i = 0; i < 4; i++)
        {
            var opcode = Bits(fpOpcodes[i & 1], 5);
            t.Add(fp[i], $"0 1 1 01110 {i >> 1} 0 11000 {opcode} 10 Rn:5 Rd:5", Reg("Rd", Fixed("s")), Reg("Rn", Fixed("v.4s")));
            t.Add(fp[i], $"0 Q 0 01110 {i >> 1} 0 11000 {opcode} 10 Rn:5 Rd:5", Reg("Rd", Fixed("h")), Reg("Rn", HalfQ));
        }
    }

    /// <summary><c>imm5</c> for one element size: the size is its lowest set bit, the index (field <c>imm5</c>) the bits above.</summary>
    internal static string Imm5Pattern(int size) => $"imm5:{4 - size} 1{new string('0', size)}";

    private static void DefineCopy(EncodingTableBuilder t)
    {
        for (var size = 0; size < 4; size++)
        {
            var imm5 = Imm5Pattern(size);
            var element = Element(ElementSuffix[size], "imm5");
            var vector = size == 3 ? Fixed("v.2d") : Table("Q", VectorBySizeQ[size * 2], VectorBySizeQ[size * 2 + 1]);
            var q = size == 3 ? "1" : "Q";
            t.Add("dup", $"0 {q} 0 01110000 {imm5} 0 0000 1 Rn:5 Rd:5", Reg("Rd", vector), Reg("Rn", element));
            var general = size == 3 ? Gpr.X("Rn") : Gpr.W("Rn");
            t.Add("dup", $"0 {q} 0 01110000 {imm5} 0 0001 1 Rn:5 Rd:5", Reg("Rd", vector), general);

            var ins = t.Add("ins", $"0 1 0 01110000 {imm5} 0 0011 1 Rn:5 Rd:5", Reg("Rd", element), general);
            t.Alias(ins, "mov", $"0 1 0 01110000 {imm5} 0 0011 1 Rn:5 Rd:5", null, Reg("Rd", element), general);
            var source = Element(ElementSuffix[size], "imm4");
            var from = $"imm4:{4 - size} " + new string('x', size);
            var insElement = t.Add("ins", $"0 1 1 01110000 {imm5} 0 {from} 1 Rn:5 Rd:5", Reg("Rd", element), Reg("Rn", source));
            t.Alias(insElement, "mov", $"0 1 1 01110000 {imm5} 0 {from} 1 Rn:5 Rd:5", null, Reg("Rd", element), Reg("Rn", source));

            if (size < 3)
            {
                var umov = t.Add("umov", $"0 0 0 01110000 {imm5} 0 0111 1 Rn:5 Rd:5", Gpr.W("Rd"), Reg("Rn", element));
                if (size == 2)
                    t.Alias(umov, "mov", $"0 0 0 01110000 {imm5} 0 0111 1 Rn:5 Rd:5", null, Gpr.W("Rd"), Reg("Rn", element));
                t.Add("smov", $"0 1 0 01110000 {imm5} 0 0101 1 Rn:5 Rd:5", Gpr.X("Rd"), Reg("Rn", element));
                if (size < 2)
                    t.Add("smov", $"0 0 0 01110000 {imm5} 0 0101 1 Rn:5 Rd:5", Gpr.W("Rd"), Reg("Rn", element));
            }
            else
            {
                var umov = t.Add("umov", $"0 1 0 01110000 {imm5} 0 0111 1 Rn:5 Rd:5", Gpr.X("Rd"), Reg("Rn", element));
                t.Alias(umov, "mov", $"0 1 0 01110000 {imm5} 0 0111 1 Rn:5 Rd:5", null, Gpr.X("Rd"), Reg("Rn", element));
            }
        }
    }

    private static void DefinePermute(EncodingTableBuilder t)
    {
        string?[] permutes = [null, "uzp1", "trn1", "zip1", null, "uzp2", "trn2", "zip2"];
        for (var op = 0; op < 8; op++)
            if (permutes[op] is { } name)
                t.Add(name, $"0 Q 001110 size:2 0 Rm:5 0 {Bits(op, 3)} 10 Rn:5 Rd:5", Not1D, Three(SizeQ));
        t.Add("ext", "0 0 101110 00 0 Rm:5 0 0 imm4:3 0 Rn:5 Rd:5", [.. Three(Fixed("v.8b")), Imm.Dec("imm4")]);
        t.Add("ext", "0 1 101110 00 0 Rm:5 0 imm4:4 0 Rn:5 Rd:5", [.. Three(Fixed("v.16b")), Imm.Dec("imm4")]);
        for (var len = 1; len <= 4; len++)
        {
            t.Add("tbl", $"0 Q 001110 00 0 Rm:5 0 {Bits(len - 1, 2)} 0 00 Rn:5 Rd:5", Reg("Rd", ByteQ),
                List("Rn", len, Fixed("v.16b")), Reg("Rm", ByteQ));
            t.Add("tbx", $"0 Q 001110 00 0 Rm:5 0 {Bits(len - 1, 2)} 1 00 Rn:5 Rd:5", Reg("Rd", ByteQ),
                List("Rn", len, Fixed("v.16b")), Reg("Rm", ByteQ));
        }
    }
}
