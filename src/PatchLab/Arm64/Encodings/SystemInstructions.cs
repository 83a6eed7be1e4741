using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.SystemOperand;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Exception generation, hints, barriers, PSTATE, SYS/SYSL and their aliases, MRS/MSR, and UDF. Everything in
/// 1101010100 xx… is some instruction to objdump: words that are nothing more specific print as MSR/MRS of a
/// generic register or as SYS/SYSL.
/// </summary>
internal static class SystemInstructions
{
    public static void Define(EncodingTableBuilder t)
    {
        ExceptionGeneration(t);
        Hints(t);
        Barriers(t);
        PstateInstructions(t);
        SysAndAliases(t);

        t.Add("msr", "1101010100 0 sysreg:16 Rt:5", Register("sysreg", read: false), Gpr.X("Rt"));
        t.Add("mrs", "1101010100 1 sysreg:16 Rt:5", Gpr.X("Rt"), Register("sysreg", read: true));
        t.Add("wfet", "1101010100 0 00 011 0001 0000 000 Rt:5", Gpr.X("Rt"));
        t.Add("wfit", "1101010100 0 00 011 0001 0000 001 Rt:5", Gpr.X("Rt"));
        t.Add("tstart", "1101010100 1 00 011 0011 0000 011 Rt:5", Gpr.X("Rt"));
        t.Add("ttest", "1101010100 1 00 011 0011 0001 011 Rt:5", Gpr.X("Rt"));

        t.Add("udf", "0000000000000000 imm16:16", Imm.Dec("imm16"));
    }

    private static void ExceptionGeneration(EncodingTableBuilder t)
    {
        t.Add("svc", "11010100 000 imm16:16 000 01", Imm.Hex("imm16"));
        t.Add("hvc", "11010100 000 imm16:16 000 10", Imm.Hex("imm16"));
        t.Add("smc", "11010100 000 imm16:16 000 11", Imm.Hex("imm16"));
        t.Add("brk", "11010100 001 imm16:16 000 00", Imm.Hex("imm16"));
        t.Add("hlt", "11010100 010 imm16:16 000 00", Imm.Hex("imm16"));
        t.Add("tcancel", "11010100 011 imm16:16 000 00", Imm.Dec("imm16"));
        t.Add("dcps1", "11010100 101 imm16:16 000 01", Defaulted("imm16", 0));
        t.Add("dcps2", "11010100 101 imm16:16 000 10", Defaulted("imm16", 0));
        t.Add("dcps3", "11010100 101 imm16:16 000 11", Defaulted("imm16", 0));
    }

    /// <summary>HINT #imm and the hints objdump names, as aliases so that <c>hint #n</c> still assembles.</summary>
    private static void Hints(EncodingTableBuilder t)
    {
        var hint = t.Add("hint", "1101010100 0 00 011 0010 imm:7 11111", Imm.Hex("imm"));
        string?[] plain =
        [
            "nop", "yield", "wfe", "wfi", "sev", "sevl", null, "xpaclri",
            "pacia1716", null, "pacib1716", null, "autia1716", null, "autib1716", null,
            "esb", null, null, null, "csdb", null, "clearbhb", null,
            "paciaz", "paciasp", "pacibz", "pacibsp", "autiaz", "autiasp", "autibz", "autibsp",
        ];
        for (var imm = 0; imm < plain.Length; imm++)
            if (plain[imm] is { } name)
                t.Alias(hint, name, HintPattern(imm), null);
        t.Alias(hint, "psb", HintPattern(17), null, Keyword("csync"));
        t.Alias(hint, "tsb", HintPattern(18), null, Keyword("csync"));
        t.Alias(hint, "bti", "1101010100 0 00 011 0010 0100 targets:2 0 11111", null,
            Named("targets", ["", "c", "j", "jc"], omitted: 0));
    }

    private static string HintPattern(int imm) =>
        "1101010100 0 00 011 0010 " + Convert.ToString(imm, 2).PadLeft(7, '0') + " 11111";

    private static readonly string?[] BarrierOptions =
    [
        null, "oshld", "oshst", "osh", null, "nshld", "nshst", "nsh",
        null, "ishld", "ishst", "ish", null, "ld", "st", "sy",
    ];

    private static void Barriers(EncodingTableBuilder t)
    {
        t.Add("clrex", "1101010100 0 00 011 0011 CRm:4 010 11111", Defaulted("CRm", 15));
        var dsb = t.Add("dsb", "1101010100 0 00 011 0011 CRm:4 100 11111", Named("CRm", BarrierOptions, true));
        t.Alias(dsb, "ssbb", "1101010100 0 00 011 0011 0000 100 11111", null);
        t.Alias(dsb, "pssbb", "1101010100 0 00 011 0011 0100 100 11111", null);
        t.Add("dsb", "1101010100 0 00 011 0011 imm2:2 10 001 11111", NxsBarrier("imm2"));
        t.Add("dmb", "1101010100 0 00 011 0011 CRm:4 101 11111", Named("CRm", BarrierOptions, true));
        t.Add("isb", "1101010100 0 00 011 0011 CRm:4 110 11111", Defaulted("CRm", 15, "sy"));
        t.Add("sb", "1101010100 0 00 011 0011 0000 111 11111");
        t.Add("tcommit", "1101010100 0 00 011 0011 0000 011 11111");
    }

    /// <summary>MSR (immediate) to PSTATE fields, the flag-format instructions, and SMSTART/SMSTOP.</summary>
    private static void PstateInstructions(EncodingTableBuilder t)
    {
        // Fields set from CRm<0>, by op1 and op2.
        foreach (var (field, op1, op2) in new[]
                 {
                     ("uao", "000", "011"), ("pan", "000", "100"), ("spsel", "000", "101"), ("allint", "001", "000"),
                     ("ssbs", "011", "001"), ("dit", "011", "010"), ("tco", "011", "100"),
                 })
        {
            t.Add("msr", $"1101010100 0 00 {op1} 0100 000 imm:1 {op2} 11111", Keyword(field), Imm.Hex("imm"));
        }
        t.Add("msr", "1101010100 0 00 011 0100 imm:4 110 11111", Keyword("daifset"), Imm.Hex("imm"));
        t.Add("msr", "1101010100 0 00 011 0100 imm:4 111 11111", Keyword("daifclr"), Imm.Hex("imm"));
        // SVCR: CRm<2:1> picks SM, ZA or both; objdump always prints the SMSTART/SMSTOP aliases.
        foreach (var (field, mode, operands) in new[]
                 {
                     ("svcrsm", "01", new[] { Keyword("sm") }), ("svcrza", "10", [Keyword("za")]), ("svcrsmza", "11", []),
                 })
        {
            var msr = t.Add("msr", $"1101010100 0 00 011 0100 0 {mode} imm:1 011 11111", Keyword(field), Imm.Hex("imm"));
            t.Alias(msr, "smstart", $"1101010100 0 00 011 0100 0 {mode} 1 011 11111", null, operands);
            t.Alias(msr, "smstop", $"1101010100 0 00 011 0100 0 {mode} 0 011 11111", null, operands);
        }

        t.Add("cfinv", "1101010100 0 00 000 0100 0000 000 11111");
        t.Add("xaflag", "1101010100 0 00 000 0100 0000 001 11111");
        t.Add("axflag", "1101010100 0 00 000 0100 0000 010 11111");
    }

    /// <summary>SYS/SYSL, with the named operations objdump prints instead of SYS.</summary>
    private static void SysAndAliases(EncodingTableBuilder t)
    {
        var sys = t.Add("sys", "1101010100 0 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5",
            Imm.Dec("op1"), C("CRn"), C("CRm"), Imm.Dec("op2"), OptionalXt("Rt"));
        foreach (var (mnemonic, kind) in new[]
                 {
                     ("at", SystemOperations.Kind.At), ("dc", SystemOperations.Kind.Dc),
                     ("ic", SystemOperations.Kind.Ic), ("tlbi", SystemOperations.Kind.Tlbi),
                 })
        {
            t.Alias(sys, mnemonic, "1101010100 0 01 op:14 Rt:5", w => SystemOperations.At(w >> 5)?.Kind == kind,
                Operation(kind, "op"), OperationXt("Rt", "op"));
        }
        t.Alias(sys, "cfp", "1101010100 0 01 011 0111 0011 100 Rt:5", null, Keyword("rctx"), Gpr.X("Rt"));
        t.Alias(sys, "dvp", "1101010100 0 01 011 0111 0011 101 Rt:5", null, Keyword("rctx"), Gpr.X("Rt"));
        t.Alias(sys, "cpp", "1101010100 0 01 011 0111 0011 111 Rt:5", null, Keyword("rctx"), Gpr.X("Rt"));
        t.Add("sysl", "1101010100 1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5",
            Gpr.X("Rt"), Imm.Dec("op1"), C("CRn"), C("CRm"), Imm.Dec("op2"));
    }
}
