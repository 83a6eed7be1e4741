using System.Buffers.Binary;
using System.Numerics;
using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

/// <summary>The directives that are not about macros, repetition or conditionals.</summary>
internal sealed partial class AssemblyRun
{
    private readonly Stack<((AsmSection, int) Current, (AsmSection, int)? Previous)> _sectionStack = new();
    private (AsmSection Section, int Subsection)? _previous;
    private string? _fileSymbol;

    private void Directive(string name, string rest)
    {
        switch (name)
        {
            case ".text": SwitchTo(_sections[0], Subsection(rest)); break;
            case ".data": SwitchTo(_sections[1], Subsection(rest)); break;
            case ".bss":
                SwitchTo(_sections[2], Subsection(rest));
                MapState(MappingState.Data);
                break;
            case ".section": Section(rest, push: false); break;
            case ".pushsection": Section(rest, push: true); break;
            case ".popsection":
                // GNU as only warns about an unmatched .popsection and ignores it.
                if (_sectionStack.Count == 0) break;
                var ((section, subsection), previous) = _sectionStack.Pop();
                SwitchTo(section, subsection);
                _previous = previous;
                break;
            case ".previous":
                if (_previous is { } p) SwitchTo(p.Section, p.Subsection);
                break;
            case ".subsection": SwitchTo(_section, (int)Constant(rest)); break;

            case ".globl" or ".global": ForEachSymbol(rest, s => s.Binding = SymbolBinding.Global); break;
            case ".local": ForEachSymbol(rest, s => s.Binding = SymbolBinding.Local); break;
            case ".weak": ForEachSymbol(rest, s => s.Binding = SymbolBinding.Weak); break;
            case ".hidden": ForEachSymbol(rest, s => s.Visibility = SymbolVisibility.Hidden); break;
            case ".protected": ForEachSymbol(rest, s => s.Visibility = SymbolVisibility.Protected); break;
            case ".internal": ForEachSymbol(rest, s => s.Visibility = SymbolVisibility.Internal); break;
            case ".type": SymbolTypeDirective(rest); break;
            case ".comm": Common(rest); break;
            case ".lcomm": LocalCommon(rest); break;
            case ".size": SizeDirective(rest); break;
            case ".set" or ".equ" or ".equiv":
                var args = AsmSyntax.SplitAtTopLevelCommas(rest);
                if (args.Count != 2) throw Error($"expected symbol name and expression after {name}");
                SetSymbol(args[0], args[1], redefine: name != ".equiv");
                break;

            case ".align" or ".p2align": Align(rest, powerOfTwo: true); break;
            case ".balign": Align(rest, powerOfTwo: false); break;

            case ".byte": Data(rest, 1); break;
            case ".hword" or ".short" or ".2byte": Data(rest, 2); break;
            case ".word" or ".long" or ".int" or ".4byte": Data(rest, 4); break;
            case ".quad" or ".xword" or ".dword" or ".8byte": Data(rest, 8); break;
            case ".ascii": Strings(rest, terminate: false); break;
            case ".asciz" or ".string": Strings(rest, terminate: true); break;
            case ".zero": Space(Constant(rest), 0); break;
            case ".skip" or ".space":
                var space = AsmSyntax.SplitAtTopLevelCommas(rest);
                Space(Constant(Argument(space, 0)), space.Count > 1 ? (byte)Constant(space[1]) : (byte)0);
                break;
            case ".fill": Fill(rest); break;
            case ".inst": Inst(rest); break;
            case ".org": Org(rest); break;
            case ".uleb128": Leb128(rest, signed: false); break;
            case ".sleb128": Leb128(rest, signed: true); break;
            case ".purgem":
                if (!_macros.Remove(rest.Trim())) throw Error($".purgem: macro `{rest.Trim()}' is not defined");
                break;

            case ".include": Include(rest); break;
            case ".incbin": IncludeBinary(rest); break;
            case ".file": File(rest); break;
            case ".ident": Ident(rest); break;
            case ".end": _exitMacro = true; break;
            case ".error": throw Error(Unquote(rest));
            case ".err": throw Error(".err encountered");

            // Accepted and without effect on the object: PatchLab emits no debug sections.
            case ".loc" or ".arch" or ".arch_extension" or ".cpu" or ".warning" or ".print" or ".ltorg" or ".pool":
                break;
            default:
                if (name.StartsWith(".cfi_", StringComparison.Ordinal)) CfiDirective(name, rest);
                else throw Error($"unknown pseudo-op: `{name}'");
                break;
        }
    }

    private string Argument(List<string> args, int index) =>
        index < args.Count ? args[index] : throw Error("missing operand");

    private int Subsection(string rest) => rest.Length == 0 ? 0 : (int)Constant(rest);

    private long Constant(string expression) => Expression.EvaluateConstant(expression, this);

    // ---- Sections ----

    /// <summary>Types and flags GNU as gives a section it knows by name (or by name prefix and a dot).</summary>
    private static (SectionType Type, SectionFlags Flags, ulong EntrySize)? KnownSection(string name)
    {
        static bool Is(string name, string known) =>
            name == known || name.StartsWith(known + ".", StringComparison.Ordinal);
        const SectionFlags aw = SectionFlags.Alloc | SectionFlags.Write;
        if (Is(name, ".text")) return (SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr, 0);
        if (Is(name, ".data") || Is(name, ".data1")) return (SectionType.ProgBits, aw, 0);
        if (Is(name, ".bss")) return (SectionType.NoBits, aw, 0);
        if (Is(name, ".rodata") || Is(name, ".rodata1")) return (SectionType.ProgBits, SectionFlags.Alloc, 0);
        if (Is(name, ".tdata")) return (SectionType.ProgBits, aw | SectionFlags.Tls, 0);
        if (Is(name, ".tbss")) return (SectionType.NoBits, aw | SectionFlags.Tls, 0);
        if (Is(name, ".init_array")) return (SectionType.InitArray, aw, 8);
        if (Is(name, ".fini_array")) return (SectionType.FiniArray, aw, 8);
        if (Is(name, ".preinit_array")) return (SectionType.PreinitArray, aw, 8);
        if (name.StartsWith(".note", StringComparison.Ordinal)) return (SectionType.Note, SectionFlags.None, 0);
        return null;
    }

    private void Section(string rest, bool push)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        if (args.Count == 0 || args[0].Length == 0) throw Error("missing name");
        var name = Unquote(args[0]);
        var subsection = 0;
        if (push && args.Count == 2 && !args[1].StartsWith('"'))
        {
            subsection = (int)Constant(args[1]);
            args.RemoveAt(1);
        }
        var known = KnownSection(name);
        SectionFlags? flags = args.Count > 1 ? ParseFlags(Unquote(args[1])) : null;
        SectionType? type = args.Count > 2 ? ParseType(args[2]) : null;
        // Flags given again for an existing section are ignored, as GNU as does (with a warning).
        var existing = _sections.Find(s => s.Name == name);
        var section = existing ?? GetSection(name, type ?? known?.Type ?? SectionType.ProgBits,
            flags ?? known?.Flags ?? SectionFlags.None);
        if (existing is null)
        {
            section.EntrySize = known?.EntrySize ?? 0;
            var extra = args.Count > 3 ? args[3] : null;
            if (extra is not null && (section.Flags & SectionFlags.Merge) != 0) section.EntrySize = (ulong)Constant(extra);
            else if (extra is not null && (section.Flags & SectionFlags.LinkOrder) != 0) section.LinkSymbol = extra;
        }
        if (push) _sectionStack.Push(((_section, _chunk.Subsection), _previous));
        SwitchTo(section, subsection);
    }

    private SectionFlags ParseFlags(string text)
    {
        var flags = SectionFlags.None;
        foreach (var c in text)
        {
            flags |= c switch
            {
                'a' => SectionFlags.Alloc,
                'w' => SectionFlags.Write,
                'x' => SectionFlags.ExecInstr,
                'M' => SectionFlags.Merge,
                'S' => SectionFlags.Strings,
                'T' => SectionFlags.Tls,
                'o' => SectionFlags.LinkOrder,
                _ => throw Error($"unknown section attribute '{c}'"),
            };
        }
        return flags;
    }

    private SectionType ParseType(string text) => text.TrimStart('%', '@') switch
    {
        "progbits" => SectionType.ProgBits,
        "nobits" => SectionType.NoBits,
        "note" => SectionType.Note,
        "init_array" => SectionType.InitArray,
        "fini_array" => SectionType.FiniArray,
        "preinit_array" => SectionType.PreinitArray,
        _ => throw Error($"unrecognized section type `{text}'"),
    };

    // ---- Symbols ----

    private void ForEachSymbol(string rest, Action<AsmSymbol> apply)
    {
        foreach (var name in AsmSyntax.SplitAtTopLevelCommas(rest))
        {
            if (name.Length == 0 || !name.All(Expression.IsSymbolChar)) throw Error($"bad symbol name `{name}'");
            apply(Lookup(name));
        }
    }

    /// <summary>
    /// <c>.comm name, size[, alignment]</c>: a common symbol, or space in .bss if the name was declared
    /// <c>.local</c>. Without an alignment GNU as aligns a common symbol to its size rounded up to a power of two
    /// (at most 16), and local space not at all.
    /// </summary>
    private void Common(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        if (args.Count is < 2 or > 3) throw Error("expected symbol name and size after .comm");
        var symbol = CommonSymbol(args[0]);
        var size = (ulong)SpaceSize(Constant(args[1]));
        ulong? alignment = args.Count > 2 ? (ulong)Constant(args[2]) : null;
        if (alignment is { } a && (a > 1 << 28 || !BitOperations.IsPow2(a)))
            throw Error("alignment not a power of 2");
        if (symbol.Binding == SymbolBinding.Local)
        {
            AllocateInBss(symbol, size, alignment ?? 1);
            return;
        }
        symbol.Kind = AsmSymbolKind.Common;
        symbol.CommonBlock = (size, alignment ?? Math.Min(16, BitOperations.RoundUpToPowerOf2(Math.Max(size, 1))));
        if (symbol.Type == SymbolType.NoType) symbol.Type = SymbolType.Object;
    }

    /// <summary><c>.lcomm name, size</c>: local space in .bss, aligned by its size as GNU as does (at most 8).</summary>
    private void LocalCommon(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        if (args.Count != 2) throw Error("expected symbol name and size after .lcomm");
        var size = (ulong)SpaceSize(Constant(args[1]));
        var alignment = size >= 8 ? 8UL : size >= 4 ? 4UL : size >= 2 ? 2UL : 1UL;
        AllocateInBss(CommonSymbol(args[0]), size, alignment);
    }

    private AsmSymbol CommonSymbol(string name)
    {
        var symbol = Lookup(name.Trim());
        if (symbol.Kind != AsmSymbolKind.Undefined) throw Error($"symbol `{symbol.Name}' is already defined");
        return symbol;
    }

    /// <summary>GNU as's bss_alloc: the space goes in subsection 1 of .bss, after whatever .bss itself holds.</summary>
    private void AllocateInBss(AsmSymbol symbol, ulong size, ulong alignment)
    {
        var (section, chunk) = (_section, _chunk);
        _section = _sections[2];
        _chunk = _section.Chunk(1);
        if (alignment > 1) AlignTo(alignment, null, ulong.MaxValue);
        symbol.Kind = AsmSymbolKind.Label;
        symbol.Chunk = _chunk;
        symbol.Frag = _chunk.Aligns.Count;
        symbol.Offset = _chunk.Size;
        if (symbol.Type == SymbolType.NoType) symbol.Type = SymbolType.Object;
        symbol.SizeExpression = (new Value((long)size), _location);
        Emit(new byte[size]);
        (_section, _chunk) = (section, chunk);
    }

    private void SymbolTypeDirective(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        if (args.Count != 2) throw Error("expected symbol name and type after .type");
        var type = args[1].TrimStart('%', '@', '#').Trim('"') switch
        {
            "function" or "STT_FUNC" => SymbolType.Func,
            "object" or "STT_OBJECT" => SymbolType.Object,
            "notype" or "STT_NOTYPE" => SymbolType.NoType,
            "tls_object" or "STT_TLS" => SymbolType.Tls,
            "common" or "STT_COMMON" => SymbolType.Common,
            _ => throw Error($"unrecognized symbol type \"{args[1]}\""),
        };
        ForEachSymbol(args[0], s => s.Type = type);
    }

    private void SizeDirective(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        if (args.Count != 2) throw Error("expected symbol name and size after .size");
        var value = Expression.Evaluate(args[1], this);
        var location = _location;
        ForEachSymbol(args[0], s => s.SizeExpression = (value, location));
    }

    // ---- Data ----

    private void Align(string rest, bool powerOfTwo)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        if (args.Count == 0 || args[0].Length == 0) throw Error("expected alignment");
        var amount = Constant(args[0]);
        if (amount < 0 || (powerOfTwo ? amount > 28 : amount > 1 << 28 || (amount & (amount - 1)) != 0))
            throw Error(amount < 0 || amount > 1 << 28 || powerOfTwo ? "alignment too large" : "alignment not a power of 2");
        var alignment = powerOfTwo ? 1UL << (int)amount : Math.Max(1UL, (ulong)amount);
        byte? fill = args.Count > 1 && args[1].Length > 0 ? (byte)Constant(args[1]) : null;
        var maxSkip = args.Count > 2 ? (ulong)Constant(args[2]) : ulong.MaxValue;
        // Aligning to 1 changes nothing, and GNU as does not even mark the place.
        if (alignment > 1) AlignTo(alignment, fill, maxSkip);
    }

    private void AlignTo(ulong alignment, byte? fill, ulong maxSkip)
    {
        _section.RecordAlignment(alignment);
        MapStateAt(_section.IsCode ? MappingState.Code : MappingState.Data);
        var padding = PaddingFor(_chunk.Size, alignment, maxSkip);
        _chunk.Aligns.Add(new AlignFrag(_chunk.Size, padding, alignment, fill, maxSkip));
        _chunk.Bytes.AddRange(Padding(padding, fill, _section.IsCode, null, 0));
    }

    private static ulong PaddingFor(ulong at, ulong alignment, ulong maxSkip)
    {
        var padding = (alignment - at % alignment) % alignment;
        return padding > maxSkip ? 0 : padding;
    }

    /// <summary>
    /// The padding bytes of an alignment. Code sections pad with NOPs, after zero bytes up to a word boundary that
    /// GNU as marks with $d (and the NOPs with $x) in <paramref name="mappings"/>, if given.
    /// </summary>
    private static byte[] Padding(ulong count, byte? fill, bool code, List<MappingSymbol>? mappings, ulong at)
    {
        var bytes = new byte[count];
        if (!code || fill is not null)
        {
            Array.Fill(bytes, fill ?? 0);
            return bytes;
        }
        var zeros = (int)(count % 4);
        if (zeros != 0 && mappings is not null)
        {
            if (mappings.Count > 0 && mappings[^1].Offset == at) mappings.RemoveAt(mappings.Count - 1);
            mappings.Add(new MappingSymbol(at, MappingState.Data));
            mappings.Add(new MappingSymbol(at + (ulong)zeros, MappingState.Code));
        }
        for (var i = zeros; i < bytes.Length; i += 4)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i), Nop);
        return bytes;
    }

    private void Data(string rest, int size)
    {
        MapState(MappingState.Data);
        foreach (var item in AsmSyntax.SplitAtTopLevelCommas(rest))
        {
            if (item.Length == 0) throw Error("missing expression");
            EmitValue(Expression.Evaluate(item, this), size);
        }
    }

    /// <summary>Emits a value of <paramref name="size"/> bytes; one that names symbols is finished at the end.</summary>
    private void EmitValue(Value value, int size)
    {
        if (!value.IsConstant)
            _dataFixups.Add(new DataFixup(_chunk, _chunk.Aligns.Count, _chunk.Size, size, value, _location));
        EmitInteger(value.IsConstant ? value.Constant : 0, size);
    }

    private void EmitInteger(long value, int size)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        Emit(b[..size]);
    }

    private void Strings(string rest, bool terminate)
    {
        MapState(MappingState.Data);
        foreach (var item in AsmSyntax.SplitAtTopLevelCommas(rest))
        {
            Emit(StringBytes(item));
            if (terminate) Emit([0]);
        }
    }

    /// <summary>The bytes of a string literal with GNU as's escapes (\n \t \\ \" octal \101, hex \x41).</summary>
    private byte[] StringBytes(string literal)
    {
        literal = literal.Trim();
        if (literal.Length < 2 || literal[0] != '"' || literal[^1] != '"')
            throw Error($"expected string in quotes: `{literal}'");
        var bytes = new List<byte>();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c != '\\' || i + 1 >= literal.Length - 1)
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            c = literal[++i];
            if (c is >= '0' and <= '7')
            {
                var v = 0;
                for (var n = 0; n < 3 && i < literal.Length - 1 && literal[i] is >= '0' and <= '7'; n++, i++)
                    v = v * 8 + (literal[i] - '0');
                i--;
                bytes.Add((byte)v);
            }
            else if (c is 'x' or 'X')
            {
                var v = 0;
                while (i + 1 < literal.Length - 1 && Uri.IsHexDigit(literal[i + 1]))
                    v = v * 16 + Convert.ToInt32(literal[++i].ToString(), 16);
                bytes.Add((byte)v);
            }
            else
            {
                bytes.Add((byte)Expression.Escape(c));
            }
        }
        return [.. bytes];
    }

    private static string Unquote(string text)
    {
        text = text.Trim();
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
    }

    /// <summary>Sizes past this are a mistake in the source, not something to allocate.</summary>
    private const long MaxSpace = 1L << 30;

    private long SpaceSize(long size) =>
        size is >= 0 and <= MaxSpace ? size : throw Error($"size {size} is negative or too large");

    private void Space(long count, byte fill)
    {
        if (count < 0) throw Error($"space count is negative: {count}");
        SpaceSize(count);
        // An empty space is nothing at all to GNU as: not even a mapping symbol.
        if (count == 0) return;
        MapStateAt(MappingState.Data);
        var bytes = new byte[count];
        Array.Fill(bytes, fill);
        Emit(bytes);
    }

    private void Fill(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        var repeat = Constant(Argument(args, 0));
        var size = args.Count > 1 && args[1].Length > 0 ? Constant(args[1]) : 1;
        var value = args.Count > 2 ? Constant(args[2]) : 0;
        if (repeat < 0 || size < 0) throw Error("fill size or repeat count is negative");
        if (size > 0) SpaceSize(repeat > MaxSpace / size ? MaxSpace + 1 : repeat * size);
        if (repeat == 0 || size == 0) return;
        MapStateAt(MappingState.Data);
        // GNU as writes at most 8 bytes of the value, little-endian; wider fills are zero beyond that.
        var unit = new byte[size];
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(v, size >= 8 ? value : value & (long)((1UL << (int)(8 * Math.Min(size, 8))) - 1));
        v[..(int)Math.Min(size, 8)].CopyTo(unit);
        for (var i = 0; i < repeat; i++) Emit(unit);
    }

    /// <summary>
    /// <c>.org</c>: pads up to an offset (a constant, or <c>.</c> and labels of this section plus a constant); the
    /// ALTERNATIVE macros use it to check that old and new instructions have the same length. Where labels may
    /// still move, the padding is worked out again at layout.
    /// </summary>
    private void Org(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        var value = Expression.Evaluate(Argument(args, 0), this);
        var fill = args.Count > 1 ? (byte)Constant(args[1]) : (byte)0;
        if (value.Terms.Any(t => !t.Symbol.IsLabel || t.Symbol.Chunk!.Section != _section))
            throw Error("cannot handle .org to this expression");
        var provisional = OrgTarget(value, final: false) is { } target ? target - (long)_chunk.Size : 0;
        if (provisional < 0) throw Error("attempt to move .org backwards");
        _chunk.Aligns.Add(new AlignFrag(_chunk.Size, (ulong)provisional, 1, fill, ulong.MaxValue, value, _location));
        var bytes = new byte[SpaceSize(provisional)];
        Array.Fill(bytes, fill);
        Emit(bytes);
    }

    /// <summary>The section offset a <c>.org</c> value stands for (before layout: the chunk offset, if known yet).</summary>
    private long? OrgTarget(Value value, bool final)
    {
        var target = value.Constant;
        foreach (var term in value.Terms)
        {
            var symbol = term.Symbol;
            if (!final && (symbol.Chunk != _chunk || (!symbol.Chunk.IsFirst && symbol.Frag != _chunk.Aligns.Count)))
                return null;
            target += term.Sign * (long)(final ? symbol.FinalOffset : symbol.Offset);
        }
        return target;
    }

    private void Leb128(string rest, bool signed)
    {
        MapState(MappingState.Data);
        foreach (var item in AsmSyntax.SplitAtTopLevelCommas(rest))
        {
            var value = Expression.Evaluate(item, this);
            if (!value.IsConstant) throw Error($"{(signed ? ".sleb128" : ".uleb128")} needs a constant");
            var bytes = new List<byte>();
            if (signed) Sleb(bytes, value.Constant);
            else Uleb(bytes, value.Constant);
            Emit([.. bytes]);
        }
    }

    private void Inst(string rest)
    {
        StartInstruction();
        foreach (var item in AsmSyntax.SplitAtTopLevelCommas(rest))
        {
            var value = Expression.Evaluate(item, this);
            if (!value.IsConstant) throw Error("constant expression required");
            EmitWord((uint)value.Constant);
        }
    }

    // ---- Files ----

    private void Include(string rest)
    {
        var path = IncludedPath(Unquote(rest));
        Process(SourceReader.Read(ReadIncluded(path, System.IO.File.ReadAllText), path));
    }

    /// <summary><c>.incbin "file"[, skip[, count]]</c>: the file's bytes as data.</summary>
    private void IncludeBinary(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        var bytes = ReadIncluded(IncludedPath(Unquote(Argument(args, 0))), System.IO.File.ReadAllBytes);
        var skip = args.Count > 1 ? Constant(args[1]) : 0;
        var count = args.Count > 2 ? Constant(args[2]) : bytes.Length - skip;
        if (skip < 0 || skip > bytes.Length || count < 0 || skip + count > bytes.Length)
            throw Error($"skip ({skip}) or count ({count}) invalid for file size ({bytes.Length})");
        MapState(MappingState.Data);
        Emit(bytes.AsSpan((int)skip, (int)count));
    }

    /// <summary>Files named by <c>.include</c> and <c>.incbin</c> are found beside the file that names them.</summary>
    private string IncludedPath(string name)
    {
        if (name.Length == 0) throw Error("missing file name");
        return Path.Combine(Path.GetDirectoryName(_location.File) ?? "", name);
    }

    private T ReadIncluded<T>(string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException)
        {
            throw Error($"can't open {Path.GetFileName(path)} for reading: {e.Message}");
        }
    }

    private void File(string rest)
    {
        var args = AsmSyntax.SplitAtTopLevelCommas(rest);
        // `.file N "name"` is DWARF line information; only `.file "name"` names the source in the symbol table.
        if (args.Count == 1 && args[0].StartsWith('"')) _fileSymbol = Unquote(args[0]);
    }

    private void Ident(string rest)
    {
        var comment = _sections.Find(s => s.Name == ".comment");
        if (comment is null)
        {
            comment = GetSection(".comment", SectionType.ProgBits, SectionFlags.Merge | SectionFlags.Strings);
            comment.EntrySize = 1;
            comment.Chunk(0).Bytes.Add(0);
        }
        var chunk = comment.Chunk(0);
        chunk.Bytes.AddRange(StringBytes(rest));
        chunk.Bytes.Add(0);
    }
}
