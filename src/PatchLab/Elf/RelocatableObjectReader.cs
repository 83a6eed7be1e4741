namespace PatchLab.Elf;

/// <summary>
/// Turns an ELF relocatable file into a <see cref="RelocatableObject"/>: every section that holds code or data
/// becomes an <see cref="ObjectSection"/> (symbol, string, relocation and group tables become the model's own
/// lists), symbols keep their file order without the null symbol, and relocations are attached to their sections.
/// </summary>
internal static class RelocatableObjectReader
{
    /// <summary>The largest section alignment accepted: 1 MiB, far above the 64 KiB pages kernels use.</summary>
    public const ulong MaxAlignment = 1 << 20;

    public static RelocatableObject Read(ElfFile file)
    {
        if (file.Type != ElfFileType.Relocatable)
            throw file.Fault(16, $"ELF type {(ushort)file.Type} is not a relocatable object");
        var obj = new RelocatableObject { Machine = file.Machine, Name = file.Name };
        var sections = file.Sections;
        var symbolTable = file.Symbols;
        var metadata = new HashSet<uint>();
        foreach (var s in sections)
        {
            if (s.Type is SectionType.SymTab or SectionType.Rela or SectionType.Rel or SectionType.Group or SectionType.SymTabShndx)
                metadata.Add(s.Index);
        }
        metadata.Add(0);
        if (symbolTable is not null) metadata.Add(symbolTable.Strings.Index);
        var shstrtab = sections.FirstOrDefault(s => s.Name == ".shstrtab" && s.Type == SectionType.StrTab);
        if (shstrtab is not null) metadata.Add(shstrtab.Index);

        var byIndex = new ObjectSection?[sections.Count];
        foreach (var s in sections)
        {
            if (metadata.Contains(s.Index)) continue;
            // The model's alignment is a promise the writer and linker keep by padding: it must be a sane power of two.
            if ((s.Alignment & (s.Alignment - 1)) != 0 || s.Alignment > MaxAlignment)
                throw file.Fault(s.HeaderOffset + 48, $"section {s.Name} has alignment 0x{s.Alignment:x}, not a power of two up to 0x{MaxAlignment:x}");
            var section = new ObjectSection(s.Name, s.Type, s.Flags)
            {
                Alignment = s.Alignment,
                EntrySize = s.EntrySize,
            };
            if (s.Type == SectionType.NoBits) section.Size = s.Size;
            else section.Data = file.GetSpan(s).ToArray();
            byIndex[s.Index] = section;
            obj.Sections.Add(section);
        }
        foreach (var s in sections)
        {
            if ((s.Flags & SectionFlags.LinkOrder) != 0 && byIndex[s.Index] is { } section)
                section.LinkedSection = Member(file, byIndex, s.Link, s.HeaderOffset + 40, $"the link of section {s.Name}");
        }

        var symbols = new ObjectSymbol?[symbolTable?.Count ?? 0];
        if (symbolTable is not null)
        {
            for (var i = 1; i < symbolTable.Count; i++)
            {
                var e = symbolTable[i];
                // GNU as gives a group section a section symbol; the model has no such section, and nothing refers to it.
                if (e.Type == SymbolType.Section && e.SectionIndex < (uint)byIndex.Length && metadata.Contains(e.SectionIndex))
                    continue;
                var symbol = new ObjectSymbol(e.Name)
                {
                    Value = e.Value,
                    Size = e.Size,
                    Binding = e.Binding,
                    Type = e.Type,
                    Visibility = e.Visibility,
                    IsAbsolute = e.IsAbsolute,
                    IsCommon = e.IsCommon,
                };
                if (!e.IsUndefined && !e.IsAbsolute && !e.IsCommon)
                {
                    var entryOffset = symbolTable.Section.Offset + (ulong)(i * ElfFile.SymbolSize) + 6;
                    symbol.Section = Member(file, byIndex, e.SectionIndex, entryOffset, $"symbol {i} ({e.Name})");
                }
                symbols[i] = symbol;
                obj.Symbols.Add(symbol);
            }
        }

        foreach (var s in sections)
        {
            if (s.Type is SectionType.Rela or SectionType.Rel)
                ReadRelocations(file, s, byIndex, symbolTable, symbols);
            else if (s.Type == SectionType.Group)
                obj.Groups.Add(ReadGroup(file, s, byIndex, symbolTable, symbols));
        }
        return obj;
    }

    private static void ReadRelocations(ElfFile file, ElfSection s, ObjectSection?[] byIndex, ElfSymbolTable? symbolTable,
        ObjectSymbol?[] symbols)
    {
        var target = Member(file, byIndex, s.Info, s.HeaderOffset + 44, $"relocation section {s.Name}");
        var relocations = file.GetRelocations(s);
        if (relocations.Length > 0) CheckSymbolTableLink(file, s, symbolTable);
        var size = s.Type == SectionType.Rela ? ElfFile.RelaSize : ElfFile.RelSize;
        target.Relocations.EnsureCapacity(target.Relocations.Count + relocations.Length);
        for (var i = 0; i < relocations.Length; i++)
        {
            var r = relocations[i];
            var entryOffset = s.Offset + (ulong)(i * size);
            if (r.SymbolIndex >= (uint)symbols.Length)
                throw file.Fault(entryOffset + 12, $"relocation {i} in {s.Name} refers to symbol {r.SymbolIndex}, but there are {symbols.Length}");
            if (r.Offset >= target.Size)
                throw file.Fault(entryOffset, $"relocation {i} in {s.Name} is at 0x{r.Offset:x}, outside {target.Name} (0x{target.Size:x} bytes)");
            var symbol = symbols[r.SymbolIndex];
            if (symbol is null && r.SymbolIndex != 0)
                throw file.Fault(entryOffset + 12, $"relocation {i} in {s.Name} refers to symbol {r.SymbolIndex}, the section symbol of a section that holds no code or data");
            target.Relocations.Add(new ObjectRelocation(r.Offset, r.Type, symbol, r.Addend));
        }
    }

    private static ObjectSectionGroup ReadGroup(ElfFile file, ElfSection s, ObjectSection?[] byIndex, ElfSymbolTable? symbolTable,
        ObjectSymbol?[] symbols)
    {
        var group = file.GetGroup(s);
        CheckSymbolTableLink(file, s, symbolTable);
        if (group.SignatureIndex == 0 || group.SignatureIndex >= (uint)symbols.Length)
            throw file.Fault(s.HeaderOffset + 44, $"section group {s.Name} names symbol {group.SignatureIndex} as its signature, but there are {symbols.Length}");
        var signature = symbols[group.SignatureIndex]
            ?? throw file.Fault(s.HeaderOffset + 44, $"section group {s.Name} is named by the section symbol of a section that holds no code or data");
        var result = new ObjectSectionGroup(signature) { Flags = group.Flags };
        for (var i = 0; i < group.Members.Count; i++)
        {
            var member = group.Members[i];
            // Relocation sections belong to their target's group; the model keeps only the target.
            if (member.Type is SectionType.Rela or SectionType.Rel) continue;
            result.Members.Add(Member(file, byIndex, member.Index, s.Offset + (ulong)(4 + i * 4), $"section group {s.Name}"));
        }
        return result;
    }

    private static void CheckSymbolTableLink(ElfFile file, ElfSection s, ElfSymbolTable? symbolTable)
    {
        if (symbolTable is null || s.Link != symbolTable.Section.Index)
            throw file.Fault(s.HeaderOffset + 40, $"section {s.Name} links to section {s.Link}, which is not the symbol table");
    }

    private static ObjectSection Member(ElfFile file, ObjectSection?[] byIndex, ulong index, ulong referrerOffset, string referrer)
    {
        if (index >= (ulong)byIndex.Length || byIndex[index] is not { } section)
            throw file.Fault(referrerOffset, $"{referrer} refers to section {index}, which holds no code or data");
        return section;
    }
}
