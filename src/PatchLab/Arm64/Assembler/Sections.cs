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

/// <summary>
/// A mapping symbol: <c>$x</c> or <c>$d</c> at an offset of a chunk, after <see cref="Frag"/> of the chunk's
/// alignments (in a finished section: at a section offset, with Frag 0).
/// </summary>
internal readonly record struct MappingSymbol(ulong Offset, MappingState State, int Frag = 0);

/// <summary>
/// An alignment inside a chunk, or a <c>.org</c> (<see cref="Org"/>: the offset to pad up to). Its padding is first
/// worked out as if the chunk started at offset 0 (the provisional padding, already in the chunk's bytes); once
/// the chunk's place in the section is known it is worked out again, as GNU as does when it relaxes frags.
/// </summary>
internal sealed record AlignFrag(ulong Position, ulong ProvisionalPadding, ulong Alignment, byte? Fill, ulong MaxSkip,
    Value? Org = null, SourceLocation Location = default);

/// <summary>The bytes of one subsection of a section; subsections are laid out in number order.</summary>
internal sealed class Chunk(AsmSection section, int subsection)
{
    private long[] _shiftAfter = [];

    public AsmSection Section { get; } = section;
    public int Subsection { get; } = subsection;

    /// <summary>The bytes, with provisional padding for each alignment.</summary>
    public List<byte> Bytes { get; } = [];

    public List<MappingSymbol> Mappings { get; } = [];
    public List<AlignFrag> Aligns { get; } = [];

    /// <summary>Where the chunk starts in the section (valid once laid out).</summary>
    public ulong Base { get; private set; }

    public ulong Size => (ulong)Bytes.Count;

    /// <summary>
    /// The first chunk of a section starts at 0, so its provisional paddings are final: offsets in it can be
    /// subtracted before layout even across alignments.
    /// </summary>
    public bool IsFirst => Subsection == 0;

    /// <summary>Places the chunk; <paramref name="shiftAfter"/>[k] is how far offsets after k alignments move.</summary>
    public void Place(ulong start, long[] shiftAfter)
    {
        Base = start;
        _shiftAfter = shiftAfter;
    }

    /// <summary>The section offset of a chunk offset that came after <paramref name="frag"/> alignments.</summary>
    public ulong FinalOffset(int frag, ulong offset) => (ulong)((long)Base + (long)offset + _shiftAfter[frag]);

    public override string ToString() => $"{Section.Name}/{Subsection}";
}
