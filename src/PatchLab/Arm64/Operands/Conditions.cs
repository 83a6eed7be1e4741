namespace PatchLab.Arm64.Operands;

/// <summary>The sixteen condition codes with the other names binutils knows them by (SVE names among them).</summary>
public static class ConditionCodes
{
    /// <summary>For each code: the name objdump prints first, then its other names.</summary>
    public static readonly string[][] Names =
    [
        ["eq", "none"], ["ne", "any"], ["cs", "hs", "nlast"], ["cc", "lo", "ul", "last"],
        ["mi", "first"], ["pl", "nfrst"], ["vs"], ["vc"],
        ["hi", "pmore"], ["ls", "plast"], ["ge", "tcont"], ["lt", "tstop"],
        ["gt"], ["le"], ["al"], ["nv"],
    ];

    public static string Name(uint code) => Names[code & 15][0];

    public static bool TryParse(string text, out uint code)
    {
        text = text.Trim().ToLowerInvariant();
        for (code = 0; code < 16; code++)
            if (Array.IndexOf(Names[code], text) >= 0)
                return true;
        return false;
    }

    /// <summary>The comment objdump adds after a conditional branch: <c>  // b.hs, b.nlast</c>.</summary>
    public static void AppendBranchComment(InstructionWriter writer, string prefix, uint code)
    {
        var names = Names[code & 15];
        if (names.Length == 1) return;
        writer.Comment.Append("  // ");
        for (var i = 1; i < names.Length; i++)
        {
            if (i > 1) writer.Comment.Append(", ");
            writer.Comment.Append(prefix).Append(names[i]);
        }
    }
}

/// <summary>A condition operand (<c>csel … , eq</c>); objdump adds <c>// cc = lo, ul, last</c>.</summary>
public sealed class ConditionOperand(BitField field, bool invert) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        var code = field.Extract(word) ^ (invert ? 1u : 0u);
        var names = ConditionCodes.Names[code];
        writer.Append(names[0]);
        if (names.Length == 1) return;
        writer.Comment.Append("\t// ").Append(names[0]).Append(" = ");
        for (var i = 1; i < names.Length; i++)
        {
            if (i > 1) writer.Comment.Append(", ");
            writer.Comment.Append(names[i]);
        }
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        ConditionCodes.TryParse(text, out var code) && state.TrySet(field, code ^ (invert ? 1u : 0u));
}

public static class Cond
{
    public static OperandSpec Of(string field) => p => new ConditionOperand(p[field], false);

    /// <summary>A condition printed inverted (the <c>cset</c>/<c>cinc</c> aliases show the opposite of the field).</summary>
    public static OperandSpec Inverted(string field) => p => new ConditionOperand(p[field], true);
}
