using PatchLab.Arm64.Operands;
using static PatchLab.Arm64.Operands.FpSimdRegisters;
using static PatchLab.Arm64.Operands.SveOperands;
using static PatchLab.Arm64.Operands.SveSmeOperands;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// SVE contiguous loads and stores with scalar bases: LD1*/ST1* (scalar plus immediate and scalar plus scalar),
/// the non-fault, first-fault and non-temporal forms, LD2–LD4/ST2–ST4, and the broadcasting LD1R*, LD1RQ*, LD1RO*.
/// </summary>
internal static class SveMemory
{
    /// <summary>
    /// What the 4-bit <c>dtype</c> of a contiguous load selects: the mnemonic's suffix after <c>ld1</c>, the element
    /// size of the vector and the log2 of the bytes read per element.
    /// </summary>
    private static readonly (string Suffix, char Element, int MemorySize)[] LoadTypes =
    [
        ("b", 'b', 0), ("b", 'h', 0), ("b", 's', 0), ("b", 'd', 0), ("sw", 'd', 2), ("h", 'h', 1), ("h", 's', 1),
        ("h", 'd', 1), ("sh", 'd', 1), ("sh", 's', 1), ("w", 's', 2), ("w", 'd', 2), ("sb", 'd', 0), ("sb", 's', 0),
        ("sb", 'h', 0), ("d", 'd', 3),
    ];

    private static bool IndexIsNotZr(uint word) => ((word >> 16) & 31) != 31;

    public static void Define(EncodingTableBuilder t)
    {
        var zeroing = Reg("Pg", Fixed("p/z"));
        var merging = Reg("Pg", Fixed("p"));
        var immediate = VectorLengthOffset("Rn", "imm4");

        for (var dtype = 0; dtype < 16; dtype++)
        {
            var (suffix, element, msize) = LoadTypes[dtype];
            var bits = SveText.Bits(dtype, 4);
            var list = List("Zt", 1, Fixed($"z.{element}"));
            t.Add("ld1" + suffix, $"1010010 {bits} 0 imm4:4 101 Pg:3 Rn:5 Zt:5", list, zeroing, immediate);
            t.Add("ldnf1" + suffix, $"1010010 {bits} 1 imm4:4 101 Pg:3 Rn:5 Zt:5", list, zeroing, immediate);
            t.Add("ld1" + suffix, $"1010010 {bits} Rm:5 010 Pg:3 Rn:5 Zt:5", IndexIsNotZr, list, zeroing, ScalarIndex(msize));
            t.Add("ldff1" + suffix, $"1010010 {bits} Rm:5 011 Pg:3 Rn:5 Zt:5", list, zeroing, ScalarIndex(msize));
            t.Add("ld1r" + suffix, $"1000010 {bits[..2]} 1 imm6:6 1 {bits[2..]} Pg:3 Rn:5 Zt:5", list, zeroing,
                Mem.Unsigned("imm6", msize));
        }

        for (var msz = 0; msz < 4; msz++)
        {
            var (size, access) = (SveText.Elements[msz], SveText.Accesses[msz]);
            var m = SveText.Bits(msz, 2);
            var index = ScalarIndex(msz);
            for (var count = 1; count <= 4; count++)
            {
                var list = List("Zt", count, Fixed($"z.{size}"));
                var (load, store) = count == 1 ? ($"ldnt1{access}", $"stnt1{access}") : ($"ld{count}{access}", $"st{count}{access}");
                var num = SveText.Bits(count - 1, 2);
                var structures = VectorLengthOffset("Rn", "imm4", multiple: count);
                t.Add(load, $"1010010 {m} {num} 0 imm4:4 111 Pg:3 Rn:5 Zt:5", list, zeroing, structures);
                t.Add(load, $"1010010 {m} {num} Rm:5 110 Pg:3 Rn:5 Zt:5", IndexIsNotZr, list, zeroing, index);
                t.Add(store, $"1110010 {m} {num} 1 imm4:4 111 Pg:3 Rn:5 Zt:5", list, merging, structures);
                t.Add(store, $"1110010 {m} {num} Rm:5 011 Pg:3 Rn:5 Zt:5", IndexIsNotZr, list, merging, index);
            }

            // LD1RQ replicates 16 bytes, LD1RO 32; the immediate counts those blocks.
            var single = List("Zt", 1, Fixed($"z.{size}"));
            foreach (var (name, op, scale) in new[] { ("ld1rq", '0', 4), ("ld1ro", '1', 5) })
            {
                t.Add($"{name}{access}", $"1010010 {m} 0{op} 0 imm4:4 001 Pg:3 Rn:5 Zt:5", single, zeroing, Mem.Signed("imm4", scale));
                t.Add($"{name}{access}", $"1010010 {m} 0{op} Rm:5 000 Pg:3 Rn:5 Zt:5", IndexIsNotZr, single, zeroing, index);
            }

            // ST1 stores elements of msz bytes from vectors of elements at least that wide.
            for (var esize = msz; esize < 4; esize++)
            {
                var list = List("Zt", 1, Fixed($"z.{SveText.Elements[esize]}"));
                var e = SveText.Bits(esize, 2);
                t.Add($"st1{access}", $"1110010 {m} {e} 0 imm4:4 111 Pg:3 Rn:5 Zt:5", list, merging, immediate);
                t.Add($"st1{access}", $"1110010 {m} {e} Rm:5 010 Pg:3 Rn:5 Zt:5", IndexIsNotZr, list, merging, index);
            }
        }
    }
}
