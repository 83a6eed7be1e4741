using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

internal enum CfiKind
{
    Advance,
    DefCfa,
    DefCfaRegister,
    DefCfaOffset,
    Offset,
    Restore,
    Undefined,
    SameValue,
    Register,
    RememberState,
    RestoreState,
    Escape,
    NegateRaState,
}

/// <summary>One call-frame instruction as written (an advance runs between two places in the code).</summary>
internal sealed record CfiOp(CfiKind Kind, int Register = 0, long Offset = 0, int Register2 = 0, byte[]? Bytes = null,
    AsmSymbol? From = null, AsmSymbol? To = null);

/// <summary>A function's frame description between <c>.cfi_startproc</c> and <c>.cfi_endproc</c>.</summary>
internal sealed class FrameDescription(AsmSymbol start, SourceLocation location)
{
    public AsmSymbol Start { get; } = start;
    public SourceLocation Location { get; } = location;
    public AsmSymbol? End { get; set; }
    public List<CfiOp> Ops { get; } = [];
    public AsmSymbol LastPlace { get; set; } = start;
    public long CfaOffset { get; set; }
    public Stack<long> SavedCfaOffsets { get; } = new();
    public bool SignalFrame { get; set; }
}

/// <summary>
/// The <c>.cfi_*</c> directives and the <c>.eh_frame</c> section GNU as builds from them: CIEs with augmentation
/// "zR" shared between functions whose leading instructions agree, FDEs with PC-relative begin addresses, padded
/// with DW_CFA_nop to 4 bytes.
/// </summary>
internal sealed partial class AssemblyRun
{
    private const int CodeAlignment = 4;
    private const int DataAlignment = -8;
    private const int ReturnColumn = 30;

    private readonly List<FrameDescription> _frames = [];
    private FrameDescription? _frame;

    private void CfiDirective(string name, string rest)
    {
        if (name == ".cfi_sections") return;
        if (name == ".cfi_startproc")
        {
            if (_frame is not null) throw Error("previous CFI entry not closed (missing .cfi_endproc)");
            _frame = new FrameDescription(Dot(_chunk, _chunk.Aligns.Count, _chunk.Size), _location);
            if (rest.Trim() != "simple") _frame.Ops.Add(new CfiOp(CfiKind.DefCfa, 31, 0));
            return;
        }
        var frame = _frame ?? throw Error("CFI instruction used without previous .cfi_startproc");
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        switch (name)
        {
            case ".cfi_endproc":
                frame.End = Dot(_chunk, _chunk.Aligns.Count, _chunk.Size);
                _frames.Add(frame);
                _frame = null;
                return;
            case ".cfi_signal_frame":
                frame.SignalFrame = true;
                return;
        }
        var op = name switch
        {
            ".cfi_def_cfa" => new CfiOp(CfiKind.DefCfa, CfiRegister(Argument(args, 0)), frame.CfaOffset = CfiConstant(args, 1)),
            ".cfi_def_cfa_register" => new CfiOp(CfiKind.DefCfaRegister, CfiRegister(Argument(args, 0))),
            ".cfi_def_cfa_offset" => new CfiOp(CfiKind.DefCfaOffset, Offset: frame.CfaOffset = CfiConstant(args, 0)),
            ".cfi_adjust_cfa_offset" => new CfiOp(CfiKind.DefCfaOffset, Offset: frame.CfaOffset += CfiConstant(args, 0)),
            ".cfi_offset" => new CfiOp(CfiKind.Offset, CfiRegister(Argument(args, 0)), CfiConstant(args, 1)),
            ".cfi_rel_offset" => new CfiOp(CfiKind.Offset, CfiRegister(Argument(args, 0)), CfiConstant(args, 1) - frame.CfaOffset),
            ".cfi_undefined" => new CfiOp(CfiKind.Undefined, CfiRegister(Argument(args, 0))),
            ".cfi_same_value" => new CfiOp(CfiKind.SameValue, CfiRegister(Argument(args, 0))),
            ".cfi_register" => new CfiOp(CfiKind.Register, CfiRegister(Argument(args, 0)), Register2: CfiRegister(Argument(args, 1))),
            ".cfi_remember_state" => new CfiOp(CfiKind.RememberState),
            ".cfi_restore_state" => new CfiOp(CfiKind.RestoreState),
            ".cfi_escape" => new CfiOp(CfiKind.Escape, Bytes: [.. args.Select(a => (byte)Constant(a))]),
            ".cfi_negate_ra_state" => new CfiOp(CfiKind.NegateRaState),
            ".cfi_restore" => null,
            _ => throw Error($"unsupported CFI directive `{name}'"),
        };
        AdvanceTo(frame);
        if (op is null)
        {
            // .cfi_restore names one or more registers.
            foreach (var register in args) frame.Ops.Add(new CfiOp(CfiKind.Restore, CfiRegister(register)));
            return;
        }
        if (op.Kind == CfiKind.RememberState) frame.SavedCfaOffsets.Push(frame.CfaOffset);
        if (op.Kind == CfiKind.RestoreState && frame.SavedCfaOffsets.Count > 0) frame.CfaOffset = frame.SavedCfaOffsets.Pop();
        frame.Ops.Add(op);
    }

    /// <summary>An instruction moves the place: the next CFI instruction first advances to where it is written.</summary>
    private void AdvanceTo(FrameDescription frame)
    {
        var last = frame.LastPlace;
        if (last.Chunk == _chunk && last.Frag == _chunk.Aligns.Count && last.Offset == _chunk.Size) return;
        var here = Dot(_chunk, _chunk.Aligns.Count, _chunk.Size);
        frame.Ops.Add(new CfiOp(CfiKind.Advance, From: last, To: here));
        frame.LastPlace = here;
    }

    private long CfiConstant(List<string> args, int index) => Constant(Argument(args, index));

    /// <summary>DWARF register numbers for AArch64: x0–x30 (or w), sp 31, and the FP/SIMD registers from 64.</summary>
    private int CfiRegister(string text)
    {
        text = text.Trim().ToLowerInvariant();
        if (AsmSyntax.TryParseGpr(text, out var number, out _, out var kind) && kind != AsmSyntax.GprKind.Zero)
            return (int)number;
        if (text.Length >= 2 && text[0] is 'b' or 'h' or 's' or 'd' or 'q'
            && int.TryParse(text.AsSpan(1), out var fp) && fp is >= 0 and < 32)
            return 64 + fp;
        return Expression.Evaluate(text, this) is { IsConstant: true } v ? (int)v.Constant : throw Error("bad register expression");
    }

    /// <summary>Writes <c>.eh_frame</c> once the source is read, as GNU as does at the end of assembly.</summary>
    private void WriteEhFrame()
    {
        if (_frame is not null)
            throw new AssemblyException(_frame.Location, "open CFI at the end of file; missing .cfi_endproc directive");
        if (_frames.Count == 0) return;
        var section = GetSection(".eh_frame", SectionType.ProgBits, SectionFlags.Alloc);
        section.RecordAlignment(8);
        SwitchTo(section, 0);
        var cies = new List<(ulong Offset, bool SignalFrame, List<CfiOp> Initial)>();
        foreach (var frame in _frames)
        {
            _location = frame.Location;
            var (cie, first) = SelectCie(frame, cies);
            // GNU as pads the last FDE to the address size, so the section ends 8-aligned; the others to 4.
            WriteFde(frame, cie, frame.Ops.Skip(first), frame == _frames[^1] ? 8 : 4);
        }
    }

    /// <summary>
    /// GNU as's choice of CIE: an earlier one whose initial instructions are exactly the ones this function starts
    /// with (before its first advance, remembered state or escape), or a new one made of them.
    /// </summary>
    private (ulong Offset, int First) SelectCie(FrameDescription frame,
        List<(ulong Offset, bool SignalFrame, List<CfiOp> Initial)> cies)
    {
        static bool EndsCie(CfiOp op) => op.Kind is CfiKind.Advance or CfiKind.RememberState or CfiKind.Escape;
        foreach (var (offset, signalFrame, initial) in cies)
        {
            if (signalFrame != frame.SignalFrame || initial.Count > frame.Ops.Count) continue;
            if (!initial.Zip(frame.Ops).All(p => p.First == p.Second && !EndsCie(p.First))) continue;
            if (initial.Count == frame.Ops.Count || EndsCie(frame.Ops[initial.Count])) return (offset, initial.Count);
        }
        var count = frame.Ops.FindIndex(EndsCie);
        if (count < 0) count = frame.Ops.Count;
        var ops = frame.Ops.Take(count).ToList();
        var bytes = new List<byte>();
        bytes.AddRange([0, 0, 0, 0, 1]);
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(frame.SignalFrame ? "zRS\0" : "zR\0"));
        Uleb(bytes, CodeAlignment);
        Sleb(bytes, DataAlignment);
        bytes.Add(ReturnColumn);
        Uleb(bytes, 1);
        bytes.Add(0x1b); // FDE addresses: PC-relative, signed 4 bytes
        foreach (var op in ops) WriteCfiOp(bytes, op);
        var cieOffset = _chunk.Size;
        WriteLengthPrefixed(bytes);
        cies.Add((cieOffset, frame.SignalFrame, ops));
        return (cieOffset, count);
    }

    private void WriteFde(FrameDescription frame, ulong cieOffset, IEnumerable<CfiOp> ops, int alignment)
    {
        var start = _chunk.Size;
        var body = new List<byte>();
        Uleb(body, 0); // no augmentation data
        foreach (var op in ops) WriteCfiOp(body, op);
        // After the length: CIE pointer, PC begin, PC range, the instructions, and the alignment's DW_CFA_nops.
        var end = (start + 4 + 12 + (ulong)body.Count + (ulong)alignment - 1) & ~(ulong)(alignment - 1);
        var length = (int)(end - start - 4);
        MapState(MappingState.Data);
        EmitInteger(length, 4);
        EmitInteger((long)(start + 4 - cieOffset), 4);
        EmitValue(Value.Subtract(Value.Of(frame.Start), Value.Of(Dot(_chunk, _chunk.Aligns.Count, _chunk.Size)), false), 4);
        EmitValue(Value.Subtract(Value.Of(frame.End!), Value.Of(frame.Start), false), 4);
        Emit([.. body]);
        AlignTo((ulong)alignment, 0, ulong.MaxValue);
    }

    /// <summary>Emits a CIE with its length, then aligns to 4 bytes with DW_CFA_nop (counted in the length).</summary>
    private void WriteLengthPrefixed(List<byte> content)
    {
        MapState(MappingState.Data);
        EmitInteger(Align4(content.Count), 4);
        Emit([.. content]);
        AlignTo(4, 0, ulong.MaxValue);
    }

    private static int Align4(int n) => (n + 3) & ~3;

    private void WriteCfiOp(List<byte> bytes, CfiOp op)
    {
        switch (op.Kind)
        {
            case CfiKind.Advance:
                var distance = Value.Subtract(Value.Of(op.To!), Value.Of(op.From!), false);
                if (!distance.IsConstant) throw Error("CFI advance across an alignment of a subsection is not supported");
                var delta = distance.Constant / CodeAlignment;
                if (delta < 0x40) bytes.Add((byte)(0x40 | delta));
                else if (delta <= 0xff) bytes.AddRange([0x02, (byte)delta]);
                else if (delta <= 0xffff) bytes.AddRange([0x03, (byte)delta, (byte)(delta >> 8)]);
                else bytes.AddRange([0x04, (byte)delta, (byte)(delta >> 8), (byte)(delta >> 16), (byte)(delta >> 24)]);
                break;
            case CfiKind.DefCfa when op.Offset >= 0:
                bytes.Add(0x0c);
                Uleb(bytes, op.Register);
                Uleb(bytes, op.Offset);
                break;
            case CfiKind.DefCfa:
                bytes.Add(0x12);
                Uleb(bytes, op.Register);
                Sleb(bytes, op.Offset / DataAlignment);
                break;
            case CfiKind.DefCfaRegister:
                bytes.Add(0x0d);
                Uleb(bytes, op.Register);
                break;
            case CfiKind.DefCfaOffset when op.Offset >= 0:
                bytes.Add(0x0e);
                Uleb(bytes, op.Offset);
                break;
            case CfiKind.DefCfaOffset:
                bytes.Add(0x13);
                Sleb(bytes, op.Offset / DataAlignment);
                break;
            case CfiKind.Offset:
                var factored = op.Offset / DataAlignment;
                if (factored < 0)
                {
                    bytes.Add(0x11);
                    Uleb(bytes, op.Register);
                    Sleb(bytes, factored);
                    break;
                }
                if (op.Register < 0x40) bytes.Add((byte)(0x80 | op.Register));
                else
                {
                    bytes.Add(0x05);
                    Uleb(bytes, op.Register);
                }
                Uleb(bytes, factored);
                break;
            case CfiKind.Restore when op.Register < 0x40:
                bytes.Add((byte)(0xc0 | op.Register));
                break;
            case CfiKind.Restore:
                bytes.Add(0x06);
                Uleb(bytes, op.Register);
                break;
            case CfiKind.Undefined or CfiKind.SameValue:
                bytes.Add(op.Kind == CfiKind.Undefined ? (byte)0x07 : (byte)0x08);
                Uleb(bytes, op.Register);
                break;
            case CfiKind.Register:
                bytes.Add(0x09);
                Uleb(bytes, op.Register);
                Uleb(bytes, op.Register2);
                break;
            case CfiKind.RememberState: bytes.Add(0x0a); break;
            case CfiKind.RestoreState: bytes.Add(0x0b); break;
            case CfiKind.NegateRaState: bytes.Add(0x2d); break;
            case CfiKind.Escape: bytes.AddRange(op.Bytes!); break;
        }
    }

    internal static void Uleb(List<byte> bytes, long value)
    {
        var v = (ulong)value;
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
    }

    internal static void Sleb(List<byte> bytes, long value)
    {
        while (true)
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done) return;
        }
    }
}
