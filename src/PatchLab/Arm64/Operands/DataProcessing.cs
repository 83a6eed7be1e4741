
namespace PatchLab.Arm64.Operands;

/// <summary>Sets an encoding's fields from a value read from source text; false if the value cannot be encoded.</summary>
public delegate bool ValueEncoder(long value, ref EncodeState state);

/// <summary>
/// An immediate that is a function of one or more fields (a bitfield alias's lsb and width, a scaled offset): printed
/// from the word, written back into the fields by <see cref="ValueEncoder"/>.
/// </summary>
public sealed class ComputedImmediate(Func<uint, long> valueOf, ValueEncoder encode, bool hex) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        var value = valueOf(word);
        if (hex) writer.AppendHexImmediate((ulong)value);
        else writer.AppendDecimalImmediate(value);
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        DataProcessing.TryReadConstant(text, context, out var value) && encode(value, ref state);
}

/// <summary>
/// <c>lsl #n</c> after an immediate, for a field that counts units of a fixed shift (ADD's <c>sh</c>: 12, MOVZ's
/// <c>hw</c>: 16). Absent when the field is zero; when left out, the field is zero unless the immediate set it.
/// </summary>
public sealed class ImmediateShiftOperand(BitField field, int unit) : Operand
{
    public override bool IsPresent(uint word) => field.Extract(word) != 0;

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) =>
        (state.Assigned & field.FieldMask) != 0 || state.TrySet(field, 0);

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append("lsl #").AppendDecimal(field.Extract(word) * (uint)unit);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        ShiftSyntax.TryParse(text, context, out var kind, out var amount) && kind == "lsl"
        && amount % unit == 0 && state.TrySet(field, (uint)(amount / unit));
}

/// <summary>
/// The 16-bit immediate of MOVZ/MOVN/MOVK. GNU as's <c>#:abs_g1:sym</c> (and the other <c>:abs_gN…:</c> operators)
/// selects a 16-bit group of the value: the operator's group goes into <c>hw</c>, and the symbol into a relocation.
/// </summary>
public sealed class MoveWideImmediateOperand(BitField imm16, BitField hw) : Operand
{
    public override void Print(uint word, InstructionWriter writer) => writer.AppendHexImmediate(imm16.Extract(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        var expression = AsmSyntax.ImmediateText(text);
        if (!expression.StartsWith(":abs_g", StringComparison.OrdinalIgnoreCase))
            return DataProcessing.TryReadConstant(expression, context, out var value) && value is >= 0 and <= 0xffff
                && state.TrySet(imm16, (uint)value);
        var group = expression.Length > 6 ? expression[6] - '0' : -1;
        return group is >= 0 and <= 3
            && context.TryEvaluateOrRelocate(expression, RelocationType.MovwUabsG0, out var selected, out _)
            && state.TrySet(imm16, (uint)selected & 0xffff) && state.TrySet(hw, (uint)group);
    }
}

/// <summary>
/// The 12-bit immediate of ADD/SUB: read back, a value that needs the shift (a multiple of 4096 above 4095) sets
/// <c>sh</c> itself, as GNU as does. A <paramref name="negated"/> operand reads only negative values and encodes
/// their magnitude (the assembler-only spelling <c>add x0, x1, #-8</c> of SUB).
/// </summary>
public sealed class AddSubImmediateOperand(BitField imm12, BitField sh, bool negated) : Operand
{
    public override void Print(uint word, InstructionWriter writer) => writer.AppendHexImmediate(imm12.Extract(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        var expression = AsmSyntax.ImmediateText(text);
        long value;
        // Only with a relocation operator (:lo12:sym) may a symbol stand here; GNU as rejects a bare one.
        if (expression.StartsWith(':'))
        {
            if (!context.TryEvaluateOrRelocate(expression, RelocationType.AddAbsLo12Nc, out value, out _)) return false;
        }
        else if (!DataProcessing.TryReadConstant(expression, context, out value))
        {
            return false;
        }
        if (negated) value = value < 0 ? -value : -1;
        if (value < 0) return false;
        if (value < 1 << 12) return state.TrySet(imm12, (uint)value);
        return (value & 0xfff) == 0 && value >> 12 < 1 << 12
            && state.TrySet(imm12, (uint)(value >> 12)) && state.TrySet(sh, 1);
    }
}

/// <summary>
/// The shift of a shifted-register operand (<c>x2, lsr #3</c>): absent for <c>lsl #0</c>; <c>ror</c> only for the
/// logical instructions.
/// </summary>
public sealed class RegisterShiftOperand(BitField shift, BitField amount, bool allowRor) : Operand
{
    private static readonly string[] Kinds = ["lsl", "lsr", "asr", "ror"];

    public override bool IsPresent(uint word) => shift.Extract(word) != 0 || amount.Extract(word) != 0;

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) => state.TrySet(shift, 0) && state.TrySet(amount, 0);

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(Kinds[shift.Extract(word)]).Append(" #")
            .AppendDecimal(amount.Extract(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!ShiftSyntax.TryParse(text, context, out var kind, out var n)) return false;
        var index = Array.IndexOf(Kinds, kind);
        if (index < 0 || (index == 3 && !allowRor)) return false;
        return state.TrySet(shift, (uint)index) && state.TrySet(amount, (uint)n);
    }
}

/// <summary>
/// The register of an extended-register operand: <c>x</c> for UXTX/SXTX in a 64-bit instruction, <c>w</c> otherwise.
/// </summary>
public sealed class ExtendedRegisterOperand(BitField rm, BitField option) : Operand
{
    private bool Is64(uint word) => DataProcessing.Is64(word) && (option.Extract(word) & 3) == 3;

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(GprOperand.Name(rm.Extract(word), Is64(word), Register31.Zero));

    /// <summary>
    /// GNU as takes either width whatever the extend says; the width only picks the extend when none is written
    /// (<c>add x0, sp, w2</c> is UXTW). So the register leaves that default in the option bits without claiming
    /// them, and <see cref="ExtendOperand"/> always sets them.
    /// </summary>
    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!AsmSyntax.TryParseGpr(text, out var number, out var is64, out var kind)
            || kind == AsmSyntax.GprKind.StackPointer || (is64 && !DataProcessing.Is64(state.Word)))
            return false;
        state.Word = option.Insert(state.Word, is64 ? 3u : 2u);
        return state.TrySet(rm, number);
    }
}

/// <summary>
/// The extend of an extended-register operand (<c>uxtb #2</c>). With the stack pointer as destination or first
/// source and the extend that changes nothing (UXTX, or UXTW in a 32-bit instruction), objdump writes <c>lsl #n</c>
/// and leaves out <c>lsl #0</c>. <paramref name="stackPointerForm"/> says whether the word names the stack pointer.
/// </summary>
public sealed class ExtendOperand(BitField option, BitField amount, Func<uint, bool> stackPointerForm) : Operand
{
    private static readonly string[] Names = ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"];

    private static uint Unchanging(uint word) => DataProcessing.Is64(word) ? 3u : 2u;

    private bool IsLsl(uint word) => option.Extract(word) == Unchanging(word) && stackPointerForm(word);

    public override bool IsPresent(uint word) => amount.Extract(word) != 0 || !IsLsl(word);

    public override bool IsOptional => true;

    /// <summary>No extend written: the one that changes nothing for the register's width (left by <see cref="ExtendedRegisterOperand"/>).</summary>
    public override bool ApplyOmitted(ref EncodeState state) =>
        state.TrySet(option, option.Extract(state.Word)) && state.TrySet(amount, 0);

    public override void Print(uint word, InstructionWriter writer)
    {
        writer.Append(IsLsl(word) ? "lsl" : Names[option.Extract(word)]);
        var n = amount.Extract(word);
        if (n != 0) writer.Append(" #").AppendDecimal(n);
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!ShiftSyntax.TryParse(text, context, out var kind, out var n, amountOptional: true)) return false;
        // LSL is the extend that changes nothing for the register written, and only allowed with SP.
        if (kind == "lsl" && !stackPointerForm(state.Word)) return false;
        var index = kind == "lsl" ? (int)option.Extract(state.Word) : Array.IndexOf(Names, kind);
        return index >= 0 && state.TrySet(option, (uint)index) && state.TrySet(amount, (uint)n);
    }
}

/// <summary>
/// The immediate of the MOV aliases of MOVZ, MOVN and ORR: the value the register receives, printed as objdump does
/// (its <c>"#0x%-20x"</c>: the hex digits padded to 20 columns) with the signed decimal value as a comment.
/// </summary>
public sealed class MoveImmediateOperand : Operand
{
    public enum Source { Movz, Movn, Bitmask }

    private const int HexColumns = 20;

    private readonly Source _source;
    private readonly BitField _imm16, _hw, _n, _immr, _imms;

    public MoveImmediateOperand(Source source, BitPattern pattern)
    {
        _source = source;
        if (source == Source.Bitmask) (_n, _immr, _imms) = (pattern["N"], pattern["immr"], pattern["imms"]);
        else (_imm16, _hw) = (pattern["imm16"], pattern["hw"]);
    }

    public override void Print(uint word, InstructionWriter writer)
    {
        var value = Value(word);
        var start = writer.Text.Append("#0x").Length;
        InstructionWriter.AppendHex(writer.Text, value);
        writer.Text.Append(' ', Math.Max(0, HexColumns - (writer.Text.Length - start)));
        var signed = DataProcessing.Is64(word) ? (long)value : (int)(uint)value;
        InstructionWriter.AppendDecimal(writer.Comment.Append("\t// #"), signed);
    }

    /// <summary>The value written to the register (zero-extended from 32 bits for a W register).</summary>
    public ulong Value(uint word)
    {
        var is64 = DataProcessing.Is64(word);
        if (_source == Source.Bitmask)
        {
            Bitmask.TryDecode(_n.Extract(word), _immr.Extract(word), _imms.Extract(word), is64, out var mask);
            return mask;
        }
        var value = (ulong)_imm16.Extract(word) << (int)(16 * _hw.Extract(word));
        if (_source == Source.Movn) value = ~value;
        return is64 ? value : value & 0xffffffff;
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!DataProcessing.TryReadConstant(text, context, out var signed)) return false;
        var is64 = DataProcessing.Is64(state.Word);
        if (!DataProcessing.TryNarrow((ulong)signed, is64, out var value)) return false;
        if (_source == Source.Bitmask)
        {
            return Bitmask.TryEncode(value, is64, out var n, out var immr, out var imms)
                && state.TrySet(_n, n) && state.TrySet(_immr, immr) && state.TrySet(_imms, imms);
        }
        if (_source == Source.Movn) value = is64 ? ~value : ~value & 0xffffffff;
        return DataProcessing.TryFindHalfword(value, is64, out var hw)
            && state.TrySet(_hw, (uint)hw) && state.TrySet(_imm16, (uint)(value >> (16 * hw)));
    }
}

/// <summary>The bitmask immediate of the logical instructions (N:immr:imms), printed as the value in hex.</summary>
public sealed class BitmaskOperand(BitField n, BitField immr, BitField imms) : Operand
{
    public override void Print(uint word, InstructionWriter writer)
    {
        Bitmask.TryDecode(n.Extract(word), immr.Extract(word), imms.Extract(word), DataProcessing.Is64(word), out var value);
        writer.AppendHexImmediate(value);
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (!DataProcessing.TryReadConstant(text, context, out var signed)) return false;
        var is64 = DataProcessing.Is64(state.Word);
        return DataProcessing.TryNarrow((ulong)signed, is64, out var value)
            && Bitmask.TryEncode(value, is64, out var nv, out var r, out var s)
            && state.TrySet(n, nv) && state.TrySet(immr, r) && state.TrySet(imms, s);
    }
}

/// <summary>A register operand that also writes its number into a second field (<c>ror</c> = EXTR with Rn = Rm).</summary>
public sealed class TiedRegisterOperand(GprOperand register, BitField field, BitField tied) : Operand
{
    public override void Print(uint word, InstructionWriter writer) => register.Print(word, writer);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        register.TryParse(text, ref state, context) && state.TrySet(tied, field.Extract(state.Word));
}

/// <summary>A register that objdump leaves out, and GNU as lets you leave out, when it is XZR (IRG's Xm).</summary>
public sealed class DefaultZeroRegisterOperand(GprOperand register, BitField field) : Operand
{
    public override bool IsPresent(uint word) => field.Extract(word) != 31;

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) => state.TrySet(field, 31);

    public override void Print(uint word, InstructionWriter writer) => register.Print(word, writer);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        register.TryParse(text, ref state, context);
}

/// <summary>
/// A field the text never shows but the encoding needs: printed as nothing, and set when reading back (a bitfield
/// alias's N, which equals sf; SMULH's Ra, which should be 11111).
/// </summary>
public sealed class ImpliedFieldOperand(BitField field, Func<uint, uint> valueFor) : Operand
{
    public override bool IsPresent(uint word) => false;

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) => state.TrySet(field, valueFor(state.Word));

    public override void Print(uint word, InstructionWriter writer)
    {
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) => false;
}

/// <summary>Reading <c>lsl #3</c>, <c>uxtb</c>, <c>sxtw #2</c>: a shift or extend name and an amount of 0–63.</summary>
internal static class ShiftSyntax
{
    public static bool TryParse(string text, IOperandParseContext context, out string kind, out long amount,
        bool amountOptional = false)
    {
        text = text.Trim();
        var space = text.IndexOfAny([' ', '\t', '#']);
        kind = (space < 0 ? text : text[..space]).ToLowerInvariant();
        amount = 0;
        if (space < 0) return amountOptional && kind.Length > 0;
        return DataProcessing.TryReadConstant(text[space..], context, out amount) && amount is >= 0 and < 64;
    }
}

/// <summary>Logical-immediate bitmasks: the rotated, replicated runs of ones that N:immr:imms stand for.</summary>
public static class Bitmask
{
    /// <summary>Is N:imms a valid element size and run length for this register width? (Cheap: decode uses it.)</summary>
    public static bool IsValid(uint n, uint imms, bool is64)
    {
        if (n != 0 && !is64) return false;
        var combined = (n << 6) | (~imms & 0x3f);
        if (combined == 0) return false;
        var len = 31 - System.Numerics.BitOperations.LeadingZeroCount(combined);
        if (len < 1) return false;
        var levels = (1u << len) - 1;
        return (imms & levels) != levels;
    }

    public static bool TryDecode(uint n, uint immr, uint imms, bool is64, out ulong value)
    {
        value = 0;
        if (!IsValid(n, imms, is64)) return false;
        var len = 31 - System.Numerics.BitOperations.LeadingZeroCount((n << 6) | (~imms & 0x3f));
        var size = 1 << len;
        var levels = (uint)size - 1;
        var ones = (int)(imms & levels) + 1;
        var rotate = (int)(immr & levels);
        var elementMask = size == 64 ? ulong.MaxValue : (1UL << size) - 1;
        var element = ones == 64 ? ulong.MaxValue : (1UL << ones) - 1;
        if (rotate != 0) element = ((element >> rotate) | (element << (size - rotate))) & elementMask;
        for (var i = 0; i < 64; i += size) value |= element << i;
        if (!is64) value &= 0xffffffff;
        return true;
    }

    public static bool TryEncode(ulong value, bool is64, out uint n, out uint immr, out uint imms)
    {
        n = immr = imms = 0;
        if (!is64) value = (value & 0xffffffff) | (value << 32);
        if (value == 0 || value == ulong.MaxValue) return false;
        var size = 64;
        while (size > 2)
        {
            var half = size / 2;
            var mask = (1UL << half) - 1;
            if ((value & mask) != ((value >> half) & mask)) break;
            size = half;
        }
        var elementMask = size == 64 ? ulong.MaxValue : (1UL << size) - 1;
        var element = value & elementMask;
        var ones = System.Numerics.BitOperations.PopCount(element);
        var run = (1UL << ones) - 1;
        for (var r = 0; r < size; r++)
        {
            var rotated = r == 0 ? run : ((run >> r) | (run << (size - r))) & elementMask;
            if (rotated != element) continue;
            n = size == 64 ? 1u : 0u;
            immr = (uint)r;
            imms = ((~((uint)size - 1) << 1) & 0x3f) | (uint)(ones - 1);
            return true;
        }
        return false;
    }
}

/// <summary>Helpers shared by the data-processing operands and encodings.</summary>
public static class DataProcessing
{
    /// <summary>The <c>sf</c> bit (bit 31) of every data-processing encoding: a 64-bit operation.</summary>
    public static bool Is64(uint word) => (int)word < 0;

    public static uint RegisterSize(uint word) => Is64(word) ? 64u : 32u;

    /// <summary>
    /// An immediate operand's value (the '#' optional). A register name is never read as a symbol here, so that a
    /// register operand cannot pass for an immediate of another row while the assembler still waits for symbols.
    /// </summary>
    public static bool TryReadConstant(string text, IOperandParseContext context, out long value)
    {
        value = 0;
        var expression = AsmSyntax.ImmediateText(text);
        return !AsmSyntax.TryParseGpr(expression, out _, out _, out _) && context.TryEvaluateConstant(expression, out value);
    }

    /// <summary>
    /// A value for a W register: GNU as takes the low 32 bits when the upper half is all zeros or all ones
    /// (<c>#-1</c>, <c>#~0x80000000</c>).
    /// </summary>
    public static bool TryNarrow(ulong value, bool is64, out ulong narrowed)
    {
        narrowed = value;
        if (is64) return true;
        narrowed = value & 0xffffffff;
        return value >> 32 is 0 or 0xffffffff;
    }

    /// <summary>Could MOVZ (or, with the value inverted, MOVN) build this value? objdump's rule for the MOV alias.</summary>
    public static bool IsWideConstant(ulong value, bool is64) =>
        TryNarrow(value, is64, out value) && TryFindHalfword(value, is64, out _);

    /// <summary>The halfword (MOVZ's <c>hw</c>) that holds every set bit of the value, if one does.</summary>
    public static bool TryFindHalfword(ulong value, bool is64, out int hw)
    {
        for (hw = 0; hw < (is64 ? 4 : 2); hw++)
            if ((value & ~(0xffffUL << (16 * hw))) == 0)
                return true;
        return false;
    }

    public static OperandSpec Computed(Func<BitPattern, Func<uint, long>> valueOf,
        Func<BitPattern, ValueEncoder> encode, bool hex = false) =>
        p => new ComputedImmediate(valueOf(p), encode(p), hex);
}
