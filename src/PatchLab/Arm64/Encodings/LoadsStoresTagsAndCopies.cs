using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.LoadsStores;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Memory tagging loads and stores (LDG, STG, ST2G, STZG, STZ2G, LDGM, STGM, STZGM) and memory copy and set
/// (FEAT_MOPS: CPY*, CPYF*, SET*, SETG*).
/// </summary>
internal static class LoadsStoresTagsAndCopies
{
    public static void Define(EncodingTableBuilder t)
    {
        DefineTags(t);
        DefineCopies(t);
        DefineSets(t);
    }

    /// <summary><c>11011001 opc 1 imm9 op2 Rn Rt</c>: op2 = 00 is the load or bulk form, 01/10/11 a tag store by indexing.</summary>
    private static void DefineTags(EncodingTableBuilder t)
    {
        (string Opc, string Bulk, string Store)[] tags =
            [("00", "stzgm", "stg"), ("01", "ldg", "stzg"), ("10", "stgm", "st2g"), ("11", "ldgm", "stz2g")];
        foreach (var (opc, bulk, store) in tags)
        {
            var head = $"11011001 {opc} 1";
            if (bulk == "ldg")
                t.Add(bulk, $"{head} imm9:9 00 Rn:5 Rt:5", Gpr.X("Rt"), Mem.Signed("imm9", 4));
            else
                t.Add(bulk, $"{head} 000000000 00 Rn:5 Rt:5", Gpr.X("Rt"), Mem.Simple());
            t.Add(store, $"{head} imm9:9 01 Rn:5 Rt:5", Gpr.XSp("Rt"), Mem.Base(), Mem.PostIndex("imm9", 4));
            t.Add(store, $"{head} imm9:9 10 Rn:5 Rt:5", Gpr.XSp("Rt"), Mem.Signed("imm9", 4));
            t.Add(store, $"{head} imm9:9 11 Rn:5 Rt:5", Gpr.XSp("Rt"), Mem.PreIndex("imm9", 4));
        }
    }

    private static readonly string[] Stages = ["p", "m", "e"];

    /// <summary>
    /// <c>00 011 o0 01 op1 0 Rs op2 01 Rn Rd</c> with op1 the stage (prologue, main, epilogue); op2 names the
    /// read (low two bits) and write (high two bits) options: <c>cpyfprtwn</c>.
    /// </summary>
    private static void DefineCopies(EncodingTableBuilder t)
    {
        string[] reads = ["", "wt", "rt", "t"];
        string[] writes = ["", "wn", "rn", "n"];
        for (var stage = 0u; stage < 3; stage++)
        {
            for (var options = 0u; options < 16; options++)
            {
                var suffix = Stages[stage] + reads[options & 3] + writes[options >> 2];
                foreach (var (o0, name) in new[] { ("0", "cpyf"), ("1", "cpy") })
                    t.Add(name + suffix, $"00 011 {o0} 01 {Bits(stage, 2)} 0 Rs:5 {Bits(options, 4)} 01 Rn:5 Rd:5",
                        CopyRegisters, Mem.BaseWriteback("Rd"), Mem.BaseWriteback("Rs"), Mem.Writeback("Rn"));
            }
        }
    }

    /// <summary><c>00 011 o0 01 11 0 Rs op2 01 Rn Rd</c>, op2 = stage:option: <c>setmtn</c>, <c>setgp</c>.</summary>
    private static void DefineSets(EncodingTableBuilder t)
    {
        string[] options = ["", "t", "n", "tn"];
        for (var stage = 0u; stage < 3; stage++)
        {
            for (var option = 0u; option < 4; option++)
            {
                var suffix = Stages[stage] + options[option];
                foreach (var (o0, name) in new[] { ("0", "set"), ("1", "setg") })
                    t.Add(name + suffix, $"00 011 {o0} 01 11 0 Rs:5 {Bits(stage << 2 | option, 4)} 01 Rn:5 Rd:5",
                        SetRegisters, Mem.BaseWriteback("Rd"), Mem.Writeback("Rn"), Gpr.X("Rs"));
            }
        }
    }

    private static uint Rd(uint word) => word & 31;
    private static uint Rn(uint word) => (word >> 5) & 31;
    private static uint Rs(uint word) => (word >> 16) & 31;

    /// <summary>objdump wants three different registers for a copy, none of them 31.</summary>
    private static bool CopyRegisters(uint word) =>
        Rs(word) != 31 && SetRegisters(word) && Rn(word) != Rs(word);

    /// <summary>objdump wants different registers for a set; only the value (Rs) may be XZR.</summary>
    private static bool SetRegisters(uint word) =>
        Rd(word) != 31 && Rn(word) != 31 && Rd(word) != Rn(word) && Rd(word) != Rs(word) && Rn(word) != Rs(word);
}
