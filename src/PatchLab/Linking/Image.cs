using PatchLab.Elf;

namespace PatchLab.Linking;

/// <summary>How out-of-range B/BL are fixed.</summary>
public enum VeneerPolicy
{
    /// <summary>One veneer per target, reused by every caller in range of it (what GNU ld does).</summary>
    Shared,

    /// <summary>
    /// One pseudo-PLT per call site, so a site can be retargeted without touching another: a 64-bit literal load and
    /// <c>br x16</c>, whose literal one aligned 64-bit store rewrites while other CPUs run through it.
    /// </summary>
    PerSite,
}

/// <summary>What the linker is told about the layout: à la GNU ld's -e, -Ttext and --section-start.</summary>
public sealed class LinkLayout
{
    public string Entry { get; init; } = "_start";

    /// <summary>Where .text starts when --section-start does not say (GNU ld's default for AArch64 Linux).</summary>
    public ulong TextStart { get; init; } = 0x400000;

    /// <summary>Output sections placed at fixed addresses, by name.</summary>
    public IReadOnlyDictionary<string, ulong> SectionStarts { get; init; } = new Dictionary<string, ulong>();

    public VeneerPolicy Veneers { get; init; } = VeneerPolicy.Shared;

    /// <summary>The segment alignment; sections of different permissions never share a page of this size.</summary>
    public ulong PageSize { get; init; } = 0x10000;
}

/// <summary>A call site: where a B or BL is, in an input object's section, and its final address.</summary>
public readonly record struct CallSite(string Object, string Section, ulong Offset, ulong Address)
{
    public override string ToString() => $"{Object}({Section}+0x{Offset:x}) at 0x{Address:x}";
}

/// <summary>A veneer (or pseudo-PLT): a branch to <see cref="TargetAddress"/> placed in range of its callers.</summary>
public sealed class Veneer(string name, string target)
{
    /// <summary>Sixteen bytes, aligned to 8 so the literal of the per-site form is one aligned doubleword.</summary>
    public const int Size = 16;

    public string Name { get; } = name;
    public string Target { get; } = target;
    public ulong TargetAddress { get; set; }
    public ulong Address { get; set; }
    public List<CallSite> Callers { get; } = [];
}

/// <summary>
/// A linked image: sections at their addresses with their bytes, symbols with sizes, veneers with their callers.
/// <see cref="ToExecutable"/> gives what <see cref="ElfWriter.WriteExecutable"/> writes.
/// </summary>
public sealed class Image
{
    public ulong Entry { get; init; }
    public ulong PageSize { get; init; } = 0x10000;
    public List<ImageSection> Sections { get; } = [];
    public List<ImageSymbol> Symbols { get; } = [];
    public List<Veneer> Veneers { get; } = [];

    public ImageSection? FindSection(string name) => Sections.Find(s => s.Name == name);

    /// <summary>The global (or failing that, any) symbol of that name.</summary>
    public ImageSymbol? FindSymbol(string name) =>
        Symbols.Find(s => s.Name == name && s.Binding != SymbolBinding.Local) ?? Symbols.Find(s => s.Name == name);

    /// <summary>
    /// Groups the sections into PT_LOAD segments: read-only and executable sections share one, writable ones another,
    /// and a gap of a page or more (a section placed far away) starts a new one.
    /// </summary>
    public ExecutableImage ToExecutable()
    {
        var executable = new ExecutableImage { Entry = Entry, PageSize = PageSize };
        ImageSegment? current = null;
        ImageSection? previous = null;
        foreach (var section in Sections.OrderBy(s => s.Address))
        {
            var flags = SegmentFlagsOf(section);
            if (current is null || previous is null || current.Flags != flags || previous.Type == SectionType.NoBits
                || section.Address - (previous.Address + previous.Size) >= PageSize)
            {
                current = new ImageSegment(flags);
                executable.Segments.Add(current);
            }
            current.Sections.Add(section);
            previous = section;
        }
        executable.Symbols.AddRange(Symbols);
        return executable;
    }

    private static SegmentFlags SegmentFlagsOf(ImageSection section) =>
        (section.Flags & SectionFlags.Write) != 0 ? SegmentFlags.Read | SegmentFlags.Write : SegmentFlags.Read | SegmentFlags.Execute;
}
