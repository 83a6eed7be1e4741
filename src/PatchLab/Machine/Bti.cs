namespace PatchLab.Machine;

/// <summary>Branch Target Identification: which instructions an indirect branch may land on in a guarded page.</summary>
public static class Bti
{
    /// <summary>
    /// Whether <paramref name="word"/> accepts a branch of PSTATE.BTYPE <paramref name="branchType"/>: BTI c takes
    /// BLR and BR x16/x17 (types 2 and 1), BTI j takes BR (1 and 3), BTI jc takes all; PACIASP/PACIBSP act as BTI c
    /// (SCTLR_EL1.BT1 = 0); BRK and HLT take their own exception instead; a bare BTI takes none.
    /// </summary>
    public static bool IsLandingPad(uint word, uint branchType) => word switch
    {
        0xd503245f => branchType is 1 or 2,                       // bti c
        0xd503249f => branchType is 1 or 3,                       // bti j
        0xd50324df => true,                                       // bti jc
        0xd503233f or 0xd503237f => branchType is 1 or 2,         // paciasp, pacibsp
        _ => (word & 0xffe0001f) is 0xd4200000 or 0xd4400000,     // brk, hlt
    };

    /// <summary>The BTYPE a BR to <paramref name="register"/> sets: X16/X17 (the veneer registers) or an unguarded BR count as 1.</summary>
    public static uint ForBranchRegister(int register, bool fromGuardedPage) =>
        fromGuardedPage && register is not (16 or 17) ? 3u : 1u;
}
