using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.FpSimdRegisters;
using static PatchLab.Arm64.Operands.SveSmeOperands;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// SVE INDEX (a series from a start and a step, each an immediate or a register) and the interleaving permutes
/// ZIP1/ZIP2, UZP1/UZP2, TRN1/TRN2 of elements and (F64MM) of quadwords.
/// </summary>
internal static class SvePermute
{
    public static void Define(EncodingTableBuilder t)
    {
        for (var size = 0; size < 4; size++)
        {
            var sz = SveText.Bits(size, 2);
            var z = Reg("Zd", Fixed($"z.{SveText.Elements[size]}"));
            var (start, step) = size == 3 ? (Gpr.X("Rn"), Gpr.X("Rm")) : (Gpr.W("Rn"), Gpr.W("Rm"));
            t.Add("index", $"00000100 {sz} 1 imm5b:5 0100 00 imm5:5 Zd:5", z, Signed("imm5"), Signed("imm5b"));
            t.Add("index", $"00000100 {sz} 1 imm5:5 0100 01 Rn:5 Zd:5", z, start, Signed("imm5"));
            t.Add("index", $"00000100 {sz} 1 Rm:5 0100 10 imm5:5 Zd:5", z, Signed("imm5"), step);
            t.Add("index", $"00000100 {sz} 1 Rm:5 0100 11 Rn:5 Zd:5", z, start, step);
        }

        var elements = Table("size", "z.b", "z.h", "z.s", "z.d");
        var quadwords = Fixed("z.q");
        (string Name, string Elements, string Quadwords)[] permutes =
        [
            ("zip1", "000", "000"), ("zip2", "001", "001"), ("uzp1", "010", "010"), ("uzp2", "011", "011"),
            ("trn1", "100", "110"), ("trn2", "101", "111"),
        ];
        foreach (var (name, e, q) in permutes)
        {
            t.Add(name, $"00000101 size:2 1 Zm:5 011 {e} Zn:5 Zd:5", Reg("Zd", elements), Reg("Zn", elements), Reg("Zm", elements));
            t.Add(name, $"00000101 10 1 Zm:5 000 {q} Zn:5 Zd:5", Reg("Zd", quadwords), Reg("Zn", quadwords), Reg("Zm", quadwords));
        }
    }
}
