using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.LoadsStores;

namespace PatchLab.Arm64.Encodings;

/// <summary>Load/store pair (no-allocate, offset, pre- and post-index), LDPSW, and STGP.</summary>
internal static class LoadsStoresPair
{
    public static void Define(EncodingTableBuilder t)
    {
        (uint Opc, uint V, char Register, int Scale)[] pairs =
            [(0, 0, 'w', 2), (2, 0, 'x', 3), (0, 1, 's', 2), (1, 1, 'd', 3), (2, 1, 'q', 4)];
        foreach (var (opc, v, register, scale) in pairs)
        {
            foreach (var load in new[] { false, true })
            {
                var l = load ? 1 : 0;
                var head = $"{Bits(opc, 2)} 101 {v} 0";
                var tail = $"{l} imm7:7 Rt2:5 Rn:5 Rt:5";
                var name = load ? "ldp" : "stp";
                t.Add(load ? "ldnp" : "stnp", $"{head} 00 {tail}", Register(register), Register(register, "Rt2"),
                    Mem.Signed("imm7", scale));
                AddIndexed(t, name, head, tail, Register(register), Register(register, "Rt2"), scale, null, null);
            }
        }
        // objdump rejects the LDPSW forms the Arm ARM calls CONSTRAINED UNPREDICTABLE (unlike LDP's).
        AddIndexed(t, "ldpsw", "01 101 0 0", "1 imm7:7 Rt2:5 Rn:5 Rt:5", Gpr.X("Rt"), Gpr.X("Rt2"), 2,
            DistinctTargets, DistinctTargetsAndBase);
        AddIndexed(t, "stgp", "01 101 0 0", "0 imm7:7 Rt2:5 Rn:5 Rt:5", Gpr.X("Rt"), Gpr.X("Rt2"), 4, null, null);
    }

    private static uint Rt(uint word) => word & 31;
    private static uint Rn(uint word) => (word >> 5) & 31;
    private static uint Rt2(uint word) => (word >> 10) & 31;

    private static bool DistinctTargets(uint word) => Rt(word) != Rt2(word);

    private static bool DistinctTargetsAndBase(uint word) =>
        DistinctTargets(word) && (Rn(word) == 31 || (Rt(word) != Rn(word) && Rt2(word) != Rn(word)));

    /// <summary>The post-index (01), signed offset (10) and pre-index (11) forms of one pair access.</summary>
    private static void AddIndexed(EncodingTableBuilder t, string mnemonic, string head, string tail,
        OperandSpec rt, OperandSpec rt2, int scale, Func<uint, bool>? offsetWhen, Func<uint, bool>? writebackWhen)
    {
        t.Add(mnemonic, $"{head} 01 {tail}", writebackWhen, rt, rt2, Mem.Base(), Mem.PostIndex("imm7", scale));
        t.Add(mnemonic, $"{head} 10 {tail}", offsetWhen, rt, rt2, Mem.Signed("imm7", scale));
        t.Add(mnemonic, $"{head} 11 {tail}", writebackWhen, rt, rt2, Mem.PreIndex("imm7", scale));
    }
}
