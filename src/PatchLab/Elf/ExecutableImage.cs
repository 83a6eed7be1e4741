namespace PatchLab.Elf;

/// <summary>
/// A static executable as the linker lays it out: segments of sections at their final addresses, symbols with
/// absolute values, and an entry point. <see cref="ElfWriter.WriteExecutable"/> turns it into a file that binutils
/// read and QEMU runs.
/// </summary>
public sealed class ExecutableImage
{
    public ushort Machine { get; init; } = ElfMachine.AArch64;

    public ulong Entry { get; set; }

    /// <summary>
    /// The alignment of every PT_LOAD segment, and the modulus file offsets keep with addresses. GNU ld uses
    /// 64 KiB on AArch64 so the file runs with any page size the kernel was built for.
    /// </summary>
    public ulong PageSize { get; init; } = 0x10000;

    public List<ImageSegment> Segments { get; } = [];
    public List<ImageSymbol> Symbols { get; } = [];
}

/// <summary>A PT_LOAD segment: its sections in address order, contiguous up to their alignment padding.</summary>
public sealed class ImageSegment(SegmentFlags flags)
{
    public SegmentFlags Flags { get; set; } = flags;
    public List<ImageSection> Sections { get; } = [];

    public ulong Address => Sections.Count == 0 ? 0 : Sections[0].Address;
}

/// <summary>A section at its final address; NOBITS sections have a size but no bytes.</summary>
public sealed class ImageSection(string name, SectionType type, SectionFlags flags)
{
    public string Name { get; } = name;
    public SectionType Type { get; } = type;
    public SectionFlags Flags { get; set; } = flags;
    public ulong Address { get; set; }
    public ulong Alignment { get; set; } = 1;
    public byte[] Data { get; set; } = [];

    public ulong Size
    {
        get => Type == SectionType.NoBits ? _noBitsSize : (ulong)Data.LongLength;
        set => _noBitsSize = value;
    }

    private ulong _noBitsSize;

    public override string ToString() => Name;
}

/// <summary>A symbol of an executable: its value is an address (or a number, for an absolute symbol).</summary>
public sealed class ImageSymbol(string name)
{
    public string Name { get; } = name;
    public ImageSection? Section { get; set; }
    public bool IsAbsolute { get; set; }
    public ulong Value { get; set; }
    public ulong Size { get; set; }
    public SymbolBinding Binding { get; set; }
    public SymbolType Type { get; set; }
    public SymbolVisibility Visibility { get; set; }

    public override string ToString() => Name;
}
