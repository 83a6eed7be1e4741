using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Encodings.LoadsStores;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Loads and stores of one register: unsigned offset, unscaled, pre/post-index, unprivileged, register offset,
/// PC-relative literal, and the pointer-authenticated LDRAA/LDRAB.
/// </summary>
internal static class LoadsStoresRegister
{
    /// <summary>One size/V/opc combination: its mnemonic in the scaled forms, register kind and log2 of its size.</summary>
    private readonly record struct Access(uint Size, uint V, uint Opc, string Mnemonic, char Register, int Scale)
    {
        public bool IsPrefetch => Register == 'p';
        public bool IsSimd => V == 1;

        /// <summary>The unscaled spelling: ldr → ldur, strb → sturb, prfm → prfum.</summary>
        public string Unscaled => IsPrefetch ? "prfum" : Mnemonic[..2] + "u" + Mnemonic[2..];

        /// <summary>The unprivileged spelling: ldr → ldtr, strh → sttrh.</summary>
        public string Unprivileged => Mnemonic[..2] + "t" + Mnemonic[2..];

        /// <summary>The bits every form of the access shares: <c>size 111 V 0</c>.</summary>
        public string Head => $"{Bits(Size, 2)} 111 {V} 0";
    }

    private static readonly Access[] Accesses =
    [
        new(0, 0, 0, "strb", 'w', 0), new(0, 0, 1, "ldrb", 'w', 0),
        new(0, 0, 2, "ldrsb", 'x', 0), new(0, 0, 3, "ldrsb", 'w', 0),
        new(1, 0, 0, "strh", 'w', 1), new(1, 0, 1, "ldrh", 'w', 1),
        new(1, 0, 2, "ldrsh", 'x', 1), new(1, 0, 3, "ldrsh", 'w', 1),
        new(2, 0, 0, "str", 'w', 2), new(2, 0, 1, "ldr", 'w', 2), new(2, 0, 2, "ldrsw", 'x', 2),
        new(3, 0, 0, "str", 'x', 3), new(3, 0, 1, "ldr", 'x', 3), new(3, 0, 2, "prfm", 'p', 3),
        new(0, 1, 0, "str", 'b', 0), new(0, 1, 1, "ldr", 'b', 0),
        new(0, 1, 2, "str", 'q', 4), new(0, 1, 3, "ldr", 'q', 4),
        new(1, 1, 0, "str", 'h', 1), new(1, 1, 1, "ldr", 'h', 1),
        new(2, 1, 0, "str", 's', 2), new(2, 1, 1, "ldr", 's', 2),
        new(3, 1, 0, "str", 'd', 3), new(3, 1, 1, "ldr", 'd', 3),
    ];

    public static void Define(EncodingTableBuilder t)
    {
        var unscaledRows = new List<(Encoding Row, Access Access)>();
        foreach (var a in Accesses)
        {
            var rt = Register(a.Register);
            var opc = Bits(a.Opc, 2);
            t.Add(a.Mnemonic, $"{a.Head}1 {opc} imm12:12 Rn:5 Rt:5", rt, Mem.Unsigned("imm12", a.Scale, Lo12(a.Scale)));
            var unscaled = t.Add(a.Unscaled, $"{a.Head}0 {opc} 0 imm9:9 00 Rn:5 Rt:5", rt, Mem.Signed("imm9", 0));
            unscaledRows.Add((unscaled, a));
            t.Add(a.Mnemonic, $"{a.Head}0 {opc} 1 Rm:5 option:3 S 10 Rn:5 Rt:5", HasIndexExtend, rt,
                Mem.RegisterOffset(a.Scale));
            if (a.IsPrefetch) continue;
            t.Add(a.Mnemonic, $"{a.Head}0 {opc} 0 imm9:9 01 Rn:5 Rt:5", rt, Mem.Base(), Mem.PostIndex("imm9", 0));
            t.Add(a.Mnemonic, $"{a.Head}0 {opc} 0 imm9:9 11 Rn:5 Rt:5", rt, Mem.PreIndex("imm9", 0));
            if (!a.IsSimd)
                t.Add(a.Unprivileged, $"{a.Head}0 {opc} 0 imm9:9 10 Rn:5 Rt:5", rt, Mem.Signed("imm9", 0));
        }

        (uint Opc, uint V, string Mnemonic, char Register)[] literals =
        [
            (0, 0, "ldr", 'w'), (1, 0, "ldr", 'x'), (2, 0, "ldrsw", 'x'), (3, 0, "prfm", 'p'),
            (0, 1, "ldr", 's'), (1, 1, "ldr", 'd'), (2, 1, "ldr", 'q'),
        ];
        foreach (var (opc, v, mnemonic, register) in literals)
            t.Add(mnemonic, $"{Bits(opc, 2)} 011 {v} 00 imm19:19 Rt:5", Register(register),
                Target.Words("imm19", RelocationType.LdPrelLo19));

        // GNU as turns an offset the scaled form cannot hold (negative, unaligned) into the unscaled instruction.
        foreach (var (row, a) in unscaledRows)
            t.AssemblerAlias(row, a.Mnemonic, Register(a.Register), Mem.Signed("imm9", 0));

        t.Add("ldraa", "11 111 0 00 0 S 1 imm9:9 W 1 Rn:5 Rt:5", Gpr.X("Rt"), Mem.PointerAuthenticated());
        t.Add("ldrab", "11 111 0 00 1 S 1 imm9:9 W 1 Rn:5 Rt:5", Gpr.X("Rt"), Mem.PointerAuthenticated());
    }

    /// <summary>Register offsets extend by UXTW, LSL, SXTW or SXTX only (option&lt;1&gt; set).</summary>
    private static readonly BitCondition HasIndexExtend = new(1u << 14, word => (word & (1u << 14)) != 0);
}
