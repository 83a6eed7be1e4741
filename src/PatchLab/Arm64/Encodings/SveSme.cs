namespace PatchLab.Arm64.Encodings;

/// <summary>The SVE and SME instructions kernel code uses to save and restore register state.</summary>
internal static class SveSme
{
    public static void Define(EncodingTableBuilder t)
    {
        _ = t;
    }
}
