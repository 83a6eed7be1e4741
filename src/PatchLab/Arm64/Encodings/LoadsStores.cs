using PatchLab.Arm64.Operands;

namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Loads and stores (top-level <c>op0 = x1x0</c>): single registers, pairs, literals, exclusives and ordered
/// accesses, atomics, SIMD&amp;FP structures, memory tags, memory copy and set.
/// </summary>
internal static class LoadsStores
{
    public static void Define(EncodingTableBuilder t)
    {
        LoadsStoresRegister.Define(t);
        LoadsStoresPair.Define(t);
        LoadsStoresOrdered.Define(t);
        LoadsStoresStructure.Define(t);
        LoadsStoresTagsAndCopies.Define(t);
    }

    /// <summary>
    /// The transfer register of an access, by a letter: <c>w</c>/<c>x</c> general-purpose, <c>b h s d q</c> SIMD&amp;FP,
    /// <c>p</c> a prefetch operation in its place.
    /// </summary>
    public static OperandSpec Register(char kind, string field = "Rt") => kind switch
    {
        'w' => Gpr.W(field),
        'x' => Gpr.X(field),
        'p' => Prefetch.Operation(field),
        _ => SimdFp.Scalar(field, kind),
    };

    /// <summary>A number as a run of fixed bits for a pattern.</summary>
    public static string Bits(uint value, int width) => Convert.ToString(value, 2).PadLeft(width, '0');

    /// <summary>The <c>:lo12:</c> relocation of an unsigned offset for an access of 1 &lt;&lt; scale bytes.</summary>
    public static RelocationType Lo12(int scale) => scale switch
    {
        0 => RelocationType.Ldst8AbsLo12Nc,
        1 => RelocationType.Ldst16AbsLo12Nc,
        2 => RelocationType.Ldst32AbsLo12Nc,
        3 => RelocationType.Ldst64AbsLo12Nc,
        _ => RelocationType.Ldst128AbsLo12Nc,
    };
}
