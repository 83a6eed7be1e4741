using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.LoadsStores;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Exclusives, load-acquire/store-release (LDAR, STLR, LDLAR, STLLR, LDAPR, LDAPUR, STLUR), compare-and-swap,
/// the LSE atomic memory operations with their ST&lt;op&gt; aliases, and the LS64 single-copy 64-byte accesses.
/// </summary>
internal static class LoadsStoresOrdered
{
    private static readonly string[] SizeSuffix = ["b", "h", "", ""];

    /// <summary>An ignored register field that assemblers fill with ones.</summary>
    private const string Ignored = "(1)(1)(1)(1)(1)";

    public static void Define(EncodingTableBuilder t)
    {
        for (var size = 0u; size < 4; size++)
        {
            var sz = Bits(size, 2);
            var suffix = SizeSuffix[size];
            var rt = Register(size == 3 ? 'x' : 'w');
            var rs = Register(size == 3 ? 'x' : 'w', "Rs");
            var head = $"{sz} 001000";
            t.Add("stxr" + suffix, $"{head} 0 0 0 Rs:5 0 {Ignored} Rn:5 Rt:5", Gpr.W("Rs"), rt, Mem.Simple());
            t.Add("stlxr" + suffix, $"{head} 0 0 0 Rs:5 1 {Ignored} Rn:5 Rt:5", Gpr.W("Rs"), rt, Mem.Simple());
            t.Add("ldxr" + suffix, $"{head} 0 1 0 {Ignored} 0 {Ignored} Rn:5 Rt:5", rt, Mem.Simple());
            t.Add("ldaxr" + suffix, $"{head} 0 1 0 {Ignored} 1 {Ignored} Rn:5 Rt:5", rt, Mem.Simple());
            t.Add("stllr" + suffix, $"{head} 1 0 0 {Ignored} 0 {Ignored} Rn:5 Rt:5", rt, Mem.Simple());
            t.Add("stlr" + suffix, $"{head} 1 0 0 {Ignored} 1 {Ignored} Rn:5 Rt:5", rt, Mem.Simple());
            t.Add("ldlar" + suffix, $"{head} 1 1 0 {Ignored} 0 {Ignored} Rn:5 Rt:5", rt, Mem.Simple());
            // objdump 2.40 wants LDAR's Rs and Rt2 all ones, except bit 20 of Rs for every size but halfwords.
            t.Add("ldar" + suffix, $"{head} 1 1 0 {(size == 1 ? "1" : "(1)")}1111 1 11111 Rn:5 Rt:5", rt, Mem.Simple());
            for (var order = 0u; order < 4; order++)
            {
                var (acquire, release) = (order >> 1, order & 1);
                t.Add("cas" + Ordering(acquire, release) + suffix, $"{head} 1 {acquire} 1 Rs:5 {release} 11111 Rn:5 Rt:5",
                    rs, rt, Mem.Simple());
            }
            DefineAtomics(t, size, sz, suffix, rs, rt);
            DefineRcpcUnscaled(t, size, sz, suffix);
        }

        for (var order = 0u; order < 4; order++)
        {
            var (acquire, release) = (order >> 1, order & 1);
            var o = Ordering(acquire, release);
            t.Add("casp" + o, $"0 sz 001000 0 {acquire} 1 Rs:5 {release} 11111 Rn:5 Rt:5", EvenPairs,
                Gpr.SizedBy("Rs", "sz"), GprPair.Second("Rs", "sz"), Gpr.SizedBy("Rt", "sz"), GprPair.Second("Rt", "sz"),
                Mem.Simple());
            var (store, load) = order switch
            {
                0 => ("stxp", "ldxp"),
                1 => ("stlxp", "ldaxp"),
                _ => (null, null),
            };
            if (store is null || load is null) continue;
            t.Add(store, $"1 sz 001000 0 0 1 Rs:5 {release} Rt2:5 Rn:5 Rt:5", Gpr.W("Rs"), Gpr.SizedBy("Rt", "sz"),
                Gpr.SizedBy("Rt2", "sz"), Mem.Simple());
            t.Add(load, $"1 sz 001000 0 1 1 {Ignored} {release} Rt2:5 Rn:5 Rt:5", Gpr.SizedBy("Rt", "sz"),
                Gpr.SizedBy("Rt2", "sz"), Mem.Simple());
        }

        t.Add("st64b", "11 111 0 00 0 0 1 11111 1 001 00 Rn:5 Rt:5", Gpr.X("Rt"), Mem.Simple());
        t.Add("ld64b", "11 111 0 00 0 0 1 11111 1 101 00 Rn:5 Rt:5", Gpr.X("Rt"), Mem.Simple());
        t.Add("st64bv", "11 111 0 00 0 0 1 Rs:5 1 011 00 Rn:5 Rt:5", Gpr.X("Rs"), Gpr.X("Rt"), Mem.Simple());
        t.Add("st64bv0", "11 111 0 00 0 0 1 Rs:5 1 010 00 Rn:5 Rt:5", Gpr.X("Rs"), Gpr.X("Rt"), Mem.Simple());
    }

    private static string Ordering(uint acquire, uint release) => (acquire == 1 ? "a" : "") + (release == 1 ? "l" : "");

    /// <summary>LDADD … SWP and LDAPR: <c>size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt</c>.</summary>
    private static void DefineAtomics(EncodingTableBuilder t, uint size, string sz, string suffix, OperandSpec rs,
        OperandSpec rt)
    {
        string[] operations = ["add", "clr", "eor", "set", "smax", "smin", "umax", "umin"];
        for (var order = 0u; order < 4; order++)
        {
            var (acquire, release) = (order >> 1, order & 1);
            var o = Ordering(acquire, release);
            var head = $"{sz} 111 0 00 {acquire} {release} 1 Rs:5";
            for (var op = 0u; op < operations.Length; op++)
            {
                var row = t.Add("ld" + operations[op] + o + suffix, $"{head} 0 {Bits(op, 3)} 00 Rn:5 Rt:5", rs, rt, Mem.Simple());
                // Without acquire semantics and with the result discarded, objdump shows ST<op>.
                if (acquire == 0)
                    t.Alias(row, "st" + operations[op] + o + suffix, $"{head} 0 {Bits(op, 3)} 00 Rn:5 11111", null,
                        rs, Mem.Simple());
            }
            t.Add("swp" + o + suffix, $"{head} 1 000 00 Rn:5 Rt:5", rs, rt, Mem.Simple());
        }
        t.Add("ldapr" + suffix, $"{sz} 111 0 00 1 0 1 11111 1 100 00 Rn:5 Rt:5", rt, Mem.Simple());
    }

    /// <summary>LDAPUR/STLUR (RCpc, unscaled signed offset): <c>size 011001 opc 0 imm9 00 Rn Rt</c>.</summary>
    private static void DefineRcpcUnscaled(EncodingTableBuilder t, uint size, string sz, string suffix)
    {
        var wide = size == 3 ? 'x' : 'w';
        var head = $"{sz} 011001";
        const string tail = "0 imm9:9 00 Rn:5 Rt:5";
        t.Add("stlur" + suffix, $"{head} 00 {tail}", Register(wide), Mem.Signed("imm9", 0));
        t.Add("ldapur" + suffix, $"{head} 01 {tail}", Register(wide), Mem.Signed("imm9", 0));
        if (size == 3) return;
        t.Add("ldapurs" + (size == 2 ? "w" : suffix), $"{head} 10 {tail}", Gpr.X("Rt"), Mem.Signed("imm9", 0));
        if (size < 2)
            t.Add("ldapurs" + suffix, $"{head} 11 {tail}", Gpr.W("Rt"), Mem.Signed("imm9", 0));
    }

    /// <summary>CASP needs even first registers of both pairs.</summary>
    private static bool EvenPairs(uint word) => (word & (1u << 16 | 1u)) == 0;
}
