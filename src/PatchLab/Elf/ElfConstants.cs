namespace PatchLab.Elf;

/// <summary>ELF section types (sh_type) PatchLab reads and writes.</summary>
public enum SectionType : uint
{
    Null = 0,
    ProgBits = 1,
    SymTab = 2,
    StrTab = 3,
    Rela = 4,
    Hash = 5,
    Dynamic = 6,
    Note = 7,
    NoBits = 8,
    Rel = 9,
    DynSym = 11,
    InitArray = 14,
    FiniArray = 15,
    PreinitArray = 16,
    Group = 17,
    SymTabShndx = 18,
}

/// <summary>ELF section flags (sh_flags).</summary>
[Flags]
public enum SectionFlags : ulong
{
    None = 0,
    Write = 0x1,
    Alloc = 0x2,
    ExecInstr = 0x4,
    Merge = 0x10,
    Strings = 0x20,
    InfoLink = 0x40,
    LinkOrder = 0x80,
    Group = 0x200,
    Tls = 0x400,
    Compressed = 0x800,
    GnuRetain = 0x200000,
    Exclude = 0x80000000,
}

public enum SymbolBinding : byte
{
    Local = 0,
    Global = 1,
    Weak = 2,
}

public enum SymbolType : byte
{
    NoType = 0,
    Object = 1,
    Func = 2,
    Section = 3,
    File = 4,
    Common = 5,
    Tls = 6,
    GnuIFunc = 10,
}

public enum SymbolVisibility : byte
{
    Default = 0,
    Internal = 1,
    Hidden = 2,
    Protected = 3,
}

public static class ElfMachine
{
    public const ushort X86_64 = 62;
    public const ushort AArch64 = 183;
}

/// <summary>ELF file types (e_type).</summary>
public enum ElfFileType : ushort
{
    None = 0,
    Relocatable = 1,
    Executable = 2,
    Shared = 3,
    Core = 4,
}

/// <summary>Program header types (p_type) PatchLab names; others are read as their numbers.</summary>
public enum SegmentType : uint
{
    Null = 0,
    Load = 1,
    Dynamic = 2,
    Interp = 3,
    Note = 4,
    Phdr = 6,
    Tls = 7,
    GnuStack = 0x6474e551,
}

/// <summary>Program header flags (p_flags).</summary>
[Flags]
public enum SegmentFlags : uint
{
    None = 0,
    Execute = 1,
    Write = 2,
    Read = 4,
}

/// <summary>Reserved section indices a symbol's st_shndx may hold.</summary>
public static class SpecialSection
{
    public const uint Undefined = 0;
    public const uint LoReserve = 0xff00;
    public const uint Absolute = 0xfff1;
    public const uint Common = 0xfff2;
    public const uint ExtendedIndex = 0xffff;
}

/// <summary>Flag word of a section group (the first word of an SHT_GROUP section).</summary>
public static class SectionGroupFlags
{
    public const uint Comdat = 1;
}
