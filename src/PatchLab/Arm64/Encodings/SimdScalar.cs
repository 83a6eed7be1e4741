using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.FpScalar;
using static PatchLab.Arm64.Encodings.SimdVector;
using static PatchLab.Arm64.Operands.FpSimdRegisters;

namespace PatchLab.Arm64.Encodings;

/// <summary>Advanced SIMD scalar groups: three same, three different, two-register misc, pairwise, copy.</summary>
internal static class SimdScalar
{
    private static readonly FpSimdShapeSpec Scalar = ScalarBySize();

    private static bool DoubleOnly(uint w) => (w & 0x00c00000) == 0x00c00000;

    public static void Define(EncodingTableBuilder t)
    {
        DefineThreeSame(t);
        DefineTwoRegisterMisc(t);
        DefinePairwiseAndCopy(t);
    }

    private static OperandSpec[] Three(FpSimdShapeSpec shape) => [Reg("Rd", shape), Reg("Rn", shape), Reg("Rm", shape)];

    private static void DefineThreeSame(EncodingTableBuilder t)
    {
        (string Name, int U, int Opcode, Func<uint, bool>? Rule)[] ops =
        [
            ("sqadd", 0, 0b00001, null), ("sqsub", 0, 0b00101, null), ("cmgt", 0, 0b00110, DoubleOnly),
            ("cmge", 0, 0b00111, DoubleOnly), ("sshl", 0, 0b01000, DoubleOnly), ("sqshl", 0, 0b01001, null),
            ("srshl", 0, 0b01010, DoubleOnly), ("sqrshl", 0, 0b01011, null), ("add", 0, 0b10000, DoubleOnly),
            ("cmtst", 0, 0b10001, DoubleOnly), ("sqdmulh", 0, 0b10110, HalfOrSingle),
            ("uqadd", 1, 0b00001, null), ("uqsub", 1, 0b00101, null), ("cmhi", 1, 0b00110, DoubleOnly),
            ("cmhs", 1, 0b00111, DoubleOnly), ("ushl", 1, 0b01000, DoubleOnly), ("uqshl", 1, 0b01001, null),
            ("urshl", 1, 0b01010, DoubleOnly), ("uqrshl", 1, 0b01011, null), ("sub", 1, 0b10000, DoubleOnly),
            ("cmeq", 1, 0b10001, DoubleOnly), ("sqrdmulh", 1, 0b10110, HalfOrSingle),
        ];
        foreach (var (name, u, opcode, rule) in ops)
            t.Add(name, $"01 {u} 11110 size:2 1 Rm:5 {Bits(opcode, 5)} 1 Rn:5 Rd:5", rule, Three(Scalar));

        (string Name, int U, int A, int Opcode)[] fp =
        [
            ("fmulx", 0, 0, 0b011), ("fcmeq", 0, 0, 0b100), ("frecps", 0, 0, 0b111), ("frsqrts", 0, 1, 0b111),
            ("fcmge", 1, 0, 0b100), ("facge", 1, 0, 0b101), ("fabd", 1, 1, 0b010), ("fcmgt", 1, 1, 0b100),
            ("facgt", 1, 1, 0b101),
        ];
        foreach (var (name, u, a, opcode) in fp)
        {
            t.Add(name, $"01 {u} 11110 {a} sz 1 Rm:5 11 {Bits(opcode, 3)} 1 Rn:5 Rd:5", Three(Sz));
            t.Add(name, $"01 {u} 11110 {a} 10 Rm:5 00 {Bits(opcode, 3)} 1 Rn:5 Rd:5", Three(Fixed("h")));
        }
        t.Add("sqrdmlah", "01 1 11110 size:2 0 Rm:5 1 000 0 1 Rn:5 Rd:5", HalfOrSingle, Three(Scalar));
        t.Add("sqrdmlsh", "01 1 11110 size:2 0 Rm:5 1 000 1 1 Rn:5 Rd:5", HalfOrSingle, Three(Scalar));

        var wide = Table("size", null, "s", "d");
        (string Name, int Opcode)[] different = [("sqdmlal", 0b1001), ("sqdmlsl", 0b1011), ("sqdmull", 0b1101)];
        foreach (var (name, opcode) in different)
            t.Add(name, $"01 0 11110 size:2 1 Rm:5 {Bits(opcode, 4)} 00 Rn:5 Rd:5", HalfOrSingle,
                Reg("Rd", wide), Reg("Rn", Scalar), Reg("Rm", Scalar));
    }

    private static void DefineTwoRegisterMisc(EncodingTableBuilder t)
    {
        var zero = FpSimdImmediates.Zero("#0");
        (string Name, int U, int Opcode, Func<uint, bool>? Rule, bool Zero)[] ops =
        [
            ("suqadd", 0, 0b00011, null, false), ("sqabs", 0, 0b00111, null, false),
            ("cmgt", 0, 0b01000, DoubleOnly, true), ("cmeq", 0, 0b01001, DoubleOnly, true),
            ("cmlt", 0, 0b01010, DoubleOnly, true), ("abs", 0, 0b01011, DoubleOnly, false),
            ("usqadd", 1, 0b00011, null, false), ("sqneg", 1, 0b00111, null, false),
            ("cmge", 1, 0b01000, DoubleOnly, true), ("cmle", 1, 0b01001, DoubleOnly, true),
            ("neg", 1, 0b01011, DoubleOnly, false),
        ];
        foreach (var (name, u, opcode, rule, isCompare) in ops)
        {
            var pattern = $"01 {u} 11110 size:2 10000 {Bits(opcode, 5)} 10 Rn:5 Rd:5";
            if (isCompare) t.Add(name, pattern, rule, Reg("Rd", Scalar), Reg("Rn", Scalar), zero);
            else t.Add(name, pattern, rule, Reg("Rd", Scalar), Reg("Rn", Scalar));
        }
        var narrowed = Table("size", "h", "s", "d");
        (string Name, int U, int Opcode)[] narrowing = [("sqxtn", 0, 0b10100), ("sqxtun", 1, 0b10010), ("uqxtn", 1, 0b10100)];
        foreach (var (name, u, opcode) in narrowing)
            t.Add(name, $"01 {u} 11110 size:2 10000 {Bits(opcode, 5)} 10 Rn:5 Rd:5", NotSize3, Reg("Rd", Scalar),
                Reg("Rn", narrowed));
        t.Add("fcvtxn", "01 1 11110 0 1 10000 10110 10 Rn:5 Rd:5", Reg("Rd", Fixed("s")), Reg("Rn", Fixed("d")));

        var fzero = FpSimdImmediates.Zero("#0.0");
        (string Name, int U, int A, int Opcode, bool Zero)[] fp =
        [
            ("fcvtns", 0, 0, 0b11010, false), ("fcvtms", 0, 0, 0b11011, false), ("fcvtas", 0, 0, 0b11100, false),
            ("scvtf", 0, 0, 0b11101, false), ("fcmgt", 0, 1, 0b01100, true), ("fcmeq", 0, 1, 0b01101, true),
            ("fcmlt", 0, 1, 0b01110, true), ("fcvtps", 0, 1, 0b11010, false), ("fcvtzs", 0, 1, 0b11011, false),
            ("frecpe", 0, 1, 0b11101, false), ("frecpx", 0, 1, 0b11111, false),
            ("fcvtnu", 1, 0, 0b11010, false), ("fcvtmu", 1, 0, 0b11011, false), ("fcvtau", 1, 0, 0b11100, false),
            ("ucvtf", 1, 0, 0b11101, false), ("fcmge", 1, 1, 0b01100, true), ("fcmle", 1, 1, 0b01101, true),
            ("fcvtpu", 1, 1, 0b11010, false), ("fcvtzu", 1, 1, 0b11011, false), ("frsqrte", 1, 1, 0b11101, false),
        ];
        foreach (var (name, u, a, opcode, isCompare) in fp)
        {
            var op = Bits(opcode, 5);
            foreach (var (pattern, shape) in new[]
                     {
                         ($"01 {u} 11110 {a} sz 10000 {op} 10 Rn:5 Rd:5", Sz), ($"01 {u} 11110 {a} 1 11100 {op} 10 Rn:5 Rd:5", Fixed("h")),
                     })
            {
                if (isCompare) t.Add(name, pattern, Reg("Rd", shape), Reg("Rn", shape), fzero);
                else t.Add(name, pattern, Reg("Rd", shape), Reg("Rn", shape));
            }
        }
    }

    private static void DefinePairwiseAndCopy(EncodingTableBuilder t)
    {
        t.Add("addp", "01 0 11110 11 11000 11011 10 Rn:5 Rd:5", Reg("Rd", Fixed("d")), Reg("Rn", Fixed("v.2d")));
        (string Name, int A, int Opcode)[] fp =
        [
            ("fmaxnmp", 0, 0b01100), ("faddp", 0, 0b01101), ("fmaxp", 0, 0b01111), ("fminnmp", 1, 0b01100), ("fminp", 1, 0b01111),
        ];
        foreach (var (name, a, opcode) in fp)
        {
            t.Add(name, $"01 1 11110 {a} sz 11000 {Bits(opcode, 5)} 10 Rn:5 Rd:5", Reg("Rd", Sz), Reg("Rn", Table("sz", "v.2s", "v.2d")));
            t.Add(name, $"01 0 11110 {a} 0 11000 {Bits(opcode, 5)} 10 Rn:5 Rd:5", Reg("Rd", Fixed("h")), Reg("Rn", Fixed("v.2h")));
        }

        for (var size = 0; size < 4; size++)
        {
            var imm5 = Imm5Pattern(size);
            var pattern = $"01 0 11110000 {imm5} 0 0000 1 Rn:5 Rd:5";
            OperandSpec[] operands = [Reg("Rd", Fixed("bhsd"[size].ToString())), Reg("Rn", Element(ElementSuffix[size], "imm5"))];
            var dup = t.Add("dup", pattern, operands);
            t.Alias(dup, "mov", pattern, null, operands);
        }
    }
}
