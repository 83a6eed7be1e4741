using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.FpScalar;
using static PatchLab.Arm64.Operands.FpSimdRegisters;

namespace PatchLab.Arm64.Encodings;

/// <summary>Advanced SIMD operations by element, vector and scalar (<c>fmla v0.4s, v1.4s, v2.s[3]</c>).</summary>
internal static class SimdIndexed
{
    /// <summary>
    /// Where the element register and its index live for one element size: 16-bit elements take M into the index
    /// and leave four bits of register number; 64-bit elements have only H (L must be zero).
    /// </summary>
    private sealed record ElementLayout(int Size, string Bits, string Index, string Register, string Suffix)
    {
        public string Pattern(string prefix, string opcode) => $"{prefix} {Bits} {opcode} H 0 Rn:5 Rd:5";
        public OperandSpec Element => Reg(Register, FpSimdRegisters.Element(Suffix, Index));
    }

    private static readonly ElementLayout Half = new(1, "01 L M Rm:4", "H L M", "Rm", ".h");
    private static readonly ElementLayout Single = new(2, "10 L M Rm:4", "H L", "M Rm", ".s");
    private static readonly ElementLayout Double = new(3, "11 0 M Rm:4", "H", "M Rm", ".d");
    private static readonly ElementLayout HalfFp = new(1, "00 L M Rm:4", "H L M", "Rm", ".h");

    private static FpSimdShapeSpec Vector(int size) =>
        size == 3 ? Fixed("v.2d") : Table("Q", VectorBySizeQ[size * 2], VectorBySizeQ[size * 2 + 1]);

    private static string VectorPrefix(int u, int size) => size == 3 ? $"0 1 {u} 01111" : $"0 Q {u} 01111";

    public static void Define(EncodingTableBuilder t)
    {
        (string Name, int U, int Opcode)[] same =
        [
            ("mul", 0, 0b1000), ("sqdmulh", 0, 0b1100), ("sqrdmulh", 0, 0b1101),
            ("mla", 1, 0b0000), ("mls", 1, 0b0100), ("sqrdmlah", 1, 0b1101), ("sqrdmlsh", 1, 0b1111),
        ];
        string[] scalarToo = ["sqdmulh", "sqrdmulh", "sqrdmlah", "sqrdmlsh"];
        foreach (var (name, u, opcode) in same)
        {
            foreach (var layout in new[] { Half, Single })
            {
                var v = Vector(layout.Size);
                t.Add(name, layout.Pattern(VectorPrefix(u, layout.Size), Bits(opcode, 4)), Reg("Rd", v), Reg("Rn", v), layout.Element);
                if (Array.IndexOf(scalarToo, name) < 0) continue;
                var s = Fixed("bhsd"[layout.Size].ToString());
                t.Add(name, layout.Pattern($"01 {u} 11111", Bits(opcode, 4)), Reg("Rd", s), Reg("Rn", s), layout.Element);
            }
        }

        (string Name, int U, int Opcode)[] lengthening =
        [
            ("smlal", 0, 0b0010), ("sqdmlal", 0, 0b0011), ("smlsl", 0, 0b0110), ("sqdmlsl", 0, 0b0111),
            ("smull", 0, 0b1010), ("sqdmull", 0, 0b1011), ("umlal", 1, 0b0010), ("umlsl", 1, 0b0110), ("umull", 1, 0b1010),
        ];
        foreach (var (name, u, opcode) in lengthening)
        {
            foreach (var layout in new[] { Half, Single })
            {
                var wide = Fixed(VectorBySizeQ[layout.Size * 2 + 3]);
                SimdVector.AddBothHalves(t, name, layout.Pattern(VectorPrefix(u, layout.Size), Bits(opcode, 4)), null,
                    Reg("Rd", wide), Reg("Rn", Vector(layout.Size)), layout.Element);
                if (!name.StartsWith("sqd", StringComparison.Ordinal)) continue;
                t.Add(name, layout.Pattern($"01 {u} 11111", Bits(opcode, 4)), Reg("Rd", Fixed("bhsd"[layout.Size + 1].ToString())),
                    Reg("Rn", Fixed("bhsd"[layout.Size].ToString())), layout.Element);
            }
        }

        (string Name, int U, int Opcode)[] fp = [("fmla", 0, 0b0001), ("fmls", 0, 0b0101), ("fmul", 0, 0b1001), ("fmulx", 1, 0b1001)];
        foreach (var (name, u, opcode) in fp)
        {
            foreach (var layout in new[] { HalfFp, Single, Double })
            {
                var v = Vector(layout.Size);
                t.Add(name, layout.Pattern(VectorPrefix(u, layout.Size), Bits(opcode, 4)), Reg("Rd", v), Reg("Rn", v), layout.Element);
                var s = Fixed("bhsd"[layout.Size].ToString());
                t.Add(name, layout.Pattern($"01 {u} 11111", Bits(opcode, 4)), Reg("Rd", s), Reg("Rn", s), layout.Element);
            }
        }

        DefineDotProducts(t);
        // A 64-bit vector holds two complex pairs of halves, so its index is L alone.
        t.Add("fcmla", "0 0 1 01111 01 L M Rm:4 0 rot:2 1 0 0 Rn:5 Rd:5", Reg("Rd", Fixed("v.4h")), Reg("Rn", Fixed("v.4h")),
            Reg("M Rm", Element(".h", "L")), SimdVector.Rotation("rot", 90));
        t.Add("fcmla", "0 1 1 01111 01 L M Rm:4 0 rot:2 1 H 0 Rn:5 Rd:5", Reg("Rd", Fixed("v.8h")), Reg("Rn", Fixed("v.8h")),
            Reg("M Rm", Element(".h", "H L")), SimdVector.Rotation("rot", 90));
        t.Add("fcmla", "0 1 1 01111 10 0 M Rm:4 0 rot:2 1 H 0 Rn:5 Rd:5", Reg("Rd", Fixed("v.4s")), Reg("Rn", Fixed("v.4s")),
            Reg("M Rm", Element(".s", "H")), SimdVector.Rotation("rot", 90));
    }

    private static void DefineDotProducts(EncodingTableBuilder t)
    {
        var words = Table("Q", "v.2s", "v.4s");
        var bytes = Table("Q", "v.8b", "v.16b");
        (string Name, int U, string Size, int Opcode)[] dots =
        [
            ("sdot", 0, "10", 0b1110), ("udot", 1, "10", 0b1110), ("usdot", 0, "10", 0b1111), ("sudot", 0, "00", 0b1111),
        ];
        foreach (var (name, u, size, opcode) in dots)
            t.Add(name, $"0 Q {u} 01111 {size} L M Rm:4 {Bits(opcode, 4)} H 0 Rn:5 Rd:5", Reg("Rd", words), Reg("Rn", bytes),
                Reg("M Rm", Element(".4b", "H L")));
        t.Add("bfdot", "0 Q 0 01111 01 L M Rm:4 1111 H 0 Rn:5 Rd:5", Reg("Rd", words), Reg("Rn", Table("Q", "v.4h", "v.8h")),
            Reg("M Rm", Element(".2h", "H L")));

        var halves = Table("Q", "v.2h", "v.4h");
        (string Name, int U, int Opcode)[] fmlal = [("fmlal", 0, 0b0000), ("fmlsl", 0, 0b0100), ("fmlal2", 1, 0b1000), ("fmlsl2", 1, 0b1100)];
        foreach (var (name, u, opcode) in fmlal)
            t.Add(name, $"0 Q {u} 01111 10 L M Rm:4 {Bits(opcode, 4)} H 0 Rn:5 Rd:5", Reg("Rd", words), Reg("Rn", halves),
                Reg("Rm", Element(".h", "H L M")));
        t.Add("bfmlalb", "0 0 0 01111 11 L M Rm:4 1111 H 0 Rn:5 Rd:5", Reg("Rd", Fixed("v.4s")), Reg("Rn", Fixed("v.8h")),
            Reg("Rm", Element(".h", "H L M")));
        t.Add("bfmlalt", "0 1 0 01111 11 L M Rm:4 1111 H 0 Rn:5 Rd:5", Reg("Rd", Fixed("v.4s")), Reg("Rn", Fixed("v.8h")),
            Reg("Rm", Element(".h", "H L M")));
    }
}
