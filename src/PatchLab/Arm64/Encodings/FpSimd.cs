namespace PatchLab.Arm64.Encodings;

/// <summary>
/// Floating-point and Advanced SIMD data processing (top-level op0 = x111), one file per part of the region.
/// </summary>
internal static class FpSimd
{
    public static void Define(EncodingTableBuilder t)
    {
        FpScalar.Define(t);
        SimdVector.Define(t);
        SimdImmediate.Define(t);
        SimdScalar.Define(t);
        SimdIndexed.Define(t);
        Crypto.Define(t);
    }
}
