namespace PatchLab.Machine;

/// <summary>
/// The cache properties CTR_EL0 advertises that matter to code patching: IDC (no D-cache clean needed for the
/// instruction side to see data) and DIC (no I-cache invalidation needed). DIC implies IDC, as in herd's model.
/// Lines are 64 bytes, CTR_EL0.IminLine = DminLine = 4 (16 words).
/// </summary>
public readonly record struct CacheType(bool Idc, bool Dic)
{
    public const int LineSize = 64;
    public const ulong LineMask = LineSize - 1;
    public const int WordsPerLine = LineSize / 4;

    public static CacheType Default => new(false, false);

    /// <summary>Data writes reach the instruction side without DC CVAU.</summary>
    public bool DataCoherentToPoU => Idc || Dic;

    /// <summary>CTR_EL0: RES1 bit 31, DIC 29, IDC 28, CWG 27:24 = 4, ERG 23:20 = 4, DminLine 19:16 = 4, L1Ip PIPT, IminLine 3:0 = 4.</summary>
    public ulong CtrEl0 => 0x8000_0000UL | (Dic ? 1UL << 29 : 0) | (DataCoherentToPoU ? 1UL << 28 : 0)
        | 4UL << 24 | 4UL << 20 | 4UL << 16 | 3UL << 14 | 4UL;

    public static ulong LineOf(ulong address) => address & ~LineMask;
}
