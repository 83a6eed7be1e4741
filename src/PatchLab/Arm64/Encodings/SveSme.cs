using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.FpSimdRegisters;
using static PatchLab.Arm64.Operands.SveSmeOperands;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// The SVE and SME instructions kernel code uses to save and restore register state (arch/arm64 sve_save,
/// sve_load, sme_save_za): vector and predicate loads and stores, vector-length arithmetic, the first-fault
/// register, PTRUE and PFALSE, and ZA array loads, stores and ZERO. SMSTART/SMSTOP are MSR aliases and live with the system
/// instructions. The rest of SVE that compiled code (glibc's string routines among it) uses is in the Sve*.cs files
/// whose Define this calls.
/// </summary>
internal static class SveSme
{
    public static void Define(EncodingTableBuilder t)
    {
        var z = Reg("Zt", Fixed("z"));
        var p = Reg("Pt", Fixed("p"));
        var offset = VectorLengthOffset("Rn", "imm9h imm9l");
        t.Add("ldr", "1000010110 imm9h:6 010 imm9l:3 Rn:5 Zt:5", z, offset);
        t.Add("str", "1110010110 imm9h:6 010 imm9l:3 Rn:5 Zt:5", z, offset);
        t.Add("ldr", "1000010110 imm9h:6 000 imm9l:3 Rn:5 0 Pt:4", p, offset);
        t.Add("str", "1110010110 imm9h:6 000 imm9l:3 Rn:5 0 Pt:4", p, offset);

        t.Add("rdvl", "00000100 1 01 11111 01010 imm6:6 Rd:5", Gpr.X("Rd"), Signed("imm6"));
        t.Add("addvl", "00000100 0 01 Rn:5 01010 imm6:6 Rd:5", Gpr.XSp("Rd"), Gpr.XSp("Rn"), Signed("imm6"));
        t.Add("addpl", "00000100 0 11 Rn:5 01010 imm6:6 Rd:5", Gpr.XSp("Rd"), Gpr.XSp("Rn"), Signed("imm6"));
        t.Add("rdsvl", "00000100 1 01 11111 01011 imm6:6 Rd:5", Gpr.X("Rd"), Signed("imm6"));
        t.Add("addsvl", "00000100 0 01 Rn:5 01011 imm6:6 Rd:5", Gpr.XSp("Rd"), Gpr.XSp("Rn"), Signed("imm6"));
        t.Add("addspl", "00000100 0 11 Rn:5 01011 imm6:6 Rd:5", Gpr.XSp("Rd"), Gpr.XSp("Rn"), Signed("imm6"));

        var bytes = Fixed("p.b");
        t.Add("rdffr", "00100101 0 0 011001 11110000000 0 Pd:4", Reg("Pd", bytes));
        t.Add("rdffr", "00100101 0 0 011000 1111000 Pg:4 0 Pd:4", Reg("Pd", bytes), Reg("Pg", Fixed("p/z")));
        t.Add("rdffrs", "00100101 0 1 011000 1111000 Pg:4 0 Pd:4", Reg("Pd", bytes), Reg("Pg", Fixed("p/z")));
        t.Add("wrffr", "00100101 0 0 101000 1001000 Pn:4 00000", Reg("Pn", bytes));
        t.Add("setffr", "00100101 0 0 101100 1001000000000000");
        var predicate = Table("size", "p.b", "p.h", "p.s", "p.d");
        t.Add("ptrue", "00100101 size:2 01100 0 111000 pattern:5 0 Pd:4", Reg("Pd", predicate), Pattern("pattern"));
        t.Add("pfalse", "00100101 00 01100 0 111001 00000 0 Pd:4", Reg("Pd", bytes));
        t.Add("ptrues", "00100101 size:2 01100 1 111000 pattern:5 0 Pd:4", Reg("Pd", predicate), Pattern("pattern"));

        var slice = ZaArrayVector("Rv", "off4");
        var sliceAddress = VectorLengthOffset("Rn", "off4", signed: false);
        t.Add("ldr", "1110000100000000 0 Rv:2 000 Rn:5 0 off4:4", slice, sliceAddress);
        t.Add("str", "1110000100100000 0 Rv:2 000 Rn:5 0 off4:4", slice, sliceAddress);
        t.Add("zero", "1100000000001000 00000000 mask:8", ZaTiles("mask"));

        SveMemory.Define(t);
        SveInteger.Define(t);
        SveLogical.Define(t);
        SveCompare.Define(t);
        SvePermute.Define(t);
    }
}
