
namespace PatchLab.Arm64.Operands;

/// <summary>How an immediate-offset address uses its offset.</summary>
public enum Indexing
{
    /// <summary><c>[xn, #imm]</c>, the offset left out when zero.</summary>
    Offset,

    /// <summary><c>[xn, #imm]!</c>, the base written back first; the offset is always shown.</summary>
    PreIndex,
}

/// <summary>Reading the bracketed address syntax of GNU as: <c>[xn]</c>, <c>[xn, #8]!</c>, <c>[xn, w2, sxtw #2]</c>.</summary>
public static class AddressSyntax
{
    /// <summary>
    /// Splits <c>[base, rest…]</c> (optionally followed by <c>!</c>) into its comma-separated parts; the base must be
    /// a 64-bit register or SP.
    /// </summary>
    public static bool TrySplit(string text, out uint baseRegister, out List<string> rest, out bool writeback)
    {
        baseRegister = 0;
        rest = [];
        text = text.Trim();
        writeback = text.EndsWith('!');
        if (writeback) text = text[..^1].TrimEnd();
        if (text.Length < 3 || text[0] != '[' || text[^1] != ']') return false;
        var parts = AsmSyntax.SplitAtTopLevelCommas(text[1..^1]);
        if (parts.Count == 0 || !TryParseBase(parts[0], out baseRegister)) return false;
        parts.RemoveAt(0);
        rest = parts;
        return true;
    }

    /// <summary>A base register: <c>x0</c>…<c>x30</c> or <c>sp</c>.</summary>
    public static bool TryParseBase(string text, out uint number) =>
        AsmSyntax.TryParseGpr(text, out number, out var is64, out var kind) && is64 && kind != AsmSyntax.GprKind.Zero;

    public static void AppendBase(InstructionWriter writer, uint number) =>
        writer.Append('[').Append(GprOperand.Name(number, true, Register31.StackPointer));
}

/// <summary>
/// An address with only a base register: <c>[x0]</c>, or <c>[x0]!</c> for the memory copy and set forms. Where
/// GNU as allows it (exclusives, atomics), the source may also write a zero offset: <c>[x0, #0]</c>.
/// </summary>
public sealed class BaseAddressOperand(BitField rn, bool writeback, bool zeroOffset) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        AddressSyntax.AppendBase(writer, rn.Extract(word));
        writer.Append(writeback ? "]!" : "]");
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        AddressSyntax.TrySplit(text, out var number, out var rest, out var bang) && bang == writeback
        && (rest.Count == 0 || (zeroOffset && rest.Count == 1
            && context.TryEvaluateConstant(AsmSyntax.ImmediateText(rest[0]), out var offset) && offset == 0))
        && state.TrySet(rn, number);
}

/// <summary>
/// A base register plus a scaled immediate offset: <c>[x1, #8]</c>, <c>[x1, #-16]!</c>. The offset is the field
/// (signed or not) times <c>1 &lt;&lt; scale</c>; a relocation such as <c>:lo12:sym</c> may stand for an unsigned one.
/// </summary>
public sealed class ImmediateAddressOperand(BitField rn, BitField imm, bool signed, int scale, Indexing indexing,
    RelocationType relocation) : Operand
{
    public long Offset(uint word) => (signed ? imm.ExtractSigned(word) : imm.Extract(word)) << scale;

    public override void Print(uint word, InstructionWriter writer)
    {
        AddressSyntax.AppendBase(writer, rn.Extract(word));
        var offset = Offset(word);
        if (offset != 0 || indexing == Indexing.PreIndex)
            writer.Append(", ").AppendDecimalImmediate(offset);
        writer.Append(indexing == Indexing.PreIndex ? "]!" : "]");
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!AddressSyntax.TrySplit(text, out var number, out var rest, out var bang)
            || bang != (indexing == Indexing.PreIndex) || rest.Count > 1 || !state.TrySet(rn, number)) return false;
        if (rest.Count == 0) return indexing == Indexing.Offset && state.TrySet(imm, 0);
        var expression = AsmSyntax.ImmediateText(rest[0]);
        long value;
        if (relocation == RelocationType.None)
        {
            if (!context.TryEvaluateConstant(expression, out value)) return false;
        }
        else if (!context.TryEvaluateOrRelocate(expression, relocation, out value, out _))
        {
            return false;
        }
        return ImmediateOffset.TrySet(imm, signed, scale, value, ref state);
    }
}

/// <summary>The offset after a post-indexed address, <c>[x1], #-8</c>: a signed scaled field in decimal.</summary>
public sealed class PostIndexOperand(BitField imm, int scale) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        writer.AppendDecimalImmediate(imm.ExtractSigned(word) << scale);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var value)
        && ImmediateOffset.TrySet(imm, true, scale, value, ref state);
}

/// <summary>
/// A post-index amount fixed by the rest of the instruction (the bytes a structure load moves), shown as
/// <c>#32</c>; the text must give exactly that amount.
/// </summary>
public sealed class ImpliedPostIndexOperand(Func<uint, int> bytes) : Operand
{
    public override void Print(uint word, InstructionWriter writer) => writer.AppendDecimalImmediate(bytes(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var value) && value == bytes(state.Word);
}

/// <summary>Placing an immediate offset into its field.</summary>
internal static class ImmediateOffset
{
    public static bool TrySet(BitField imm, bool signed, int scale, long value, ref EncodeState state)
    {
        if ((value & ((1L << scale) - 1)) != 0) return false;
        var units = value >> scale;
        if (signed)
        {
            var half = 1L << (imm.Width - 1);
            return units >= -half && units < half && state.TrySet(imm, (uint)(units & ((1L << imm.Width) - 1)));
        }
        return units >= 0 && state.TrySet(imm, (uint)units);
    }
}

/// <summary>
/// A base plus an index register, extended or shifted: <c>[x0, x1]</c>, <c>[x0, x1, lsl #3]</c>,
/// <c>[x0, w1, sxtw]</c>, <c>[x0, w1, uxtw #2]</c>. <c>option</c> picks the extend (its low bit the index width);
/// <c>S</c> shifts by the access size, <paramref name="amount"/>, which objdump prints even when it is 0.
/// </summary>
public sealed class RegisterOffsetAddressOperand(BitField rn, BitField rm, BitField option, BitField s, int amount)
    : Operand
{
    private const uint Lsl = 3;
    private static readonly string[] Extends = ["", "", "uxtw", "lsl", "", "", "sxtw", "sxtx"];

    public override void Print(uint word, InstructionWriter writer)
    {
        AddressSyntax.AppendBase(writer, rn.Extract(word));
        var extend = option.Extract(word);
        var shifted = s.Extract(word) == 1;
        writer.Append(", ").Append(GprOperand.Name(rm.Extract(word), (extend & 1) == 1, Register31.Zero));
        if (extend != Lsl || shifted)
        {
            writer.Append(", ").Append(Extends[extend]);
            if (shifted) writer.Append(" #").AppendDecimal(amount);
        }
        writer.Append(']');
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!AddressSyntax.TrySplit(text, out var number, out var rest, out var bang) || bang
            || rest.Count is < 1 or > 2 || !state.TrySet(rn, number)) return false;
        if (!AsmSyntax.TryParseGpr(rest[0], out var index, out var is64, out var kind)
            || kind == AsmSyntax.GprKind.StackPointer) return false;
        uint extend = Lsl, shift = 0;
        if (rest.Count == 2)
        {
            var words = rest[1].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0) return false;
            extend = (uint)Array.IndexOf(Extends, words[0].ToLowerInvariant());
            if (extend > 7) return false;
            if (words.Length == 2)
            {
                if (!context.TryEvaluateConstant(AsmSyntax.ImmediateText(words[1]), out var value)) return false;
                // An explicit amount: the access size shifts (and #0 for bytes is shown), a zero elsewhere does not.
                if (value == amount) shift = 1;
                else if (value != 0) return false;
            }
            else if (extend == Lsl)
            {
                return false;
            }
        }
        return ((extend & 1) == 1) == is64 && state.TrySet(rm, index) && state.TrySet(option, extend)
            && state.TrySet(s, shift);
    }
}

/// <summary>A general-purpose register written back by the memory copy and set instructions: <c>x2!</c>.</summary>
public sealed class WritebackRegisterOperand(BitField field) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(GprOperand.Name(field.Extract(word), true, Register31.Zero)).Append('!');

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        return text.EndsWith('!') && AsmSyntax.TryParseGpr(text.AsSpan(0, text.Length - 1), out var number, out var is64, out var kind)
            && is64 && kind == AsmSyntax.GprKind.Numbered && state.TrySet(field, number);
    }
}

/// <summary>Address operand specs for the load/store encodings.</summary>
public static class Mem
{
    /// <summary><c>[xn]</c> exactly: the base of a post-indexed or structure access.</summary>
    public static OperandSpec Base() => p => new BaseAddressOperand(p["Rn"], false, false);

    /// <summary><c>[xn]</c>, which the source may also write <c>[xn, #0]</c> (exclusives, atomics, tags).</summary>
    public static OperandSpec Simple() => p => new BaseAddressOperand(p["Rn"], false, true);

    /// <summary><c>[xn]!</c> (memory copy and set).</summary>
    public static OperandSpec BaseWriteback(string rn) => p => new BaseAddressOperand(p[rn], true, false);

    /// <summary><c>[xn, #uimm]</c>: an unsigned offset scaled by the access size, or a <c>:lo12:</c> relocation.</summary>
    public static OperandSpec Unsigned(string imm, int scale, RelocationType relocation = RelocationType.None) =>
        p => new ImmediateAddressOperand(p["Rn"], p[imm], false, scale, Indexing.Offset, relocation);

    /// <summary><c>[xn, #simm]</c>: a signed offset, scaled.</summary>
    public static OperandSpec Signed(string imm, int scale) =>
        p => new ImmediateAddressOperand(p["Rn"], p[imm], true, scale, Indexing.Offset, RelocationType.None);

    /// <summary><c>[xn, #simm]!</c>.</summary>
    public static OperandSpec PreIndex(string imm, int scale) =>
        p => new ImmediateAddressOperand(p["Rn"], p[imm], true, scale, Indexing.PreIndex, RelocationType.None);

    /// <summary>The <c>#simm</c> after a post-indexed <c>[xn]</c>.</summary>
    public static OperandSpec PostIndex(string imm, int scale) => p => new PostIndexOperand(p[imm], scale);

    /// <summary>The <c>#n</c> after a post-indexed <c>[xn]</c> whose amount the instruction implies.</summary>
    public static OperandSpec ImpliedPostIndex(Func<BitPattern, Func<uint, int>> bytes) =>
        p => new ImpliedPostIndexOperand(bytes(p));

    /// <summary><c>[xn, rm{, extend {#amount}}]</c> with the shift amount of an access of 1 &lt;&lt; scale bytes.</summary>
    public static OperandSpec RegisterOffset(int scale) =>
        p => new RegisterOffsetAddressOperand(p["Rn"], p["Rm"], p["option"], p["S"], scale);

    /// <summary><c>xn!</c>.</summary>
    public static OperandSpec Writeback(string field) => p => new WritebackRegisterOperand(p[field]);

    /// <summary>LDRAA/LDRAB: <c>[xn, #simm]</c> or <c>[xn, #simm]!</c> by the <c>W</c> bit.</summary>
    public static OperandSpec PointerAuthenticated() => p => new PacAddressOperand(p["Rn"], p["S"], p["imm9"], p["W"]);
}

/// <summary>
/// The address of LDRAA/LDRAB: a base and a signed 10-bit offset <c>S:imm9</c> scaled by 8, the two parts of the
/// field split by a fixed bit; <c>[x1, #-8]!</c> with writeback.
/// </summary>
public sealed class PacAddressOperand(BitField rn, BitField high, BitField imm9, BitField writeback) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        AddressSyntax.AppendBase(writer, rn.Extract(word));
        var offset = ((long)(high.Extract(word) << 9 | imm9.Extract(word)) << 54 >> 54) * 8;
        var pre = writeback.Extract(word) == 1;
        // Unlike the other pre-indexed forms, objdump leaves out a zero offset here: [x1]!.
        if (offset != 0) writer.Append(", ").AppendDecimalImmediate(offset);
        writer.Append(pre ? "]!" : "]");
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!AddressSyntax.TrySplit(text, out var number, out var rest, out var bang) || rest.Count > 1) return false;
        long offset = 0;
        if (rest.Count == 1 && !context.TryEvaluateConstant(AsmSyntax.ImmediateText(rest[0]), out offset)) return false;
        if (offset % 8 != 0 || offset < -4096 || offset > 4088) return false;
        var units = (uint)(offset / 8) & 0x3ff;
        return state.TrySet(rn, number) && state.TrySet(writeback, bang ? 1u : 0u)
            && state.TrySet(high, units >> 9) && state.TrySet(imm9, units & 0x1ff);
    }
}
