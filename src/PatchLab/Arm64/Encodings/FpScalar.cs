using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.FpSimdRegisters;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Scalar floating-point data processing (op0 = x0x1 1110): moves, arithmetic, compares, conditional forms,
/// precision and integer conversions. <c>ftype</c> 10 is reserved everywhere except the FMOV of a vector's upper half.
/// </summary>
internal static class FpScalar
{
    private static readonly OperandSpec Fd = Reg("Rd", Ftype), Fn = Reg("Rn", Ftype), Fm = Reg("Rm", Ftype), Fa = Reg("Ra", Ftype);

    private static bool FtypeValid(uint w) => (w & 0x00c00000) != 0x00800000;

    private static readonly BitCondition ValidFtype = new(0x00c00000, FtypeValid);

    public static void Define(EncodingTableBuilder t)
    {
        // Data-processing, one source.
        string[] oneSource = ["fmov", "fabs", "fneg", "fsqrt"];
        for (var i = 0; i < oneSource.Length; i++)
            t.Add(oneSource[i], $"000 11110 ftype:2 1 0000{Bits(i, 2)} 10000 Rn:5 Rd:5", ValidFtype, Fd, Fn);
        string?[] rounding = ["frintn", "frintp", "frintm", "frintz", "frinta", null, "frintx", "frinti"];
        for (var i = 0; i < rounding.Length; i++)
            if (rounding[i] is { } name)
                t.Add(name, $"000 11110 ftype:2 1 001{Bits(i, 3)} 10000 Rn:5 Rd:5", ValidFtype, Fd, Fn);
        string[] roundToInt = ["frint32z", "frint32x", "frint64z", "frint64x"];
        for (var i = 0; i < roundToInt.Length; i++)
            t.Add(roundToInt[i], $"000 11110 0 sz 1 0100{Bits(i, 2)} 10000 Rn:5 Rd:5", Reg("Rd", Sz), Reg("Rn", Sz));
        t.Add("fcvt", "000 11110 ftype:2 1 0001 opc:2 10000 Rn:5 Rd:5",
            new BitCondition(0x00c00000 | 3u << 15, w => FtypeValid(w) && ((w >> 15) & 3) is var opc && opc != 2 && opc != ((w >> 22) & 3)),
            Reg("Rd", Table("opc", "s", "d", null, "h")), Fn);
        t.Add("bfcvt", "000 11110 01 1 000110 10000 Rn:5 Rd:5", Reg("Rd", Fixed("h")), Reg("Rn", Fixed("s")));

        // Compares.
        string[] compares = ["fcmp", "fcmpe"];
        for (var i = 0; i < compares.Length; i++)
        {
            t.Add(compares[i], $"000 11110 ftype:2 1 Rm:5 00 1000 Rn:5 {i}0000", ValidFtype, Fn, Fm);
            t.Add(compares[i], $"000 11110 ftype:2 1 xxxxx 00 1000 Rn:5 {i}1000", ValidFtype, Fn,
                FpSimdImmediates.Zero("#0.0"));
        }
        t.Add("fccmp", "000 11110 ftype:2 1 Rm:5 cond:4 01 Rn:5 0 nzcv:4", ValidFtype, Fn, Fm, Imm.Hex("nzcv"), Cond.Of("cond"));
        t.Add("fccmpe", "000 11110 ftype:2 1 Rm:5 cond:4 01 Rn:5 1 nzcv:4", ValidFtype, Fn, Fm, Imm.Hex("nzcv"), Cond.Of("cond"));
        t.Add("fcsel", "000 11110 ftype:2 1 Rm:5 cond:4 11 Rn:5 Rd:5", ValidFtype, Fd, Fn, Fm, Cond.Of("cond"));

        // Data-processing, two and three sources.
        string[] twoSource = ["fmul", "fdiv", "fadd", "fsub", "fmax", "fmin", "fmaxnm", "fminnm", "fnmul"];
        for (var i = 0; i < twoSource.Length; i++)
            t.Add(twoSource[i], $"000 11110 ftype:2 1 Rm:5 {Bits(i, 4)} 10 Rn:5 Rd:5", ValidFtype, Fd, Fn, Fm);
        string[] threeSource = ["fmadd", "fmsub", "fnmadd", "fnmsub"];
        for (var i = 0; i < threeSource.Length; i++)
            t.Add(threeSource[i], $"000 11111 ftype:2 {i >> 1} Rm:5 {i & 1} Ra:5 Rn:5 Rd:5", ValidFtype, Fd, Fn, Fm, Fa);

        t.Add("fmov", "000 11110 ftype:2 1 imm8:8 100 00000 Rd:5", ValidFtype, Fd, FpSimdImmediates.Float("imm8"));

        DefineConversions(t);
    }

    /// <summary>Conversions between floating-point and integer or fixed-point, and FMOV to and from general registers.</summary>
    private static void DefineConversions(EncodingTableBuilder t)
    {
        var fbits = FpSimdImmediates.Computed("scale", s => 64 - s);
        var fixedValid = new BitCondition(0x80c08000, w => FtypeValid(w) && (w & 0x80008000) != 0);
        t.Add("scvtf", "sf 00 11110 ftype:2 0 00 010 scale:6 Rn:5 Rd:5", fixedValid, Fd, Gpr.R("Rn"), fbits);
        t.Add("ucvtf", "sf 00 11110 ftype:2 0 00 011 scale:6 Rn:5 Rd:5", fixedValid, Fd, Gpr.R("Rn"), fbits);
        t.Add("fcvtzs", "sf 00 11110 ftype:2 0 11 000 scale:6 Rn:5 Rd:5", fixedValid, Gpr.R("Rd"), Fn, fbits);
        t.Add("fcvtzu", "sf 00 11110 ftype:2 0 11 001 scale:6 Rn:5 Rd:5", fixedValid, Gpr.R("Rd"), Fn, fbits);

        string[][] toInteger =
        [
            ["fcvtns", "fcvtnu", "fcvtas", "fcvtau"], ["fcvtps", "fcvtpu"], ["fcvtms", "fcvtmu"], ["fcvtzs", "fcvtzu"],
        ];
        string[] opcodes = ["000", "001", "100", "101"];
        for (var rmode = 0; rmode < 4; rmode++)
            for (var i = 0; i < toInteger[rmode].Length; i++)
                t.Add(toInteger[rmode][i], $"sf 00 11110 ftype:2 1 {Bits(rmode, 2)} {opcodes[i]} 000000 Rn:5 Rd:5",
                    ValidFtype, Gpr.R("Rd"), Fn);
        t.Add("scvtf", "sf 00 11110 ftype:2 1 00 010 000000 Rn:5 Rd:5", ValidFtype, Fd, Gpr.R("Rn"));
        t.Add("ucvtf", "sf 00 11110 ftype:2 1 00 011 000000 Rn:5 Rd:5", ValidFtype, Fd, Gpr.R("Rn"));

        // FMOV between registers of the same width: w/s, x/d, and either with h.
        static bool SameWidth(uint w) => ((w >> 22) & 3) is var ftype && (ftype == 3 || ftype == w >> 31);
        t.Add("fmov", "sf 00 11110 ftype:2 1 00 110 000000 Rn:5 Rd:5", SameWidth, Gpr.R("Rd"), Fn);
        t.Add("fmov", "sf 00 11110 ftype:2 1 00 111 000000 Rn:5 Rd:5", SameWidth, Fd, Gpr.R("Rn"));
        var upperHalf = FixedElement(".d", 1);
        t.Add("fmov", "1 00 11110 10 1 01 110 000000 Rn:5 Rd:5", Gpr.X("Rd"), Reg("Rn", upperHalf));
        t.Add("fmov", "1 00 11110 10 1 01 111 000000 Rn:5 Rd:5", Reg("Rd", upperHalf), Gpr.X("Rn"));
        t.Add("fjcvtzs", "0 00 11110 01 1 11 110 000000 Rn:5 Rd:5", Gpr.W("Rd"), Reg("Rn", Fixed("d")));
    }

    /// <summary>The low <paramref name="width"/> bits of a value as pattern text.</summary>
    internal static string Bits(int value, int width) =>
        Convert.ToString(value, 2).PadLeft(width, '0')[^width..];
}
