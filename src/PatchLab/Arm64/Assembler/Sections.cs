using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

/// <summary>The AArch64 mapping state of a section: what the bytes emitted last are ($x code, $d data).</summary>
internal enum MappingState
{
    Undefined,
    Code,
    Data,
}

/// <summary>A section being assembled: its attributes and one chunk per subsection used.</summary>
internal sealed class AsmSection(string name, SectionType type, SectionFlags flags)
{
    public string Name { get; } = name;
    public SectionType Type { get; } = type;
    public SectionFlags Flags { get; set; } = flags;
    public ulong Alignment { get; set; } = 1;
    public ulong EntrySize { get; set; }

    /// <summary>For SHF_LINK_ORDER: the symbol whose section this one is tied to.</summary>
    public string? LinkSymbol { get; set; }

    public SortedDictionary<int, Chunk> Chunks { get; } = [];
    public MappingState State { get; set; }

    /// <summary>GNU as's "text" test: code alignment pads with NOPs, and data here is marked with $d.</summary>
    public bool IsCode => (Flags & SectionFlags.ExecInstr) != 0;

    public Chunk Chunk(int subsection)
    {
        if (!Chunks.TryGetValue(subsection, out var chunk)) Chunks[subsection] = chunk = new Chunk(this, subsection);
        return chunk;
    }

    public void RecordAlignment(ulong alignment) => Alignment = Math.Max(Alignment, alignment);

    public override string ToString() => Name;
}

/// <summary>A mapping symbol: <c>$x</c> or <c>$d</c> at an offset of a chunk.</summary>
internal readonly record struct MappingSymbol(ulong Offset, MappingState State);

/// <summary>
/// An alignment at the very start of a chunk other than the first of its section: its padding depends on where the
/// chunk lands, so it is applied when the section is laid out.
/// </summary>
internal sealed record LeadAlignment(ulong Alignment, byte? Fill, ulong MaxSkip, MappingSymbol? Mapping);

/// <summary>The bytes of one subsection of a section; subsections are laid out in number order.</summary>
internal sealed class Chunk(AsmSection section, int subsection)
{
    public AsmSection Section { get; } = section;
    public int Subsection { get; } = subsection;
    public List<byte> Bytes { get; } = [];
    public List<MappingSymbol> Mappings { get; } = [];
    public LeadAlignment? Lead { get; set; }

    /// <summary>Where the chunk's first byte lands in the section (after any lead padding).</summary>
    public ulong Base { get; set; }

    public ulong Size => (ulong)Bytes.Count;

    public override string ToString() => $"{Section.Name}/{Subsection}";
}
