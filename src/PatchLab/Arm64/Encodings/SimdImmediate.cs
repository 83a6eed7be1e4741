using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.FpSimdRegisters;

namespace PatchLab.Arm64.Encodings;

/// <summary>Advanced SIMD modified immediate (MOVI, MVNI, ORR, BIC, FMOV) and shifts by immediate, vector and scalar.</summary>
internal static class SimdImmediate
{
    public static void Define(EncodingTableBuilder t)
    {
        DefineModifiedImmediate(t);
        DefineShifts(t);
    }

    private static void DefineModifiedImmediate(EncodingTableBuilder t)
    {
        var imm8 = FpSimdImmediates.Computed("abc defgh", v => v, hex: true);
        var words = Table("Q", "v.2s", "v.4s");
        var halves = Table("Q", "v.4h", "v.8h");
        var lsl = FpSimdImmediates.Shift("lsl", "amount", a => 8 * (int)a);
        var msl = FpSimdImmediates.Shift("msl", "amount", a => 8 << (int)a);
        string[][] names = [["movi", "orr"], ["mvni", "bic"]];
        for (var op = 0; op < 2; op++)
        {
            for (var or = 0; or < 2; or++)
            {
                var name = names[op][or];
                t.Add(name, $"0 Q {op} 0111100000 abc:3 0 amount:2 {or} 0 1 defgh:5 Rd:5", Reg("Rd", words), imm8, lsl);
                t.Add(name, $"0 Q {op} 0111100000 abc:3 10 amount:1 {or} 0 1 defgh:5 Rd:5", Reg("Rd", halves), imm8, lsl);
            }
            t.Add(names[op][0], $"0 Q {op} 0111100000 abc:3 110 amount:1 0 1 defgh:5 Rd:5", Reg("Rd", words), imm8, msl);
        }
        t.Add("movi", "0 Q 0 0111100000 abc:3 1110 0 1 defgh:5 Rd:5", Reg("Rd", ByteQ), imm8);
        var byteMask = FpSimdImmediates.Computed("abc defgh", ByteMask, hex: true);
        t.Add("movi", "0 0 1 0111100000 abc:3 1110 0 1 defgh:5 Rd:5", Reg("Rd", Fixed("d")), byteMask);
        t.Add("movi", "0 1 1 0111100000 abc:3 1110 0 1 defgh:5 Rd:5", Reg("Rd", Fixed("v.2d")), byteMask);
        var value = FpSimdImmediates.Float("abc defgh");
        t.Add("fmov", "0 Q 0 0111100000 abc:3 1111 0 1 defgh:5 Rd:5", Reg("Rd", words), value);
        t.Add("fmov", "0 Q 0 0111100000 abc:3 1111 1 1 defgh:5 Rd:5", Reg("Rd", halves), value);
        t.Add("fmov", "0 1 1 0111100000 abc:3 1111 0 1 defgh:5 Rd:5", Reg("Rd", Fixed("v.2d")), value);
    }

    /// <summary>Each bit of <paramref name="imm8"/> set gives a byte of ones in the 64-bit value.</summary>
    private static ulong? ByteMask(uint imm8)
    {
        var mask = 0ul;
        for (var i = 0; i < 8; i++)
            if ((imm8 >> i & 1) != 0) mask |= 0xfful << (8 * i);
        return mask;
    }

    /// <summary>How a shift's operands are shaped: same size, narrowing, lengthening, or a fixed-point conversion.</summary>
    private enum ShiftKind { Right, Left, Narrow, Long, FixedPoint }

    private static void DefineShifts(EncodingTableBuilder t)
    {
        (string Name, int U, int Opcode, ShiftKind Kind)[] ops =
        [
            ("sshr", 0, 0b00000, ShiftKind.Right), ("ssra", 0, 0b00010, ShiftKind.Right),
            ("srshr", 0, 0b00100, ShiftKind.Right), ("srsra", 0, 0b00110, ShiftKind.Right),
            ("shl", 0, 0b01010, ShiftKind.Left), ("sqshl", 0, 0b01110, ShiftKind.Left),
            ("shrn", 0, 0b10000, ShiftKind.Narrow), ("rshrn", 0, 0b10001, ShiftKind.Narrow),
            ("sqshrn", 0, 0b10010, ShiftKind.Narrow), ("sqrshrn", 0, 0b10011, ShiftKind.Narrow),
            ("sshll", 0, 0b10100, ShiftKind.Long), ("scvtf", 0, 0b11100, ShiftKind.FixedPoint),
            ("fcvtzs", 0, 0b11111, ShiftKind.FixedPoint),
            ("ushr", 1, 0b00000, ShiftKind.Right), ("usra", 1, 0b00010, ShiftKind.Right),
            ("urshr", 1, 0b00100, ShiftKind.Right), ("ursra", 1, 0b00110, ShiftKind.Right),
            ("sri", 1, 0b01000, ShiftKind.Right), ("sli", 1, 0b01010, ShiftKind.Left),
            ("sqshlu", 1, 0b01100, ShiftKind.Left), ("uqshl", 1, 0b01110, ShiftKind.Left),
            ("sqshrun", 1, 0b10000, ShiftKind.Narrow), ("sqrshrun", 1, 0b10001, ShiftKind.Narrow),
            ("uqshrn", 1, 0b10010, ShiftKind.Narrow), ("uqrshrn", 1, 0b10011, ShiftKind.Narrow),
            ("ushll", 1, 0b10100, ShiftKind.Long), ("ucvtf", 1, 0b11100, ShiftKind.FixedPoint),
            ("fcvtzu", 1, 0b11111, ShiftKind.FixedPoint),
        ];
        // Saturating shifts work on every element size; the others on 64-bit scalars only.
        string[] everyScalarSize = ["sqshl", "uqshl", "sqshlu"];
        foreach (var (name, u, opcode, kind) in ops)
        {
            var opcodeBits = FpScalar.Bits(opcode, 5);
            for (var size = 0; size < 4; size++)
            {
                // immh:immb is the element size in bits plus sh, so immh's highest set bit gives the size.
                var immh = new string('0', 3 - size) + "1" + $" sh:{3 + size}";
                var esize = 8 << size;
                var shift = kind is ShiftKind.Left or ShiftKind.Long
                    ? FpSimdImmediates.Computed("sh", s => s)
                    : FpSimdImmediates.Computed("sh", s => (ulong)esize - s);
                var vector = $"0 Q {u} 011110 {immh} {opcodeBits} 1 Rn:5 Rd:5";
                var scalar = $"0 1 {u} 111110 {immh} {opcodeBits} 1 Rn:5 Rd:5";
                var sameSize = size == 3 ? Fixed("v.2d") : Table("Q", VectorBySizeQ[size * 2], VectorBySizeQ[size * 2 + 1]);
                var sameRow = size == 3 ? vector.Replace("0 Q ", "0 1 ", StringComparison.Ordinal) : vector;
                var letter = Fixed("bhsd"[size].ToString());
                switch (kind)
                {
                    case ShiftKind.Right or ShiftKind.Left:
                        t.Add(name, sameRow, Reg("Rd", sameSize), Reg("Rn", sameSize), shift);
                        if (size == 3 || Array.IndexOf(everyScalarSize, name) >= 0)
                            t.Add(name, scalar, Reg("Rd", letter), Reg("Rn", letter), shift);
                        break;
                    case ShiftKind.Narrow when size < 3:
                        SimdVector.AddBothHalves(t, name, vector, null, Reg("Rd", sameSize),
                            Reg("Rn", Fixed(VectorBySizeQ[size * 2 + 3])), shift);
                        if (name[1] == 'q')
                            t.Add(name, scalar, Reg("Rd", letter), Reg("Rn", Fixed("bhsd"[size + 1].ToString())), shift);
                        break;
                    case ShiftKind.Long when size < 3:
                        var wide = Fixed(VectorBySizeQ[size * 2 + 3]);
                        var (lower, upper) = SimdVector.AddBothHalves(t, name, vector, null, Reg("Rd", wide), Reg("Rn", sameSize), shift);
                        var extend = name[0] == 's' ? "sxtl" : "uxtl";
                        var unshifted = vector.Replace($"sh:{3 + size}", new string('0', 3 + size), StringComparison.Ordinal);
                        t.Alias(lower, extend, unshifted, lower.Condition, Reg("Rd", wide), Reg("Rn", sameSize));
                        t.Alias(upper, extend + "2", unshifted, upper.Condition, Reg("Rd", wide), Reg("Rn", sameSize));
                        break;
                    case ShiftKind.FixedPoint when size > 0:
                        t.Add(name, sameRow, Reg("Rd", sameSize), Reg("Rn", sameSize), shift);
                        t.Add(name, scalar, Reg("Rd", letter), Reg("Rn", letter), shift);
                        break;
                }
            }
        }
    }
}
