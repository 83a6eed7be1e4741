using System.Globalization;

namespace PatchLab.Arm64.Operands;

/// <summary>
/// The prefetch operation of PRFM/PRFUM: <c>pldl1keep</c>…<c>pstl3strm</c> by type, cache level and policy, or
/// <c>#0x18</c> (two hex digits, as objdump prints it) for the values that have no name.
/// </summary>
public sealed class PrefetchOperand(BitField field) : Operand
{
    private static readonly string?[] Names = BuildNames();

    private static string?[] BuildNames()
    {
        var names = new string?[32];
        string[] types = ["pld", "pli", "pst"];
        for (var type = 0; type < types.Length; type++)
            for (var level = 0; level < 3; level++)
                for (var policy = 0; policy < 2; policy++)
                    names[(type << 3) | (level << 1) | policy] = $"{types[type]}l{level + 1}{(policy == 0 ? "keep" : "strm")}";
        return names;
    }

    public override void Print(uint word, InstructionWriter writer)
    {
        var value = field.Extract(word);
        if (Names[value] is { } name) writer.Append(name);
        else writer.Append("#0x").Append(value.ToString("x2", CultureInfo.InvariantCulture));
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        var named = Array.IndexOf(Names, text.Trim().ToLowerInvariant());
        if (named >= 0) return state.TrySet(field, (uint)named);
        return text.TrimStart().StartsWith('#') && context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var value)
            && value is >= 0 and < 32 && state.TrySet(field, (uint)value);
    }
}

public static class Prefetch
{
    public static OperandSpec Operation(string field = "Rt") => p => new PrefetchOperand(p[field]);
}
