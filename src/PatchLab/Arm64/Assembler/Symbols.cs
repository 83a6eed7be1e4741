using PatchLab.Elf;

namespace PatchLab.Arm64.Assembler;

internal enum AsmSymbolKind
{
    Undefined,

    /// <summary>A position in a section: a label, <c>.</c>, or a mapping symbol.</summary>
    Label,

    /// <summary>Set by <c>.set</c>, <c>.equ</c> or <c>sym = expr</c>: stands for its value.</summary>
    Equated,

    /// <summary>A common symbol (<c>.comm</c>): the linker allocates it.</summary>
    Common,
}

/// <summary>A symbol while assembling: where it is (a chunk and an offset in it) or what it equals, and its attributes.</summary>
internal sealed class AsmSymbol(string name)
{
    public string Name { get; } = name;
    public AsmSymbolKind Kind { get; set; }
    public Chunk? Chunk { get; set; }
    public ulong Offset { get; set; }

    /// <summary>How many alignments of the chunk came before the label (its padding may still change).</summary>
    public int Frag { get; set; }
    public Value Equated { get; set; }

    /// <summary>For a common symbol: its size and alignment.</summary>
    public (ulong Size, ulong Alignment) CommonBlock { get; set; }
    public SymbolBinding? Binding { get; set; }
    public SymbolType Type { get; set; }
    public SymbolVisibility Visibility { get; set; }

    /// <summary>The <c>.size</c> expression, evaluated when the object is finished.</summary>
    public (Value Value, SourceLocation Location)? SizeExpression { get; set; }

    /// <summary>An expression that was assembled names it (an undefined one then goes in the symbol table).</summary>
    public bool Referenced { get; set; }

    /// <summary>A relocation names this symbol itself (it then appears in the symbol table even if temporary).</summary>
    public bool UsedInRelocation { get; set; }

    /// <summary>
    /// GNU as keeps <c>.L</c> names and numeric local labels out of the symbol table.
    /// </summary>
    public bool IsTemporary => Name.StartsWith(".L", StringComparison.Ordinal) || Name.Contains(LocalLabels.Separator);

    public bool IsLabel => Kind == AsmSymbolKind.Label;

    public bool IsExternal => Binding is SymbolBinding.Global or SymbolBinding.Weak;

    /// <summary>The offset in the finished section (valid once chunks are laid out).</summary>
    public ulong FinalOffset => Chunk!.FinalOffset(Frag, Offset);

    public override string ToString() => Name;
}

/// <summary>Numeric local labels (<c>1:</c>, <c>1b</c>, <c>1f</c>): each definition is a new symbol with an instance number.</summary>
internal static class LocalLabels
{
    /// <summary>Between label number and instance in internal names; no source symbol can contain it.</summary>
    public const char Separator = '\u0002';

    public static string Name(string number, int instance) => $"{number}{Separator}{instance}";

    /// <summary>GNU as's message for a forward reference to a numeric label that never came.</summary>
    public static string NotDefined(string name)
    {
        var parts = name.Split(Separator);
        return $"local label `\"{parts[0]}\" (instance number {parts[1]} of a fb label)' is not defined";
    }
}
