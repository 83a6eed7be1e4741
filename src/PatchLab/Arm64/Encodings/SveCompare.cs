using static PatchLab.Arm64.Operands.FpSimdImmediates;
using static PatchLab.Arm64.Operands.FpSimdRegisters;
using static PatchLab.Arm64.Operands.SveSmeOperands;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// SVE integer compares into a predicate: vectors with vectors, with the 64-bit elements of a second vector (wide),
/// and with signed or unsigned immediates. objdump prints the condition each encoding names; the reversed forms
/// (<c>cmplt</c> of two vectors) are only assembler spellings and are not in the table.
/// </summary>
internal static class SveCompare
{
    private static bool Narrow(uint word) => (word & 0x00c00000) != 0x00c00000;

    public static void Define(EncodingTableBuilder t)
    {
        var pd = Reg("Pd", Table("size", "p.b", "p.h", "p.s", "p.d"));
        var pg = Reg("Pg", Fixed("p/z"));
        var zn = Reg("Zn", Table("size", "z.b", "z.h", "z.s", "z.d"));
        var zm = Reg("Zm", Table("size", "z.b", "z.h", "z.s", "z.d"));
        var wideZm = Reg("Zm", Fixed("z.d"));
        var narrowZn = Reg("Zn", Table("size", "z.b", "z.h", "z.s"));

        // Each pair differs in the ne bit (bit 4): the first name with it clear.
        (string Bits, string Clear, string Set)[] vectors =
            [("0 0 0", "cmphs", "cmphi"), ("1 0 0", "cmpge", "cmpgt"), ("1 0 1", "cmpeq", "cmpne")];
        (string Bits, string Clear, string Set)[] wide =
        [
            ("0 0 1", "cmpeq", "cmpne"), ("0 1 0", "cmpge", "cmpgt"), ("0 1 1", "cmplt", "cmple"),
            ("1 1 0", "cmphs", "cmphi"), ("1 1 1", "cmplo", "cmpls"),
        ];
        (string Bits, string Clear, string Set)[] signedImmediate =
            [("0 0 0", "cmpge", "cmpgt"), ("0 0 1", "cmplt", "cmple"), ("1 0 0", "cmpeq", "cmpne")];
        (string Bits, string Clear, string Set)[] unsignedImmediate = [("0", "cmphs", "cmphi"), ("1", "cmplo", "cmpls")];

        foreach (var ne in (int[])[0, 1])
        {
            foreach (var (bits, clear, set) in vectors)
                t.Add(ne == 0 ? clear : set, $"00100100 size:2 0 Zm:5 {bits} Pg:3 Zn:5 {ne} Pd:4", pd, pg, zn, zm);
            foreach (var (bits, clear, set) in wide)
                t.Add(ne == 0 ? clear : set, $"00100100 size:2 0 Zm:5 {bits} Pg:3 Zn:5 {ne} Pd:4", Narrow, pd, pg, narrowZn, wideZm);
            foreach (var (bits, clear, set) in signedImmediate)
                t.Add(ne == 0 ? clear : set, $"00100101 size:2 0 imm5:5 {bits} Pg:3 Zn:5 {ne} Pd:4", pd, pg, zn, Signed("imm5"));
            foreach (var (bits, clear, set) in unsignedImmediate)
                t.Add(ne == 0 ? clear : set, $"00100100 size:2 1 imm7:7 {bits} Pg:3 Zn:5 {ne} Pd:4", pd, pg, zn, Computed("imm7", v => v));
        }
    }
}
