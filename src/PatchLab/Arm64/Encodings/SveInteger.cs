using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.FpSimdImmediates;
using static PatchLab.Arm64.Operands.FpSimdRegisters;
using static PatchLab.Arm64.Operands.SveOperands;
using static PatchLab.Arm64.Operands.SveSmeOperands;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// SVE predicate loops and element counts (WHILE*, PTEST, CNTP, CNT*, INC*/DEC* and their saturating forms), the
/// integer add and subtract (unpredicated and with immediates), the predicated integer binary and unary operations,
/// reductions, shifts by an immediate, SEL and MOVPRFX, and the broadcasts DUP (scalar, immediate, indexed), DUPM, FDUP, CPY
/// and FCPY, printed through their preferred MOV/FMOV aliases.
/// </summary>
internal static class SveInteger
{
    public static void Define(EncodingTableBuilder t)
    {
        DefineWhile(t);
        t.Add("ptest", "00100101 0 1 010000 11 Pg:4 0 Pn:4 0 0000", Reg("Pg", Fixed("p")), Reg("Pn", Fixed("p.b")));
        t.Add("cntp", "00100101 size:2 100 000 10 Pg:4 0 Pn:4 Rd:5", Gpr.X("Rd"), Reg("Pg", Fixed("p")),
            Reg("Pn", Table("size", "p.b", "p.h", "p.s", "p.d")));

        var z = Table("size", "z.b", "z.h", "z.s", "z.d");
        string?[] arithmetic = ["add", "sub", null, null, "sqadd", "uqadd", "sqsub", "uqsub"];
        for (var opc = 0; opc < arithmetic.Length; opc++)
        {
            if (arithmetic[opc] is { } name)
                t.Add(name, $"00000100 size:2 1 Zm:5 000 {SveText.Bits(opc, 3)} Zn:5 Zd:5", Reg("Zd", z), Reg("Zn", z), Reg("Zm", z));
        }
        DefineImmediateArithmetic(t, z);
        DefinePredicatedArithmetic(t, z);
        DefineSelectAndPrefix(t, z);
        DefineShiftsByImmediate(t);
        DefineUnaryPredicated(t, z);
        DefineReductions(t, z);
        DefineElementCounts(t);
        DefinePredicateCounts(t);
        DefineBroadcasts(t);
    }

    /// <summary>WHILE{LT,LE,LO,LS} and the SVE2 WHILE{GE,GT,HS,HI} (by the U, lt and eq bits), WHILEWR and WHILERW.</summary>
    private static void DefineWhile(EncodingTableBuilder t)
    {
        var predicate = Reg("Pd", Table("size", "p.b", "p.h", "p.s", "p.d"));
        string[] names = ["whilege", "whilegt", "whilelt", "whilele", "whilehs", "whilehi", "whilelo", "whilels"];
        for (var i = 0; i < names.Length; i++)
        {
            var (u, lt, eq) = (i >> 2, (i >> 1) & 1, i & 1);
            t.Add(names[i], $"00100101 size:2 1 Rm:5 000 sf {u} {lt} Rn:5 {eq} Pd:4", predicate, Gpr.R("Rn"), Gpr.R("Rm"));
        }

        // SVE2's pointer-conflict checks.
        t.Add("whilewr", "00100101 size:2 1 Rm:5 001100 Rn:5 0 Pd:4", predicate, Gpr.X("Rn"), Gpr.X("Rm"));
        t.Add("whilerw", "00100101 size:2 1 Rm:5 001100 Rn:5 1 Pd:4", predicate, Gpr.X("Rn"), Gpr.X("Rm"));
    }

    /// <summary>
    /// ADD, SUB, SUBR and the saturating SQADD … UQSUB of an unsigned immediate, shifted left by 8 when sh is set
    /// (objdump shows the shifted value, and a shifted zero as <c>#0, lsl #8</c>); bytes have no shifted form.
    /// </summary>
    private static void DefineImmediateArithmetic(EncodingTableBuilder t, FpSimdShapeSpec z)
    {
        string?[] names = ["add", "sub", null, "subr", "sqadd", "uqadd", "sqsub", "uqsub"];
        var valid = new BitCondition(0x00c02000, w => (w & 0x00c02000) != 0x00002000);
        for (var opc = 0; opc < names.Length; opc++)
        {
            if (names[opc] is not { } name) continue;
            var prefix = $"00100101 size:2 100 {SveText.Bits(opc, 3)} 11 sh";
            t.Add(name, $"{prefix} 00000000 Zdn:5", valid, Reg("Zdn", z), Reg("Zdn", z), Zero("#0"),
                Shift("lsl", "sh", v => (int)v * 8));
            var general = t.Add(name, $"{prefix} imm8:8 Zdn:5", valid, Reg("Zdn", z), Reg("Zdn", z),
                Computed("sh imm8", v => (ulong)(v & 0xff) << (int)(v >> 8) * 8));
            // GNU as also takes the shift written out: add z0.h, z0.h, #1, lsl #8.
            t.AssemblerAlias(general, name, Reg("Zdn", z), Reg("Zdn", z), Computed("imm8", v => v), Shift("lsl", "sh", v => (int)v * 8));
        }
    }

    /// <summary>
    /// The predicated binary operations that overwrite their first source (add, min/max, multiply, divide, bitwise):
    /// <c>add z0.b, p1/m, z0.b, z2.b</c>, and the multiply-accumulates. Division exists for words and doublewords only.
    /// </summary>
    private static void DefinePredicatedArithmetic(EncodingTableBuilder t, FpSimdShapeSpec z)
    {
        string?[] names =
        [
            "add", "sub", null, "subr", null, null, null, null, "smax", "umax", "smin", "umin", "sabd", "uabd", null, null,
            "mul", null, "smulh", "umulh", "sdiv", "udiv", "sdivr", "udivr", "orr", "eor", "and", "bic",
        ];
        var merging = Reg("Pg", Fixed("p/m"));
        var wide = Table("s", "z.s", "z.d");
        // Multiply-accumulate: MLA/MLS add to the destination, MAD/MSB multiply it.
        t.Add("mla", "00000100 size:2 0 Zm:5 01 0 Pg:3 Zn:5 Zda:5", Reg("Zda", z), merging, Reg("Zn", z), Reg("Zm", z));
        t.Add("mls", "00000100 size:2 0 Zm:5 01 1 Pg:3 Zn:5 Zda:5", Reg("Zda", z), merging, Reg("Zn", z), Reg("Zm", z));
        t.Add("mad", "00000100 size:2 0 Zm:5 11 0 Pg:3 Za:5 Zdn:5", Reg("Zdn", z), merging, Reg("Zm", z), Reg("Za", z));
        t.Add("msb", "00000100 size:2 0 Zm:5 11 1 Pg:3 Za:5 Zdn:5", Reg("Zdn", z), merging, Reg("Zm", z), Reg("Za", z));
        for (var opc = 0; opc < names.Length; opc++)
        {
            if (names[opc] is not { } name) continue;
            var (size, shape) = opc is >= 20 and < 24 ? ("1 s", wide) : ("size:2", z);
            t.Add(name, $"00000100 {size} 0 {SveText.Bits(opc, 5)} 000 Pg:3 Zm:5 Zdn:5", Reg("Zdn", shape), merging, Reg("Zdn", shape),
                Reg("Zm", shape));
        }
    }

    /// <summary>
    /// ASR, LSR and LSL of a whole vector by an immediate. The highest set bit of tszh:tszl gives the element size and
    /// the bits below it, with imm3, a value v: right shifts are by esize - v, left shifts by v.
    /// </summary>
    private static void DefineShiftsByImmediate(EncodingTableBuilder t)
    {
        (string Element, int Bits, string Size, string Value)[] forms =
        [
            ("b", 8, "00 1 01", "imm3"), ("h", 16, "00 1 1 t:1", "t imm3"), ("s", 32, "01 1 t:2", "t imm3"),
            ("d", 64, "1 th:1 1 tl:2", "th tl imm3"),
        ];
        foreach (var (element, bits, size, value) in forms)
        {
            var z = Fixed($"z.{element}");
            (string Name, string Opc, Func<uint, ulong?> Amount)[] shifts =
                [("asr", "00", v => (ulong)(bits - v)), ("lsr", "01", v => (ulong)(bits - v)), ("lsl", "11", v => v)];
            foreach (var (name, opc, amount) in shifts)
                t.Add(name, $"00000100 {size} imm3:3 1001 {opc} Zn:5 Zd:5", Reg("Zd", z), Reg("Zn", z), Computed(value, amount));
        }
    }

    /// <summary>
    /// The predicated unary operations (extends, ABS, NEG, counts, CNOT, FABS, FNEG, NOT) by opc, each with the
    /// smallest element size it takes: an extend from b, h or w needs a wider element.
    /// </summary>
    private static void DefineUnaryPredicated(EncodingTableBuilder t, FpSimdShapeSpec z)
    {
        (string Name, int MinimumSize)[] operations =
        [
            ("sxtb", 1), ("uxtb", 1), ("sxth", 2), ("uxth", 2), ("sxtw", 3), ("uxtw", 3), ("abs", 0), ("neg", 0),
            ("cls", 0), ("clz", 0), ("cnt", 0), ("cnot", 0), ("fabs", 1), ("fneg", 1), ("not", 0),
        ];
        var merging = Reg("Pg", Fixed("p/m"));
        for (var opc = 0; opc < operations.Length; opc++)
        {
            var (name, minimum) = operations[opc];
            Func<uint, bool>? wide = minimum == 0 ? null : w => ((w >> 22) & 3) >= minimum;
            t.Add(name, $"00000100 size:2 01 {SveText.Bits(opc, 4)} 101 Pg:3 Zn:5 Zd:5", wide, Reg("Zd", z), merging, Reg("Zn", z));
        }
    }

    /// <summary>
    /// The reductions of the active elements to a SIMD&amp;FP scalar: the sums into a doubleword (SADDV has no
    /// doubleword elements), min/max and the bitwise ones into an element-sized register.
    /// </summary>
    private static void DefineReductions(EncodingTableBuilder t, FpSimdShapeSpec z)
    {
        var governing = Reg("Pg", Fixed("p"));
        var element = Reg("Vd", ScalarBySize());
        (string Name, int Opc)[] sameSize =
            [("smaxv", 8), ("umaxv", 9), ("sminv", 10), ("uminv", 11), ("orv", 24), ("eorv", 25), ("andv", 26)];
        static bool NotDoubleword(uint w) => (w & 0x00c00000) != 0x00c00000;
        t.Add("saddv", "00000100 size:2 0 00000 001 Pg:3 Zn:5 Vd:5", NotDoubleword, Reg("Vd", Fixed("d")), governing, Reg("Zn", z));
        t.Add("uaddv", "00000100 size:2 0 00001 001 Pg:3 Zn:5 Vd:5", Reg("Vd", Fixed("d")), governing, Reg("Zn", z));
        foreach (var (name, opc) in sameSize)
            t.Add(name, $"00000100 size:2 0 {SveText.Bits(opc, 5)} 001 Pg:3 Zn:5 Vd:5", element, governing, Reg("Zn", z));
    }

    /// <summary>
    /// SEL of two vectors by a predicate (MOV with merging when the destination is the second source) and the
    /// MOVPRFX prefixes, unpredicated and predicated.
    /// </summary>
    private static void DefineSelectAndPrefix(EncodingTableBuilder t, FpSimdShapeSpec z)
    {
        const string select = "00000101 size:2 1 Zm:5 11 Pg:4 Zn:5 Zd:5";
        var sel = t.Add("sel", select, Reg("Zd", z), Reg("Pg", Fixed("p")), Reg("Zn", z), Reg("Zm", z));
        t.Alias(sel, "mov", select, w => (w & 31) == ((w >> 16) & 31), Tied("Zd", "Zm", z), Reg("Pg", Fixed("p/m")), Reg("Zn", z));

        t.Add("movprfx", "00000100 00 1 00000 101111 Zn:5 Zd:5", Reg("Zd", Fixed("z")), Reg("Zn", Fixed("z")));
        t.Add("movprfx", "00000100 size:2 010 00 M 001 Pg:3 Zn:5 Zd:5", Reg("Zd", z), Reg("Pg", Table("M", "p/z", "p/m")), Reg("Zn", z));
    }

    /// <summary>
    /// INCP/DECP and the saturating SQINCP … UQDECP: a register or a vector changed by the number of active elements
    /// of a predicate; the vector forms exist for halfwords and wider.
    /// </summary>
    private static void DefinePredicateCounts(EncodingTableBuilder t)
    {
        var predicate = Reg("Pm", Table("size", "p.b", "p.h", "p.s", "p.d"));
        var vector = Reg("Zdn", Table("size", null, "z.h", "z.s", "z.d"));
        static bool Wide(uint w) => (w & 0x00c00000) != 0;
        for (var d = 0; d < 2; d++)
        {
            var name = d == 0 ? "incp" : "decp";
            t.Add(name, $"00100101 size:2 101 1 0 {d} 10001 00 Pm:4 Rdn:5", Gpr.X("Rdn"), predicate);
            t.Add(name, $"00100101 size:2 101 1 0 {d} 10000 00 Pm:4 Zdn:5", Wide, vector, predicate);
            for (var u = 0; u < 2; u++)
            {
                var saturating = $"{(u == 0 ? "sq" : "uq")}{(d == 0 ? "inc" : "dec")}p";
                var prefix = $"00100101 size:2 101 0 {d} {u} 1000";
                // The 32-bit signed form writes the sign-extended result to the whole X register: sqincp x0, p1.b, w0.
                if (u == 0)
                    t.Add(saturating, $"{prefix} 1 0 0 Pm:4 Rdn:5", Gpr.X("Rdn"), predicate, Gpr.W("Rdn"));
                else
                    t.Add(saturating, $"{prefix} 1 0 0 Pm:4 Rdn:5", Gpr.W("Rdn"), predicate);
                t.Add(saturating, $"{prefix} 1 1 0 Pm:4 Rdn:5", Gpr.X("Rdn"), predicate);
                t.Add(saturating, $"{prefix} 0 0 0 Pm:4 Zdn:5", Wide, vector, predicate);
            }
        }
    }

    /// <summary>
    /// CNT*, INC*/DEC* of a register or a vector, and the saturating SQINC/UQINC/SQDEC/UQDEC, each in its four
    /// element sizes; the count is a pattern times <c>imm4 + 1</c>.
    /// </summary>
    private static void DefineElementCounts(EncodingTableBuilder t)
    {
        var count = Pattern("pattern", "imm4");
        var multiplier = Multiplier("imm4");
        for (var size = 0; size < 4; size++)
        {
            var s = SveText.Accesses[size];
            var sz = SveText.Bits(size, 2);
            var x = Gpr.X("Rd");
            t.Add($"cnt{s}", $"00000100 {sz} 10 imm4:4 11100 0 pattern:5 Rd:5", x, count, multiplier);
            t.Add($"inc{s}", $"00000100 {sz} 11 imm4:4 11100 0 pattern:5 Rd:5", x, count, multiplier);
            t.Add($"dec{s}", $"00000100 {sz} 11 imm4:4 11100 1 pattern:5 Rd:5", x, count, multiplier);
            string[] saturating = [$"sqinc{s}", $"uqinc{s}", $"sqdec{s}", $"uqdec{s}"];
            for (var op = 0; op < 4; op++)
            {
                var (d, u) = (op >> 1, op & 1);
                var name = saturating[op];
                // The 32-bit signed form writes the sign-extended result to the whole X register: sqincb x0, w0.
                if (u == 0)
                    t.Add(name, $"00000100 {sz} 1 0 imm4:4 1111 {d} {u} pattern:5 Rd:5", Gpr.X("Rd"), Gpr.W("Rd"), count, multiplier);
                else
                    t.Add(name, $"00000100 {sz} 1 0 imm4:4 1111 {d} {u} pattern:5 Rd:5", Gpr.W("Rd"), count, multiplier);
                t.Add(name, $"00000100 {sz} 1 1 imm4:4 1111 {d} {u} pattern:5 Rd:5", Gpr.X("Rd"), count, multiplier);
            }
            if (size == 0) continue;

            // The vector forms exist for halfwords and wider.
            var z = Reg("Zd", Fixed($"z.{SveText.Elements[size]}"));
            t.Add($"inc{s}", $"00000100 {sz} 11 imm4:4 11000 0 pattern:5 Zd:5", z, count, multiplier);
            t.Add($"dec{s}", $"00000100 {sz} 11 imm4:4 11000 1 pattern:5 Zd:5", z, count, multiplier);
            for (var op = 0; op < 4; op++)
                t.Add(saturating[op], $"00000100 {sz} 10 imm4:4 1100 {op >> 1} {op & 1} pattern:5 Zd:5", z, count, multiplier);
        }
    }

    /// <summary>
    /// DUP of a general register or an immediate, CPY of a general or SIMD&amp;FP register or an immediate, FDUP and
    /// FCPY; objdump always prints them as MOV and FMOV.
    /// </summary>
    private static void DefineBroadcasts(EncodingTableBuilder t)
    {
        for (var size = 0; size < 4; size++)
        {
            var sz = SveText.Bits(size, 2);
            var z = Reg("Zd", Fixed($"z.{SveText.Elements[size]}"));
            var general = size == 3 ? Gpr.XSp("Rn") : Gpr.WSp("Rn");
            var scalar = $"00000101 {sz} 1 00000 001110 Rn:5 Zd:5";
            t.Alias(t.Add("dup", scalar, z, general), "mov", scalar, null, z, general);

            // The signed imm8 is shifted left by 8 when sh is set; for bytes objdump takes only the shifted -1 (#-256).
            // MOV shows the shifted value, except that a shifted zero keeps its shift: mov z0.h, #0, lsl #8.
            var immediate = $"00100101 {sz} 111 00 0 11 sh imm8:8 Zd:5";
            Func<uint, bool>? valid = size == 0 ? w => (w & 0x2000) == 0 || (w & 0x1fe0) == 0x1fe0 : null;
            Func<uint, bool>? shiftedZero = size == 0 ? null : w => (w & 0x3fe0) == 0x2000;
            var (value, shift) = (Computed("imm8", v => (ulong)(long)(sbyte)v), Shift("lsl", "sh", v => (int)v * 8));
            var shifted = Computed("sh imm8", v => (ulong)((long)(sbyte)v << (int)(v >> 8) * 8));
            var dup = t.Add("dup", immediate, valid, z, value, shift);
            if (shiftedZero is not null) t.Alias(dup, "mov", immediate, shiftedZero, z, value, shift);
            t.Alias(dup, "mov", immediate, null, z, shifted);

            // CPY (immediate) is DUP under a governing predicate, zeroing or merging.
            var predicated = $"00000101 {sz} 01 Pg:4 0 M sh imm8:8 Zd:5";
            var governing = Reg("Pg", Table("M", "p/z", "p/m"));
            var cpy = t.Add("cpy", predicated, valid, z, governing, value, shift);
            if (shiftedZero is not null) t.Alias(cpy, "mov", predicated, shiftedZero, z, governing, value, shift);
            t.Alias(cpy, "mov", predicated, null, z, governing, shifted);

            var merging = Reg("Pg", Fixed("p/m"));
            var fromGeneral = $"00000101 {sz} 101000 101 Pg:3 Rn:5 Zd:5";
            t.Alias(t.Add("cpy", fromGeneral, z, merging, general), "mov", fromGeneral, null, z, merging, general);
            var scalarShape = Fixed(SveText.Elements[size].ToString());
            var fromScalar = $"00000101 {sz} 100000 100 Pg:3 Vn:5 Zd:5";
            t.Alias(t.Add("cpy", fromScalar, z, merging, Reg("Vn", scalarShape)), "mov", fromScalar, null, z, merging,
                Reg("Vn", scalarShape));

            if (size == 0) continue;
            var fdup = $"00100101 {sz} 111 00 1 11 0 imm8:8 Zd:5";
            t.Alias(t.Add("fdup", fdup, z, Float("imm8")), "fmov", fdup, null, z, Float("imm8"));
            var fcpy = $"00000101 {sz} 01 Pg:4 110 imm8:8 Zd:5";
            t.Alias(t.Add("fcpy", fcpy, z, merging, Float("imm8")), "fmov", fcpy, null, z, merging, Float("imm8"));
        }
        DefineDupIndexed(t);
        DefineDupm(t);
    }

    /// <summary>
    /// DUPM: a logical-immediate bitmask, shown as one element of the size the encoding replicates (bytes for
    /// elements of 2, 4 and 8 bits); objdump prints MOV when DUP (immediate) could not give the same value.
    /// </summary>
    private static void DefineDupm(EncodingTableBuilder t)
    {
        (string Element, int Bits, string Imm13)[] forms =
        [
            ("d", 64, "1 imm12:12"), ("s", 32, "0 immr:6 0 imms:5"), ("h", 16, "0 immr:6 10 imms:4"),
            ("b", 8, "0 immr:6 110 imms:3"), ("b", 8, "0 immr:6 1110 imms:2"), ("b", 8, "0 immr:6 11110 imms:1"),
        ];
        foreach (var (element, bits, imm13) in forms)
        {
            var pattern = $"00000101 11 0000 {imm13} Zd:5";
            var immediate = DupmImmediate(bits);
            var z = Reg("Zd", Fixed($"z.{element}"));
            var row = t.Add("dupm", pattern, new BitCondition(1u << 17 | 63u << 5, w => Bitmask.IsValid((w >> 17) & 1, (w >> 5) & 63, true)),
                z, _ => immediate);
            t.Alias(row, "mov", pattern, immediate.MovPreferred, z, _ => immediate);
        }
    }

    /// <summary>
    /// DUP (indexed): the lowest set bit of <c>tsz</c> gives the element size (b, h, s, d, q) and the bits above it,
    /// after <c>imm2</c>, the index. objdump prints MOV, with the scalar register alone for index 0 (<c>mov z0.s, s1</c>).
    /// </summary>
    private static void DefineDupIndexed(EncodingTableBuilder t)
    {
        string[] elements = ["b", "h", "s", "d", "q"];
        for (var size = 0; size < elements.Length; size++)
        {
            var e = elements[size];
            var low = "1".PadRight(size + 1, '0');
            var index = size == 4 ? "imm2" : "imm2 i";
            var high = size == 4 ? "" : $"i:{4 - size} ";
            var pattern = $"00000101 imm2:2 1 {high}{low} 001000 Zn:5 Zd:5";
            var z = Reg("Zd", Fixed($"z.{e}"));
            var element = Reg("Zn", Computed(index, v => new FpSimdShape('z', $".{e}", (int)v)));
            var dup = t.Add("dup", pattern, z, element);
            t.Alias(dup, "mov", $"00000101 00 1 {low.PadLeft(5, '0')} 001000 Zn:5 Zd:5", null, z, Reg("Zn", Fixed(e)));
            t.Alias(dup, "mov", pattern, null, z, element);
        }
    }
}
