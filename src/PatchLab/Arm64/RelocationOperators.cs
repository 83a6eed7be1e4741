namespace PatchLab.Arm64;

/// <summary>A GNU as relocation operator written before an expression, as in <c>:lo12:sym</c>.</summary>
public enum RelocationOperator
{
    None,
    Lo12,
    PgHi21,
    PgHi21Nc,
    Got,
    GotLo12,
    AbsG0,
    AbsG0Nc,
    AbsG1,
    AbsG1Nc,
    AbsG2,
    AbsG2Nc,
    AbsG3,
    AbsG0S,
    AbsG1S,
    AbsG2S,
}

/// <summary>
/// Reading relocation operators and choosing the relocation they stand for. The operator alone does not decide it:
/// <c>:lo12:</c> is ADD_ABS_LO12_NC in an ADD and LDST64_ABS_LO12_NC in a 64-bit load, so an operand passes the
/// relocation its field takes (for a lo12 field, the one for its access size; for a move-wide field, any
/// MOVW_UABS type) and <see cref="Resolve"/> maps operator and field to the relocation GNU as emits.
/// </summary>
public static class RelocationOperators
{
    private static readonly Dictionary<string, RelocationOperator> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lo12"] = RelocationOperator.Lo12,
        ["pg_hi21"] = RelocationOperator.PgHi21,
        ["pg_hi21_nc"] = RelocationOperator.PgHi21Nc,
        ["got"] = RelocationOperator.Got,
        ["got_lo12"] = RelocationOperator.GotLo12,
        ["abs_g0"] = RelocationOperator.AbsG0,
        ["abs_g0_nc"] = RelocationOperator.AbsG0Nc,
        ["abs_g1"] = RelocationOperator.AbsG1,
        ["abs_g1_nc"] = RelocationOperator.AbsG1Nc,
        ["abs_g2"] = RelocationOperator.AbsG2,
        ["abs_g2_nc"] = RelocationOperator.AbsG2Nc,
        ["abs_g3"] = RelocationOperator.AbsG3,
        ["abs_g0_s"] = RelocationOperator.AbsG0S,
        ["abs_g1_s"] = RelocationOperator.AbsG1S,
        ["abs_g2_s"] = RelocationOperator.AbsG2S,
    };

    /// <summary>Splits <c>:op:expr</c> into the operator and the expression; text without one gives None.</summary>
    public static bool TrySplit(string text, out RelocationOperator op, out string expression)
    {
        text = text.Trim();
        op = RelocationOperator.None;
        expression = text;
        if (!text.StartsWith(':')) return true;
        var end = text.IndexOf(':', 1);
        if (end < 0 || !Names.TryGetValue(text[1..end], out op)) return false;
        expression = text[(end + 1)..].Trim();
        return true;
    }

    /// <summary>The 16-bit group a move-wide operator selects (its <c>hw</c> field), or -1 for other operators.</summary>
    public static int MoveWideGroup(RelocationOperator op) => op switch
    {
        RelocationOperator.AbsG0 or RelocationOperator.AbsG0Nc or RelocationOperator.AbsG0S => 0,
        RelocationOperator.AbsG1 or RelocationOperator.AbsG1Nc or RelocationOperator.AbsG1S => 1,
        RelocationOperator.AbsG2 or RelocationOperator.AbsG2Nc or RelocationOperator.AbsG2S => 2,
        RelocationOperator.AbsG3 => 3,
        _ => -1,
    };

    /// <summary>The relocation for <paramref name="op"/> in a field that takes <paramref name="field"/>; null if it does not fit.</summary>
    public static RelocationType? Resolve(RelocationOperator op, RelocationType field)
    {
        var lo12Field = field is RelocationType.AddAbsLo12Nc or RelocationType.Ldst8AbsLo12Nc
            or RelocationType.Ldst16AbsLo12Nc or RelocationType.Ldst32AbsLo12Nc or RelocationType.Ldst64AbsLo12Nc
            or RelocationType.Ldst128AbsLo12Nc;
        var pageField = field is RelocationType.AdrPrelPgHi21 or RelocationType.AdrPrelPgHi21Nc;
        var moveWideField = field is >= RelocationType.MovwUabsG0 and <= RelocationType.MovwSabsG2;
        return op switch
        {
            RelocationOperator.None => field,
            RelocationOperator.Lo12 when lo12Field => field,
            RelocationOperator.GotLo12 when field == RelocationType.Ldst64AbsLo12Nc => RelocationType.Ld64GotLo12Nc,
            RelocationOperator.PgHi21 when pageField => RelocationType.AdrPrelPgHi21,
            RelocationOperator.PgHi21Nc when pageField => RelocationType.AdrPrelPgHi21Nc,
            RelocationOperator.Got when pageField => RelocationType.AdrGotPage,
            RelocationOperator.AbsG0 when moveWideField => RelocationType.MovwUabsG0,
            RelocationOperator.AbsG0Nc when moveWideField => RelocationType.MovwUabsG0Nc,
            RelocationOperator.AbsG1 when moveWideField => RelocationType.MovwUabsG1,
            RelocationOperator.AbsG1Nc when moveWideField => RelocationType.MovwUabsG1Nc,
            RelocationOperator.AbsG2 when moveWideField => RelocationType.MovwUabsG2,
            RelocationOperator.AbsG2Nc when moveWideField => RelocationType.MovwUabsG2Nc,
            RelocationOperator.AbsG3 when moveWideField => RelocationType.MovwUabsG3,
            RelocationOperator.AbsG0S when moveWideField => RelocationType.MovwSabsG0,
            RelocationOperator.AbsG1S when moveWideField => RelocationType.MovwSabsG1,
            RelocationOperator.AbsG2S when moveWideField => RelocationType.MovwSabsG2,
            _ => null,
        };
    }

    /// <summary>What a move-wide operator makes of a constant (GNU as applies the fixup at once): the bits it selects.</summary>
    public static long ApplyToConstant(RelocationOperator op, long value) => op switch
    {
        RelocationOperator.Lo12 or RelocationOperator.GotLo12 => value & 0xfff,
        _ when MoveWideGroup(op) is var g and >= 0 => (value >> (16 * g)) & 0xffff,
        _ => value,
    };

    /// <summary>
    /// PC-relative fields GNU as fills in itself when the target is a label in the same section; a constant there is
    /// the displacement itself.
    /// </summary>
    public static bool IsPcRelativeFoldable(RelocationType type) =>
        type is RelocationType.Jump26 or RelocationType.Call26 or RelocationType.CondBr19
            or RelocationType.TstBr14 or RelocationType.AdrPrelLo21 or RelocationType.LdPrelLo19;

    /// <summary>
    /// Relocations GNU as always leaves to the linker, even for a constant (then with no symbol, the constant as
    /// addend): page and low-12-bit parts depend on where the code lands.
    /// </summary>
    public static bool IsLinkerOnly(RelocationType type) =>
        type is RelocationType.AdrPrelPgHi21 or RelocationType.AdrPrelPgHi21Nc or RelocationType.AddAbsLo12Nc
            or RelocationType.Ldst8AbsLo12Nc or RelocationType.Ldst16AbsLo12Nc or RelocationType.Ldst32AbsLo12Nc
            or RelocationType.Ldst64AbsLo12Nc or RelocationType.Ldst128AbsLo12Nc or RelocationType.AdrGotPage
            or RelocationType.Ld64GotLo12Nc;
}
