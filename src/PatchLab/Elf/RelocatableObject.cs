namespace PatchLab.Elf;

/// <summary>
/// An ELF relocatable object in memory, as the assembler builds it and the linker and module loader consume it:
/// sections with their bytes and relocations, and a symbol table. The ELF writer turns it into a file GNU binutils
/// reads; the ELF reader turns a file back into one.
/// </summary>
public sealed class RelocatableObject
{
    public ushort Machine { get; init; } = ElfMachine.AArch64;

    /// <summary>Where the object came from (a path), for error messages.</summary>
    public string Name { get; init; } = "";

    public List<ObjectSection> Sections { get; } = [];
    public List<ObjectSymbol> Symbols { get; } = [];

    /// <summary>Section groups (COMDAT and others); the writer emits them first, as GNU as does.</summary>
    public List<ObjectSectionGroup> Groups { get; } = [];

    public ObjectSection? FindSection(string name) => Sections.Find(s => s.Name == name);

    public ObjectSymbol? FindSymbol(string name) => Symbols.Find(s => s.Name == name);
}

/// <summary>A section of a relocatable object; NOBITS sections have a size but no bytes.</summary>
public sealed class ObjectSection(string name, SectionType type, SectionFlags flags)
{
    public string Name { get; } = name;
    public SectionType Type { get; } = type;
    public SectionFlags Flags { get; set; } = flags;
    public ulong Alignment { get; set; } = 1;
    public ulong EntrySize { get; set; }

    /// <summary>The contents (empty for NOBITS).</summary>
    public byte[] Data { get; set; } = [];

    /// <summary>For NOBITS the size to reserve; otherwise the length of <see cref="Data"/>.</summary>
    public ulong Size
    {
        get => Type == SectionType.NoBits ? _noBitsSize : (ulong)Data.LongLength;
        set => _noBitsSize = value;
    }

    private ulong _noBitsSize;

    /// <summary>For SHF_LINK_ORDER sections and groups: the section this one is tied to.</summary>
    public ObjectSection? LinkedSection { get; set; }

    public List<ObjectRelocation> Relocations { get; } = [];

    public override string ToString() => Name;
}

/// <summary>
/// A symbol. <see cref="Section"/> is null for an undefined symbol; <see cref="IsAbsolute"/> and
/// <see cref="IsCommon"/> stand for SHN_ABS and SHN_COMMON.
/// </summary>
public sealed class ObjectSymbol(string name)
{
    public string Name { get; } = name;
    public ObjectSection? Section { get; set; }
    public bool IsAbsolute { get; set; }
    public bool IsCommon { get; set; }
    public ulong Value { get; set; }
    public ulong Size { get; set; }
    public SymbolBinding Binding { get; set; }
    public SymbolType Type { get; set; }
    public SymbolVisibility Visibility { get; set; }

    public bool IsDefined => Section is not null || IsAbsolute || IsCommon;

    public override string ToString() => Name;
}

/// <summary>
/// A section group: sections kept or dropped together by the linker, named by <see cref="Signature"/>. The
/// relocation sections of the members belong to the group too; the writer adds them.
/// </summary>
public sealed class ObjectSectionGroup(ObjectSymbol signature)
{
    public ObjectSymbol Signature { get; } = signature;

    /// <summary>The group's flag word: <see cref="SectionGroupFlags.Comdat"/> or 0.</summary>
    public uint Flags { get; set; } = SectionGroupFlags.Comdat;

    public List<ObjectSection> Members { get; } = [];
}

/// <summary>
/// A relocation: at <see cref="Offset"/> in its section, of <see cref="Type"/> (an R_AARCH64_* number). Read from a
/// REL section (no addend field), <see cref="Addend"/> is 0 and the addend stays in the section's bytes.
/// </summary>
public readonly record struct ObjectRelocation(ulong Offset, uint Type, ObjectSymbol? Symbol, long Addend);
