namespace PatchLab.Arm64.Encodings;

/// <summary>Hints, barriers, PSTATE, system registers, SYS aliases, exception generation.</summary>
internal static class SystemInstructions
{
    public static void Define(EncodingTableBuilder t)
    {
        _ = t;
    }
}
