using System.Globalization;
using System.Text;

namespace PatchLab.Arm64;

/// <summary>Builds an operand bound to the fields of one encoding's bit pattern.</summary>
public delegate Operand OperandSpec(BitPattern pattern);

/// <summary>
/// One operand of an encoding: it prints itself from the instruction word the way GNU objdump does, and reads itself
/// back from GNU as source text into the word's fields. Operands are separated by ", " when printed; an operand
/// whose <see cref="IsPresent"/> is false (an omitted default, such as <c>lsl #0</c>) prints nothing.
/// </summary>
public abstract class Operand
{
    public virtual bool IsPresent(uint word) => true;

    /// <summary>May the source leave this operand out? If so, <see cref="ApplyOmitted"/> sets its fields.</summary>
    public virtual bool IsOptional => false;

    public virtual bool ApplyOmitted(ref EncodeState state) => true;

    public abstract void Print(uint word, InstructionWriter writer);

    /// <summary>The PC-relative target this operand prints, if it prints one.</summary>
    public virtual Operands.PcRelativeOperand? PcRelative => null;

    /// <summary>Reads this operand from one comma-separated piece of source text; false if it does not fit.</summary>
    public abstract bool TryParse(string text, ref EncodeState state, IOperandParseContext context);
}

/// <summary>
/// The word being assembled and which of its bits the operands read so far have set, so that two operands sharing
/// a field (the <c>sf</c> bit of several registers, a register tied to another) must agree.
/// </summary>
public struct EncodeState(uint word)
{
    public uint Word = word;
    public uint Assigned;

    /// <summary>Sets a field; false if the value does not fit or an earlier operand set it differently.</summary>
    public bool TrySet(BitField field, uint value)
    {
        if (!field.Fits(value)) return false;
        var bits = (value << field.Lsb) & field.FieldMask;
        if ((Assigned & field.FieldMask) != 0 && (Word & field.FieldMask & Assigned) != (bits & Assigned))
            return false;
        Word = (Word & ~field.FieldMask) | bits;
        Assigned |= field.FieldMask;
        return true;
    }
}

/// <summary>What an operand needs while it prints: the instruction's address, symbols, a comment slot.</summary>
public sealed class InstructionWriter
{
    public StringBuilder Text { get; } = new();

    /// <summary>Printed after the operands, with its own separator (objdump uses "\t// …" and "  // …").</summary>
    public StringBuilder Comment { get; } = new();

    /// <summary>The instruction's address: what PC-relative operands are relative to.</summary>
    public ulong Address { get; private set; }

    public ISymbolizer Symbols { get; set; } = NoSymbols.Instance;

    /// <summary>
    /// The PC-relative target printed since <see cref="Reset"/>, if any: an instruction has at most one, and its text
    /// is the only part that depends on the address, so a listing may reuse the rest for that word anywhere.
    /// </summary>
    public PrintedTarget? Target { get; private set; }

    public void Reset(ulong address)
    {
        Text.Clear();
        Comment.Clear();
        Address = address;
        Target = null;
    }

    /// <summary>Prints a PC-relative target, <paramref name="offset"/> from the address (or from its page).</summary>
    public void AppendTarget(long offset, bool fromPage)
    {
        var target = new PrintedTarget(Text.Length, Text.Length, offset, fromPage);
        Symbols.AppendTarget(Text, target.At(Address));
        Target = target with { End = Text.Length };
    }

    public InstructionWriter Append(string s)
    {
        Text.Append(s);
        return this;
    }

    public InstructionWriter Append(char c)
    {
        Text.Append(c);
        return this;
    }

    /// <summary>objdump's usual immediate form: <c>#0x1f</c>, or <c>#0x0</c>.</summary>
    public InstructionWriter AppendHexImmediate(ulong value)
    {
        Text.Append("#0x");
        AppendHex(Text, value);
        return this;
    }

    public InstructionWriter AppendDecimalImmediate(long value)
    {
        Text.Append('#');
        AppendDecimal(Text, value);
        return this;
    }

    /// <summary>The value in decimal: <c>-16</c>.</summary>
    public InstructionWriter AppendDecimal(long value)
    {
        AppendDecimal(Text, value);
        return this;
    }

    /// <summary>The value in decimal, with no culture and no string made (a listing prints millions).</summary>
    public static StringBuilder AppendDecimal(StringBuilder sb, long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return sb.Append(digits[..written]);
    }

    /// <summary>Exactly <paramref name="digits"/> hex digits (at most 16), with leading zeros: objdump's <c>%08x</c>.</summary>
    public static void AppendHex(StringBuilder sb, ulong value, int digits)
    {
        Span<char> buf = stackalloc char[16];
        for (var i = digits - 1; i >= 0; i--, value >>= 4) buf[i] = "0123456789abcdef"[(int)(value & 0xf)];
        sb.Append(buf[..digits]);
    }

    public static void AppendHex(StringBuilder sb, ulong value)
    {
        Span<char> buf = stackalloc char[16];
        var i = buf.Length;
        do
        {
            buf[--i] = "0123456789abcdef"[(int)(value & 0xf)];
            value >>= 4;
        } while (value != 0);
        sb.Append(buf[i..]);
    }
}

/// <summary>
/// Where a PC-relative target's text lies (<see cref="Start"/> to <see cref="End"/>) and how the target follows
/// from the instruction's address: <see cref="Offset"/> from it, or from its 4 KiB page (ADRP).
/// </summary>
public readonly record struct PrintedTarget(int Start, int End, long Offset, bool FromPage)
{
    public ulong At(ulong address) => (FromPage ? address & ~0xfffUL : address) + (ulong)Offset;
}

/// <summary>Turns code addresses into objdump's text for them.</summary>
public interface ISymbolizer
{
    /// <summary>Appends a branch or address target: <c>0x20</c> without symbols, <c>20 &lt;foo+0x8&gt;</c> with them.</summary>
    void AppendTarget(StringBuilder sb, ulong address);
}

/// <summary>What objdump prints for a raw binary: the bare address in hex.</summary>
public sealed class NoSymbols : ISymbolizer
{
    public static readonly NoSymbols Instance = new();

    public void AppendTarget(StringBuilder sb, ulong address)
    {
        sb.Append("0x");
        InstructionWriter.AppendHex(sb, address);
    }
}

/// <summary>What the assembler offers an operand while it reads one: expressions and relocations.</summary>
public interface IOperandParseContext
{
    /// <summary>The address of the instruction being assembled (section offset in a relocatable object).</summary>
    ulong Address { get; }

    /// <summary>Evaluates an expression that must be a constant now (no symbol left unresolved).</summary>
    bool TryEvaluateConstant(string expression, out long value);

    /// <summary>
    /// Evaluates an expression that may name a symbol. A constant result is returned; otherwise a relocation of
    /// <paramref name="type"/> is recorded against this instruction and the field is left zero.
    /// </summary>
    bool TryEvaluateOrRelocate(string expression, RelocationType type, out long constant, out bool relocated);
}
