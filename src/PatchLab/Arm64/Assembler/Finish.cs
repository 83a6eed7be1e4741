using System.Buffers.Binary;
using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

/// <summary>The end of an assembly: layout, the instructions and data that waited for symbols, the symbol table.</summary>
internal sealed partial class AssemblyRun
{
    private readonly Dictionary<AsmSection, ObjectSection> _outputSections = [];
    private readonly Dictionary<AsmSection, ObjectSymbol> _sectionSymbols = [];
    private readonly Dictionary<AsmSymbol, ObjectSymbol> _outputSymbols = [];

    private RelocatableObject Finish()
    {
        var result = new RelocatableObject { Name = _fileName };
        var mappings = new List<ObjectSymbol>();
        foreach (var section in _sections)
        {
            CloseSubsections(section);
            var (bytes, sectionMappings) = Layout(section, OrgPadding);
            var output = new ObjectSection(section.Name, section.Type, section.Flags)
            {
                Alignment = section.Alignment,
                EntrySize = section.EntrySize,
            };
            if (section.Type == SectionType.NoBits) output.Size = (ulong)bytes.Length;
            else output.Data = bytes;
            _outputSections[section] = output;
            _sectionSymbols[section] = new ObjectSymbol("") { Section = output, Type = SymbolType.Section };
            result.Sections.Add(output);
            mappings.AddRange(sectionMappings.Select(m =>
                new ObjectSymbol(m.State == MappingState.Code ? "$x" : "$d") { Section = output, Value = m.Offset }));
        }

        foreach (var pending in _pendingInstructions) FinishInstruction(pending);
        foreach (var fixup in _dataFixups) FinishData(fixup);

        foreach (var section in _sections)
        {
            var output = _outputSections[section];
            if (section.LinkSymbol is { } link) output.LinkedSection = LinkedSection(link);
            // GNU as lists relocations in the order of the places they patch.
            var ordered = output.Relocations.OrderBy(r => r.Offset).ToList();
            output.Relocations.Clear();
            output.Relocations.AddRange(ordered);
        }

        if (_fileSymbol is not null)
            result.Symbols.Add(new ObjectSymbol(_fileSymbol) { IsAbsolute = true, Type = SymbolType.File });
        result.Symbols.AddRange(_sections.Select(s => _sectionSymbols[s]));
        result.Symbols.AddRange(mappings);
        var named = NamedSymbols();
        result.Symbols.AddRange(named.Where(s => s.Binding == SymbolBinding.Local));
        result.Symbols.AddRange(named.Where(s => s.Binding != SymbolBinding.Local));
        return result;
    }

    /// <summary>
    /// GNU as ends every subsection with an empty alignment, which marks the subsection's end as code (in a code
    /// section) or data if the section's mapping state is not that already.
    /// </summary>
    private static void CloseSubsections(AsmSection section)
    {
        var state = section.IsCode ? MappingState.Code : MappingState.Data;
        foreach (var chunk in section.Chunks.Values)
        {
            if (section.State == state) return;
            section.State = state;
            chunk.Mappings.Add(new MappingSymbol(chunk.Size, state, chunk.Aligns.Count));
        }
    }

    /// <summary>
    /// Places a section's chunks in subsection order, pads each alignment for where it really lands, and returns the
    /// section's bytes and mapping symbols. As GNU as does, a mapping symbol followed by another at the same offset,
    /// or at the very end of the section, is dropped.
    /// </summary>
    private static (byte[] Bytes, List<MappingSymbol> Mappings) Layout(AsmSection section,
        Func<AlignFrag, ulong, ulong> orgPadding)
    {
        var bytes = new List<byte>();
        var mappings = new List<MappingSymbol>();
        foreach (var chunk in section.Chunks.Values)
        {
            var start = (ulong)bytes.Count;
            var shiftAfter = new long[chunk.Aligns.Count + 1];
            // Placed now: a .org works out its padding from the labels before it.
            chunk.Place(start, shiftAfter);
            var chunkMappings = chunk.Mappings.OrderBy(m => m.Frag).ThenBy(m => m.Offset).ToList();
            var nextMapping = 0;
            var copied = 0;

            void CopyUpTo(int frag, int end)
            {
                for (; nextMapping < chunkMappings.Count && chunkMappings[nextMapping].Frag == frag; nextMapping++)
                {
                    var m = chunkMappings[nextMapping];
                    mappings.Add(new MappingSymbol((ulong)((long)start + (long)m.Offset + shiftAfter[frag]), m.State));
                }
                bytes.AddRange(chunk.Bytes.Skip(copied).Take(end - copied));
                copied = end;
            }

            for (var f = 0; f < chunk.Aligns.Count; f++)
            {
                var align = chunk.Aligns[f];
                CopyUpTo(f, (int)align.Position);
                var at = (ulong)bytes.Count;
                var padding = align.Org is null ? PaddingFor(at, align.Alignment, align.MaxSkip) : orgPadding(align, at);
                bytes.AddRange(Padding(padding, align.Fill, section.IsCode, mappings, at));
                copied = (int)(align.Position + align.ProvisionalPadding);
                shiftAfter[f + 1] = shiftAfter[f] + (long)padding - (long)align.ProvisionalPadding;
            }
            CopyUpTo(chunk.Aligns.Count, chunk.Bytes.Count);
        }
        var kept = new List<MappingSymbol>();
        foreach (var m in mappings)
        {
            if (kept.Count > 0 && kept[^1].Offset == m.Offset) kept.RemoveAt(kept.Count - 1);
            kept.Add(m);
        }
        kept.RemoveAll(m => m.Offset >= (ulong)bytes.Count);
        return ([.. bytes], kept);
    }

    private ulong OrgPadding(AlignFrag org, ulong at)
    {
        _location = org.Location;
        var padding = OrgTarget(org.Org!.Value, final: true)!.Value - (long)at;
        return padding >= 0 ? (ulong)padding : throw Error("attempt to move .org backwards");
    }

    private ObjectSection? LinkedSection(string name)
    {
        if (_symbols.TryGetValue(name, out var symbol) && Resolve(symbol) is { Section: { } s }) return _outputSections[s];
        return _sections.Find(s => s.Name == name) is { } section ? _outputSections[section] : null;
    }

    private void FinishInstruction(PendingInstruction pending)
    {
        _location = pending.Location;
        var context = new OperandContext(this, pending.Chunk, pending.Frag, pending.Offset, pending.LocalLabelCounts,
            pending.Symbols);
        uint word;
        try
        {
            if (!TryEncode(pending.Mnemonic, pending.Operands, context, out word))
                throw Error(context.ExpressionError ?? EncodeError(pending.Mnemonic, pending.Operands));
        }
        catch (ExpressionException e)
        {
            throw Error(e.Message);
        }
        var section = _outputSections[pending.Chunk.Section];
        var at = pending.Chunk.FinalOffset(pending.Frag, pending.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(section.Data.AsSpan((int)at), word);
        if (context.Relocations.Count == 0) return;
        var (type, target, addend) = context.Relocations[^1];
        ObjectSymbol? symbol = null;
        if (target is not null)
        {
            CheckDefined(target);
            symbol = RelocationSymbol(target, ref addend, hasMinus: false);
        }
        section.Relocations.Add(new ObjectRelocation(at, (uint)type, symbol, addend));
    }

    private void CheckDefined(AsmSymbol symbol)
    {
        if (symbol.Kind == AsmSymbolKind.Undefined && symbol.Name.Contains(LocalLabels.Separator))
            throw Error(LocalLabels.NotDefined(symbol.Name));
    }

    private void FinishData(DataFixup fixup)
    {
        _location = fixup.Location;
        var value = Expand(fixup.Value, final: true);
        var section = _outputSections[fixup.Chunk.Section];
        var at = fixup.Chunk.FinalOffset(fixup.Frag, fixup.Offset);
        if (value.IsConstant)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(b, value.Constant);
            b[..fixup.Size].CopyTo(section.Data.AsSpan((int)at));
            return;
        }
        if (!value.TrySplit(out var plus, out var minus) || plus is null) throw Error("can't resolve value of expression");
        CheckDefined(plus);
        var addend = value.Constant;
        RelocationType type;
        if (minus is null)
        {
            type = fixup.Size switch
            {
                8 => RelocationType.Abs64,
                4 => RelocationType.Abs32,
                2 => RelocationType.Abs16,
                _ => throw Error("cannot represent BFD_RELOC_8 relocation in this object file format"),
            };
        }
        else
        {
            CheckDefined(minus);
            // sym - label in this section is sym relative to here: PC-relative with the distance in the addend.
            if (!minus.IsLabel || minus.Chunk!.Section != fixup.Chunk.Section)
                throw Error($"can't resolve {plus.Name} - {minus.Name}");
            addend += (long)at - (long)minus.FinalOffset;
            type = fixup.Size switch
            {
                8 => RelocationType.Prel64,
                4 => RelocationType.Prel32,
                2 => RelocationType.Prel16,
                _ => throw Error("cannot represent BFD_RELOC_8_PCREL relocation in this object file format"),
            };
        }
        var symbol = RelocationSymbol(plus, ref addend, minus is not null);
        section.Relocations.Add(new ObjectRelocation(at, (uint)type, symbol, addend));
    }

    /// <summary>
    /// The symbol a relocation names. As GNU as does for ELF, a local label becomes its section's symbol plus its
    /// offset, except in mergeable sections when an addend or a subtraction is involved.
    /// </summary>
    private ObjectSymbol RelocationSymbol(AsmSymbol target, ref long addend, bool hasMinus)
    {
        if (target.IsLabel && !target.IsExternal)
        {
            var merge = (target.Chunk!.Section.Flags & SectionFlags.Merge) != 0;
            if (!merge || (addend == 0 && !hasMinus))
            {
                addend += (long)target.FinalOffset;
                return _sectionSymbols[target.Chunk.Section];
            }
        }
        target.UsedInRelocation = true;
        return OutputSymbol(target);
    }

    private ObjectSymbol OutputSymbol(AsmSymbol symbol)
    {
        if (!_outputSymbols.TryGetValue(symbol, out var output))
            _outputSymbols[symbol] = output = new ObjectSymbol(symbol.Name);
        return output;
    }

    /// <summary>Where a symbol ended up: a section and offset, an absolute value, or nowhere (undefined).</summary>
    private (AsmSection? Section, ulong Value, bool Absolute)? Resolve(AsmSymbol symbol)
    {
        switch (symbol.Kind)
        {
            case AsmSymbolKind.Label:
                return (symbol.Chunk!.Section, symbol.FinalOffset, false);
            case AsmSymbolKind.Equated:
                var value = Expand(symbol.Equated, final: true);
                if (value.IsConstant) return (null, (ulong)value.Constant, true);
                if (value.TrySplit(out var plus, out var minus) && minus is null && plus!.IsLabel)
                    return (plus.Chunk!.Section, plus.FinalOffset + (ulong)value.Constant, false);
                return null;
            default:
                return null;
        }
    }

    /// <summary>The symbols with names GNU as puts in the symbol table, attributes filled in.</summary>
    private List<ObjectSymbol> NamedSymbols()
    {
        var result = new List<ObjectSymbol>();
        // A symbol set again is a new symbol; relocations may still name the one it replaced.
        foreach (var symbol in _symbols.Values.Union(_outputSymbols.Keys))
        {
            if (symbol.IsTemporary && !symbol.UsedInRelocation) continue;
            var place = Resolve(symbol);
            var common = symbol.Kind == AsmSymbolKind.Common;
            if (place is null && !common
                && !(symbol.Kind == AsmSymbolKind.Undefined
                     && (symbol.UsedInRelocation || symbol.IsExternal || symbol.Referenced)))
                continue;
            var output = OutputSymbol(symbol);
            if (place is { } p)
            {
                output.Section = p.Section is null ? null : _outputSections[p.Section];
                output.IsAbsolute = p.Absolute;
                output.Value = p.Value;
            }
            if (common)
            {
                output.IsCommon = true;
                (output.Size, output.Value) = symbol.CommonBlock;
            }
            output.Binding = symbol.Binding ?? (place is null ? SymbolBinding.Global : SymbolBinding.Local);
            output.Type = symbol.Type;
            output.Visibility = symbol.Visibility;
            if (symbol.SizeExpression is { } size)
            {
                _location = size.Location;
                var value = Expand(size.Value, final: true);
                if (!value.IsConstant) throw Error($".size expression for {symbol.Name} does not evaluate to a constant");
                output.Size = (ulong)value.Constant;
            }
            result.Add(output);
        }
        return result;
    }
}
