using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.FpSimdRegisters;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// SVE bitwise logic on whole vectors (AND, ORR, EOR, BIC) and on predicates (AND … NANDS, SEL), with the aliases
/// objdump prefers: MOV/MOVS for ORR, AND and SEL with repeated registers, NOT/NOTS for EOR.
/// </summary>
internal static class SveLogical
{
    private static uint Field(uint word, int lsb) => (word >> lsb) & 15;

    public static void Define(EncodingTableBuilder t)
    {
        var d = Fixed("z.d");
        string[] vector = ["and", "orr", "eor", "bic"];
        for (var opc = 0; opc < 4; opc++)
        {
            var pattern = $"00000100 {SveText.Bits(opc, 2)} 1 Zm:5 001100 Zn:5 Zd:5";
            var row = t.Add(vector[opc], pattern, Reg("Zd", d), Reg("Zn", d), Reg("Zm", d));
            if (opc == 1)
                t.Alias(row, "mov", pattern, w => ((w >> 16) & 31) == ((w >> 5) & 31), Reg("Zd", d), Tied("Zn", "Zm", d));
        }

        // The predicate operations, by op:S:o2:o3; the flag-setting SEL does not exist.
        string[] predicate =
            ["and", "bic", "eor", "sel", "ands", "bics", "eors", null!, "orr", "orn", "nor", "nand", "orrs", "orns", "nors", "nands"];
        var b = Fixed("p.b");
        var (pd, pn, pm) = (Reg("Pd", b), Reg("Pn", b), Reg("Pm", b));
        for (var op = 0; op < 16; op++)
        {
            if (op == 7) continue;
            var pattern = $"00100101 {op >> 3}{(op >> 2) & 1} 00 Pm:4 01 Pg:4 {(op >> 1) & 1} Pn:4 {op & 1} Pd:4";
            var name = predicate[op];
            var governing = Reg("Pg", Fixed(name == "sel" ? "p" : "p/z"));
            var row = t.Add(name, pattern, pd, governing, pn, pm);
            switch (name)
            {
                case "orr" or "orrs":
                    t.Alias(row, name == "orr" ? "mov" : "movs", pattern, w => Field(w, 5) == Field(w, 16) && Field(w, 5) == Field(w, 10), pd,
                        Tied("Pn", "Pm", b), p => new ImpliedFieldOperand(p["Pg"], w => Field(w, 5)));
                    break;
                case "and" or "ands":
                    t.Alias(row, name == "and" ? "mov" : "movs", pattern, w => Field(w, 5) == Field(w, 16), pd, governing, Tied("Pn", "Pm", b));
                    break;
                case "eor" or "eors":
                    t.Alias(row, name == "eor" ? "not" : "nots", pattern, w => Field(w, 16) == Field(w, 10), pd,
                        Tied("Pg", "Pm", Fixed("p/z")), pn);
                    break;
                case "sel":
                    t.Alias(row, "mov", pattern, w => Field(w, 16) == Field(w, 0), Tied("Pd", "Pm", b),
                        Reg("Pg", Fixed("p/m")), pn);
                    break;
            }
        }
    }
}
