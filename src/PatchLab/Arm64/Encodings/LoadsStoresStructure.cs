using PatchLab.Arm64.Operands;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// SIMD&amp;FP structure loads and stores: LD1–LD4/ST1–ST4 of multiple structures and of single elements, the
/// replicating LD1R–LD4R, each with its post-index forms (by the bytes moved, or by a register).
/// </summary>
internal static class LoadsStoresStructure
{
    public static void Define(EncodingTableBuilder t)
    {
        // Multiple structures: opcode → (structure elements, registers).
        (string Opcode, int Elements, int Registers)[] multiple =
            [("0000", 4, 4), ("0010", 1, 4), ("0100", 3, 3), ("0110", 1, 3), ("0111", 1, 1), ("1000", 2, 2), ("1010", 1, 2)];
        foreach (var load in new[] { false, true })
        {
            var l = load ? "1" : "0";
            var prefix = load ? "ld" : "st";
            foreach (var (opcode, elements, registers) in multiple)
            {
                var name = prefix + elements;
                // LD2/LD3/LD4 have no .1d arrangement.
                Func<uint, bool>? when = elements == 1 ? null : NotOneD;
                var list = SimdFp.List("Rt", registers);
                t.Add(name, $"0 Q 0011000 {l} 000000 {opcode} size:2 Rn:5 Rt:5", when, list, Mem.Base());
                AddPostIndex(t, name, $"0 Q 0011001 {l} 0 Rm:5 {opcode} size:2 Rn:5 Rt:5", when, list,
                    p => WholeRegisters(p["Q"], registers));
            }
            foreach (var r in new[] { 0, 1 })
            {
                foreach (var odd in new[] { 0, 1 })
                {
                    var count = (odd << 1 | r) + 1;
                    var name = prefix + count;
                    var head = $"0 Q 0011010 {l} {r}";
                    var postHead = $"0 Q 0011011 {l} {r}";
                    AddSingle(t, name, head, postHead, $"00{odd} S size:2", 'b', count, 0, "Q", "S", "size");
                    AddSingle(t, name, head, postHead, $"01{odd} S hi 0", 'h', count, 1, "Q", "S", "hi");
                    AddSingle(t, name, head, postHead, $"10{odd} S 00", 's', count, 2, "Q", "S");
                    AddSingle(t, name, head, postHead, $"10{odd} 0 01", 'd', count, 3, "Q");
                    if (!load) continue;
                    var replicate = $"ld{count}r";
                    var list = SimdFp.List("Rt", count);
                    t.Add(replicate, $"{head} 00000 11{odd} 0 size:2 Rn:5 Rt:5", list, Mem.Base());
                    AddPostIndex(t, replicate, $"{postHead} Rm:5 11{odd} 0 size:2 Rn:5 Rt:5", null, list,
                        p => Elements(p["size"], count));
                }
            }
        }
    }

    /// <summary>One element size of a single-structure access: the offset form and its two post-index forms.</summary>
    private static void AddSingle(EncodingTableBuilder t, string name, string head, string postHead, string opcode,
        char element, int count, int scale, params string[] indexFields)
    {
        var list = SimdFp.Elements("Rt", count, element, indexFields);
        t.Add(name, $"{head} 00000 {opcode} Rn:5 Rt:5", list, Mem.Base());
        AddPostIndex(t, name, $"{postHead} Rm:5 {opcode} Rn:5 Rt:5", null, list, _ => _ => count << scale);
    }

    /// <summary>
    /// Post-index by a register, and (Rm = 31, the more specific row) by the number of bytes the access moves.
    /// </summary>
    private static void AddPostIndex(EncodingTableBuilder t, string name, string pattern, Func<uint, bool>? when,
        OperandSpec list, Func<BitPattern, Func<uint, int>> bytes)
    {
        t.Add(name, pattern, when, list, Mem.Base(), Gpr.X("Rm"));
        t.Add(name, pattern.Replace("Rm:5", "11111", StringComparison.Ordinal), when, list, Mem.Base(),
            Mem.ImpliedPostIndex(bytes));
    }

    private static Func<uint, int> WholeRegisters(BitField q, int registers) => w => registers * (q.Extract(w) == 1 ? 16 : 8);

    private static Func<uint, int> Elements(BitField size, int count) => w => count << (int)size.Extract(w);

    /// <summary>size = 11 with Q = 0 (.1d) is reserved for structures of more than one element.</summary>
    private static bool NotOneD(uint word) => (word & 0x40000c00) != 0x00000c00;
}
