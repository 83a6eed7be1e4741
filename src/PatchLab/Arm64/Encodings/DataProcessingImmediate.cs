using PatchLab.Arm64.Operands;

namespace PatchLab.Arm64.Encodings;

/// <summary>Data processing with an immediate: PC-relative addressing, add/subtract, move wide.</summary>
internal static class DataProcessingImmediate
{
    public static void Define(EncodingTableBuilder t)
    {
        t.Add("adr", "0 immlo:2 10000 immhi:19 Rd:5", Gpr.X("Rd"), Target.Bytes(RelocationType.AdrPrelLo21));
        t.Add("adrp", "1 immlo:2 10000 immhi:19 Rd:5", Gpr.X("Rd"), Target.Pages(RelocationType.AdrPrelPgHi21));
    }
}
