using System.Buffers.Binary;
using System.Text.RegularExpressions;
using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

/// <summary>
/// One assembly of one source file: reads statements in order (expanding macros, repetitions, conditionals and
/// includes as it goes), emits bytes into section chunks, and keeps what depends on symbols not yet known —
/// instructions and data naming symbols — to finish when the whole source is read.
/// </summary>
internal sealed partial class AssemblyRun : IExpressionScope
{
    private const uint Nop = 0xd503201f;
    // GNU as stops macro nesting at 100 too.
    private const int MaxNesting = 100;

    /// <summary>Statements that repetitions and macros may produce in all: past this the source is runaway.</summary>
    private const long MaxExpandedStatements = 1 << 20;

    private readonly string _fileName;
    private readonly Dictionary<string, AsmSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly List<AsmSection> _sections = [];
    private readonly Dictionary<string, int> _localLabelCounts = new(StringComparer.Ordinal);
    private readonly List<PendingInstruction> _pendingInstructions = [];
    private readonly List<DataFixup> _dataFixups = [];
    private AsmSection _section = null!;
    private Chunk _chunk = null!;
    private SourceLocation _location;
    private int _depth;

    public AssemblyRun(string fileName)
    {
        _fileName = fileName;
        _location = new SourceLocation(fileName, 0);
        var text = GetSection(".text", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr);
        GetSection(".data", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.Write);
        GetSection(".bss", SectionType.NoBits, SectionFlags.Alloc | SectionFlags.Write);
        SwitchTo(text, 0);
    }

    public RelocatableObject Run(string source)
    {
        Process(SourceReader.Read(source, _fileName));
        if (_conditionals.Count > 0)
            throw new AssemblyException(_conditionals[0].Location, "end of file inside conditional");
        WriteEhFrame();
        return Finish();
    }

    private AssemblyException Error(string message) => new(_location, message);

    private void Process(IReadOnlyList<Statement> statements)
    {
        if (++_depth > MaxNesting) throw Error("macros, repetitions or includes nested too deeply");
        for (var i = 0; i < statements.Count && !_exitMacro; i++)
        {
            _location = statements[i].Location;
            try
            {
                i = ProcessStatement(statements, i);
            }
            catch (ExpressionException e)
            {
                throw Error(e.Message);
            }
        }
        _depth--;
    }

    [GeneratedRegex(@"^\s*([A-Za-z_.$][\w.$]*|\d+)\s*:(?!:)")]
    private static partial Regex LabelPrefix();

    [GeneratedRegex(@"^\s*([A-Za-z_.$][\w.$]*)\s*=(?!=)(.*)$")]
    private static partial Regex Assignment();

    /// <summary>Processes the statement at <paramref name="index"/>; returns the index of the last statement consumed.</summary>
    private int ProcessStatement(IReadOnlyList<Statement> statements, int index)
    {
        var text = statements[index].Text;
        if (!Active)
        {
            var (skippedWord, skippedRest) = SplitWord(text);
            TryConditional(skippedWord.ToLowerInvariant(), skippedRest);
            return index;
        }
        while (LabelPrefix().Match(text) is { Success: true } label)
        {
            DefineLabel(label.Groups[1].Value);
            text = text[label.Length..].TrimStart();
        }
        if (text.Length == 0) return index;
        if (Assignment().Match(text) is { Success: true } assignment)
        {
            SetSymbol(assignment.Groups[1].Value, assignment.Groups[2].Value, redefine: true);
            return index;
        }
        var (word, rest) = SplitWord(text);
        if (_macros.TryGetValue(word, out var macro))
        {
            ExpandMacro(macro, rest);
            return index;
        }
        var directive = word.ToLowerInvariant();
        if (TryConditional(directive, rest)) return index;
        switch (directive)
        {
            case ".macro":
                return DefineMacro(statements, index, rest);
            case ".rept" or ".irp" or ".irpc":
                return Repeat(statements, index, directive, rest);
            case ".exitm":
                if (_macroDepth == 0) throw Error(".exitm outside of a macro");
                _exitMacro = true;
                return index;
        }
        if (word.StartsWith('.')) Directive(directive, rest);
        else Instruction(word, rest);
        return index;
    }

    private static (string Word, string Tail) SplitWord(string text)
    {
        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
        return (text[..end], text[end..].Trim());
    }

    // ---- Sections ----

    private AsmSection GetSection(string name, SectionType type, SectionFlags flags)
    {
        var section = _sections.Find(s => s.Name == name);
        if (section is null)
        {
            section = new AsmSection(name, type, flags);
            _sections.Add(section);
        }
        return section;
    }

    private void SwitchTo(AsmSection section, int subsection)
    {
        if (_section is not null) _previous = (_section, _chunk.Subsection);
        _section = section;
        _chunk = section.Chunk(subsection);
    }

    // ---- Symbols ----

    private AsmSymbol Lookup(string name)
    {
        if (!_symbols.TryGetValue(name, out var symbol)) _symbols[name] = symbol = new AsmSymbol(name);
        return symbol;
    }

    private void DefineLabel(string name)
    {
        if (char.IsAsciiDigit(name[0]))
        {
            var instance = _localLabelCounts.GetValueOrDefault(name) + 1;
            _localLabelCounts[name] = instance;
            name = LocalLabels.Name(name, instance);
        }
        var symbol = Lookup(name);
        // GNU as lets a label be defined again at the same place.
        if (symbol.Kind == AsmSymbolKind.Label && symbol.Chunk == _chunk && symbol.Offset == _chunk.Size
            && symbol.Frag == _chunk.Aligns.Count)
            return;
        if (symbol.Kind != AsmSymbolKind.Undefined) throw Error($"symbol `{name}' is already defined");
        symbol.Kind = AsmSymbolKind.Label;
        symbol.Chunk = _chunk;
        symbol.Offset = _chunk.Size;
        symbol.Frag = _chunk.Aligns.Count;
    }

    private void SetSymbol(string name, string expression, bool redefine)
    {
        var symbol = Lookup(name);
        if (symbol.Kind == AsmSymbolKind.Label || (!redefine && symbol.Kind != AsmSymbolKind.Undefined))
            throw Error($"symbol `{name}' is already defined");
        var value = Expression.Evaluate(expression, this);
        if (value.Terms.Any(t => t.Symbol == symbol)) throw Error($"symbol `{name}' is defined in terms of itself");
        if (symbol.Kind == AsmSymbolKind.Equated)
        {
            // Set again: what was already written keeps the old value in a local copy, as GNU as clones the symbol.
            var old = symbol;
            _symbols[name] = symbol = new AsmSymbol(name)
            {
                Binding = old.Binding,
                Type = old.Type,
                Visibility = old.Visibility,
                SizeExpression = old.SizeExpression,
            };
            old.Binding = null;
        }
        symbol.Kind = AsmSymbolKind.Equated;
        symbol.Equated = value;
        if (value.TrySplit(out var plus, out var minus) && plus is not null && minus is null)
        {
            // Set to a symbol plus a constant: GNU as passes on function/object type and size.
            if (plus.Type == SymbolType.Func || (plus.Type == SymbolType.Object && symbol.Type != SymbolType.Func))
                symbol.Type = plus.Type;
            symbol.SizeExpression ??= plus.SizeExpression;
        }
    }

    Value IExpressionScope.Symbol(string name)
    {
        var symbol = Lookup(name);
        symbol.Referenced = true;
        return ValueOf(symbol, final: false, 0);
    }

    internal AsmSymbol LookupSymbol(string name) => Lookup(name);

    /// <summary>
    /// What a symbol stands for. A symbol set to a label plus a constant is, as in GNU as, a label of its own at
    /// that place (with its own binding); one set to an undefined symbol stands for that symbol.
    /// </summary>
    internal Value ValueOf(AsmSymbol symbol, bool final, int depth)
    {
        if (symbol.Kind != AsmSymbolKind.Equated) return Value.Of(symbol);
        if (depth > 100) throw new ExpressionException($"symbol `{symbol.Name}' is defined in terms of itself");
        var value = Expand(symbol.Equated, final, depth + 1);
        if (value.IsConstant || !value.TrySplit(out var plus, out var minus) || minus is not null) return value;
        if (!final) return Value.Of(symbol);
        if (!plus!.IsLabel) return value;
        symbol.Kind = AsmSymbolKind.Label;
        symbol.Chunk = plus.Chunk;
        symbol.Frag = plus.Frag;
        symbol.Offset = plus.Offset + (ulong)value.Constant;
        return Value.Of(symbol);
    }

    /// <summary>Replaces equated symbols in a value by what they stand for now, and folds.</summary>
    private Value Expand(Value value, bool final, int depth = 0)
    {
        var result = new Value(value.Constant);
        foreach (var term in value.Terms)
        {
            var v = ValueOf(term.Symbol, final, depth);
            result = Value.Add(result, term.Sign == 1 ? v : v.Negate(), final);
        }
        return result;
    }

    AsmSymbol IExpressionScope.Dot() => Dot(_chunk, _chunk.Aligns.Count, _chunk.Size);

    internal static AsmSymbol Dot(Chunk chunk, int frag, ulong offset) =>
        new(".") { Kind = AsmSymbolKind.Label, Chunk = chunk, Frag = frag, Offset = offset };

    AsmSymbol IExpressionScope.LocalLabel(string number, bool forward) => LocalLabel(number, forward, null);

    /// <summary>Numeric label <paramref name="number"/> as seen where the label counts were <paramref name="counts"/> (null: now).</summary>
    internal AsmSymbol LocalLabel(string number, bool forward, IReadOnlyDictionary<string, int>? counts)
    {
        var instance = (counts ?? _localLabelCounts).GetValueOrDefault(number);
        if (!forward && instance == 0) throw new ExpressionException($"backward ref to unknown label \"{number}:\"");
        return Lookup(LocalLabels.Name(number, forward ? instance + 1 : instance));
    }

    bool IExpressionScope.Final => false;

    // ---- Emitting ----

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        if (_section.Type == SectionType.NoBits && bytes.ContainsAnyExcept((byte)0))
            throw Error($"attempt to store non-zero value in section `{_section.Name}'");
        _chunk.Bytes.AddRange(bytes);
    }

    private void EmitWord(uint word)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, word);
        Emit(b);
    }

    /// <summary>GNU as's mapping_state: called before instructions and before data written by data directives.</summary>
    private void MapState(MappingState state)
    {
        if (state == MappingState.Code) _section.RecordAlignment(4);
        if (_section.State == state) return;
        // Data at the start of a non-code section needs no $d.
        if (_section.State == MappingState.Undefined && state == MappingState.Data && !_section.IsCode) return;
        // Code after unmarked data: GNU as marks the start of the section's first subsection as data (whichever
        // subsection the data was in).
        var first = _section.Chunks.Values.First();
        if (_section.State == MappingState.Undefined && state == MappingState.Code && (_chunk != first || _chunk.Size > 0))
            first.Mappings.Add(new MappingSymbol(0, MappingState.Data));
        MapStateAt(state);
    }

    /// <summary>GNU as's mapping_state_2: a mapping symbol here unless the state is already this one.</summary>
    private void MapStateAt(MappingState state)
    {
        if (_section.State == state) return;
        _section.State = state;
        _chunk.Mappings.Add(new MappingSymbol(_chunk.Size, state, _chunk.Aligns.Count));
    }

    /// <summary>
    /// GNU as aligns an instruction to a word, as <c>.balign 4</c> would, only where code follows data in a code
    /// section (it takes code sections to start aligned, and nothing else to misalign code).
    /// </summary>
    private void StartInstruction()
    {
        if (_section.IsCode && _section.State == MappingState.Data) AlignTo(4, null, ulong.MaxValue);
        MapState(MappingState.Code);
    }

    private void Instruction(string mnemonic, string operands)
    {
        StartInstruction();
        var offset = _chunk.Size;
        var frag = _chunk.Aligns.Count;
        var context = new OperandContext(this, _chunk, frag, offset, null, null);
        if (!TryEncode(mnemonic, operands, context, out var word))
            throw Error(context.ExpressionError ?? EncodeError(mnemonic, operands));
        if (context.NeedsFinal)
        {
            _pendingInstructions.Add(new PendingInstruction(_chunk, frag, offset, mnemonic, operands,
                new Dictionary<string, int>(_localLabelCounts), context.Symbols, _location));
        }
        EmitWord(word);
    }

    private static string EncodeError(string mnemonic, string operands)
    {
        var line = operands.Length > 0 ? $"{mnemonic} {operands}" : mnemonic;
        return EncodingTable.WithMnemonic(mnemonic.ToLowerInvariant()).Any()
            ? $"invalid operands -- `{line}'"
            : $"unknown mnemonic `{mnemonic}' -- `{line}'";
    }

    /// <summary>
    /// Tries each row written with the mnemonic, as <see cref="InstructionEncoder"/> does, starting every row afresh
    /// so that only the row kept leaves its relocation and marks the symbols it names as used.
    /// </summary>
    private static bool TryEncode(string mnemonic, string operands, OperandContext context, out uint word)
    {
        var texts = AsmSyntax.SplitAtTopLevelCommas(operands);
        foreach (var (encoding, familyValue) in EncodingTable.WithMnemonic(mnemonic.ToLowerInvariant()))
        {
            context.StartRow();
            if (!InstructionEncoder.TryEncode(encoding, familyValue, texts, context, out word)) continue;
            context.MarkReferenced();
            return true;
        }
        word = 0;
        return false;
    }

    private sealed record PendingInstruction(Chunk Chunk, int Frag, ulong Offset, string Mnemonic, string Operands,
        IReadOnlyDictionary<string, int> LocalLabelCounts, IReadOnlyDictionary<string, AsmSymbol> Symbols,
        SourceLocation Location);

    private sealed record DataFixup(Chunk Chunk, int Frag, ulong Offset, int Size, Value Value, SourceLocation Location);
}
