namespace PatchLab.Arm64.Encodings;

/// <summary>Data processing with registers: add/subtract, logical, conditional, one/two/three sources.</summary>
internal static class DataProcessingRegister
{
    public static void Define(EncodingTableBuilder t)
    {
        _ = t;
    }
}
