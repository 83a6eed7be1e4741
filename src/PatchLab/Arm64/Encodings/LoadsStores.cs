namespace PatchLab.Arm64.Encodings;

/// <summary>Loads and stores of general-purpose and SIMD&amp;FP registers, exclusives, atomics.</summary>
internal static class LoadsStores
{
    public static void Define(EncodingTableBuilder t)
    {
        _ = t;
    }
}
