namespace PatchLab.Arm64.Encodings;

/// <summary>Spellings the SVE encoding files share when they build rows in loops.</summary>
internal static class SveText
{
    /// <summary>Element suffixes by size: <c>z0.b</c> … <c>z0.d</c>.</summary>
    public const string Elements = "bhsd";

    /// <summary>The size letters of mnemonics, by size: <c>ld1w</c>, <c>cntw</c> (not <c>s</c>).</summary>
    public const string Accesses = "bhwd";

    /// <summary>A value as fixed pattern bits, most significant first: <c>Bits(2, 2)</c> is <c>"10"</c>.</summary>
    public static string Bits(int value, int width) => Convert.ToString(value, 2).PadLeft(width, '0');
}
