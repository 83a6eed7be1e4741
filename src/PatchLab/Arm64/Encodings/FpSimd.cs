namespace PatchLab.Arm64.Encodings;

/// <summary>Floating-point and Advanced SIMD data processing.</summary>
internal static class FpSimd
{
    public static void Define(EncodingTableBuilder t)
    {
        _ = t;
    }
}
