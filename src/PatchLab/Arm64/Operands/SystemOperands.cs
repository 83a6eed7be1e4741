namespace PatchLab.Arm64.Operands;

/// <summary>The system register of MRS/MSR: its name, or the generic <c>s3_0_c15_c2_0</c> form.</summary>
public sealed class SystemRegisterOperand(BitField field, bool read) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        SystemRegisters.Append(writer.Text, field.Extract(word), read);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        SystemRegisters.TryParse(text, out var encoding) && state.TrySet(field, encoding);
}

/// <summary>A CRn/CRm field of SYS/SYSL, printed <c>C7</c>; GNU as reads <c>c7</c> or <c>C7</c>.</summary>
public sealed class ControlRegisterOperand(BitField field) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append('C').Text.Append(field.Extract(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        return text.Length > 1 && text[0] is 'c' or 'C'
            && uint.TryParse(text.AsSpan(1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var n)
            && state.TrySet(field, n);
    }
}

/// <summary>
/// The Xt of SYS and of its named aliases, which objdump leaves out when <paramref name="shown"/> says so (Rt = 31
/// for SYS; always for operations such as <c>ic iallu</c> that take none). Left out in source, Rt is 31. SYS may
/// leave it out or write it; a named operation must be written with a register exactly when it takes one.
/// </summary>
public sealed class SysArgumentOperand(BitField rt, Func<uint, bool> shown, bool writtenExactlyWhenShown) : Operand
{
    public override bool IsPresent(uint word) => shown(word);

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) =>
        !(writtenExactlyWhenShown && shown(state.Word)) && state.TrySet(rt, 31);

    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(GprOperand.Name(rt.Extract(word), true, Register31.Zero));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        AsmSyntax.TryParseGpr(text, out var number, out var is64, out var kind)
        && is64 && kind != AsmSyntax.GprKind.StackPointer
        && (!writtenExactlyWhenShown || shown(state.Word))
        && state.TrySet(rt, number);
}

/// <summary>The operation of an <c>at</c>/<c>dc</c>/<c>ic</c>/<c>tlbi</c> alias of SYS, by name.</summary>
public sealed class SystemOperationOperand(SystemOperations.Kind kind, BitField key) : Operand
{
    public override void Print(uint word, InstructionWriter writer) =>
        writer.Append(SystemOperations.At(key.Extract(word))!.Value.Name);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        SystemOperations.TryFind(kind, text, out var op) && state.TrySet(key, op.Key);
}

/// <summary>A fixed word that stands for no bits of its own: <c>csync</c> of PSB/TSB, <c>rctx</c> of CFP/DVP/CPP.</summary>
public sealed class KeywordOperand(string keyword) : Operand
{
    public override void Print(uint word, InstructionWriter writer) => writer.Append(keyword);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context) =>
        text.Trim().Equals(keyword, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// An immediate objdump prints as <c>#0x…</c> except for one value it leaves out (<c>isb</c> means <c>isb #0xf</c>,
/// <c>dcps1</c> means <c>dcps1 #0x0</c>); left out in source, the field takes that value. GNU as also reads that
/// value as <paramref name="omittedName"/> (<c>isb sy</c>).
/// </summary>
public sealed class DefaultedImmediateOperand(BitField field, uint omitted, string? omittedName) : Operand
{
    public override bool IsPresent(uint word) => field.Extract(word) != omitted;

    public override bool IsOptional => true;

    public override bool ApplyOmitted(ref EncodeState state) => state.TrySet(field, omitted);

    public override void Print(uint word, InstructionWriter writer) => writer.AppendHexImmediate(field.Extract(word));

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        if (omittedName is not null && text.Trim().Equals(omittedName, StringComparison.OrdinalIgnoreCase))
            return state.TrySet(field, omitted);
        return context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var value) && value >= 0
            && state.TrySet(field, (uint)value);
    }
}

/// <summary>
/// The option of DSB with the nXS qualifier (<c>dsb ishnxs</c>): the domain in CRm&lt;3:2&gt;. GNU as also reads
/// it as the immediate #16, #20, #24 or #28.
/// </summary>
public sealed class NxsBarrierOperand(BitField domain) : Operand
{
    private static readonly string[] Names = ["oshnxs", "nshnxs", "ishnxs", "synxs"];

    public override void Print(uint word, InstructionWriter writer) => writer.Append(Names[domain.Extract(word)]);

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        var index = Array.FindIndex(Names, n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (index >= 0) return state.TrySet(domain, (uint)index);
        return text.Trim().StartsWith('#') && context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var value)
            && value is 16 or 20 or 24 or 28 && state.TrySet(domain, (uint)(value - 16) / 4);
    }
}

/// <summary>
/// A name from a short list indexed by a field, for operands GNU as writes as a word: barrier options, BTI
/// targets. A null entry is printed as <c>#0x%02x</c> when <paramref name="immediateForUnnamed"/>, and
/// a value whose entry is empty is left out (with the field's <paramref name="omitted"/> value when omitted).
/// </summary>
public sealed class NamedValueOperand(BitField field, string?[] names, bool immediateForUnnamed, uint? omitted) : Operand
{
    public override bool IsPresent(uint word) => names[field.Extract(word)] is not "";

    public override bool IsOptional => omitted.HasValue;

    public override bool ApplyOmitted(ref EncodeState state) => state.TrySet(field, omitted!.Value);

    public override void Print(uint word, InstructionWriter writer)
    {
        var value = field.Extract(word);
        if (names[value] is { } name)
        {
            writer.Append(name);
            return;
        }
        writer.Append("#0x").Append(value.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
    }

    public override bool TryParse(string text, ref EncodeState state, IOperandParseContext context)
    {
        text = text.Trim();
        for (var v = 0u; v < names.Length; v++)
            if (names[v] is { Length: > 0 } name && name.Equals(text, StringComparison.OrdinalIgnoreCase))
                return state.TrySet(field, v);
        return immediateForUnnamed && text.StartsWith('#')
            && context.TryEvaluateConstant(AsmSyntax.ImmediateText(text), out var value)
            && value >= 0 && value < names.Length && state.TrySet(field, (uint)value);
    }
}

/// <summary>Operand specs of the system-instruction encodings.</summary>
public static class SystemOperand
{
    public static OperandSpec Register(string field, bool read) => p => new SystemRegisterOperand(p[field], read);

    public static OperandSpec C(string field) => p => new ControlRegisterOperand(p[field]);

    /// <summary>SYS's optional Xt: printed unless it is 31.</summary>
    public static OperandSpec OptionalXt(string rt) =>
        p =>
        {
            var field = p[rt];
            return new SysArgumentOperand(field, w => field.Extract(w) != 31, writtenExactlyWhenShown: false);
        };

    /// <summary>The Xt of an <c>at</c>/<c>dc</c>/<c>ic</c>/<c>tlbi</c> alias: present exactly when the operation takes one.</summary>
    public static OperandSpec OperationXt(string rt, string key) =>
        p =>
        {
            var k = p[key];
            return new SysArgumentOperand(p[rt], w => SystemOperations.At(k.Extract(w)) is { TakesRegister: true },
                writtenExactlyWhenShown: true);
        };

    public static OperandSpec Operation(SystemOperations.Kind kind, string key) =>
        p => new SystemOperationOperand(kind, p[key]);

    public static OperandSpec Keyword(string keyword) => _ => new KeywordOperand(keyword);

    public static OperandSpec Defaulted(string field, uint omitted, string? omittedName = null) =>
        p => new DefaultedImmediateOperand(p[field], omitted, omittedName);

    public static OperandSpec NxsBarrier(string field) => p => new NxsBarrierOperand(p[field]);

    public static OperandSpec Named(string field, string?[] names, bool immediateForUnnamed = false, uint? omitted = null) =>
        p => new NamedValueOperand(p[field], names, immediateForUnnamed, omitted);
}
