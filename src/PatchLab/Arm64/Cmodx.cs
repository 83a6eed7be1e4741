namespace PatchLab.Arm64;

/// <summary>
/// Which list of instructions the Arm ARM lets one CPU modify while another executes them, with the guarantee that
/// the executing CPU sees either the old or the new instruction (the CMODX rule, ARM ARM B2.2.5).
/// </summary>
public enum CmodxList
{
    /// <summary>DDI 0487D.a (2018), the list the ESOP 2020 model uses: B, BL, BRK, HVC, ISB, NOP, SMC, SVC. The default.</summary>
    Strict,

    /// <summary>Current Arm ARM text: the strict list plus B.cond, CBZ, CBNZ, TBZ, TBNZ.</summary>
    Current,
}

public static class Cmodx
{
    /// <summary>Is <paramref name="word"/> one of the instructions on <paramref name="list"/>?</summary>
    public static bool IsSafe(uint word, CmodxList list)
    {
        if ((word & 0x7c000000) == 0x14000000) return true;             // B, BL
        if (word == 0xd503201f) return true;                              // NOP
        if ((word & 0xfffff0ff) == 0xd50330df) return true;               // ISB (any option)
        if ((word & 0xffe0001f) is 0xd4200000 or 0xd4000001 or 0xd4000002 or 0xd4000003)
            return true;                                                   // BRK, SVC, HVC, SMC
        if (list == CmodxList.Strict) return false;
        return (word & 0xff000010) == 0x54000000                          // B.cond
            || (word & 0x7e000000) is 0x34000000 or 0x36000000;           // CBZ/CBNZ, TBZ/TBNZ
    }

    /// <summary>May one of these be replaced by the other while another CPU executes it?</summary>
    public static bool IsSafePair(uint oldWord, uint newWord, CmodxList list) =>
        IsSafe(oldWord, list) && IsSafe(newWord, list);
}
