using PatchLab.Arm64.Encodings;

namespace PatchLab.Arm64;

/// <summary>
/// The one table of A64 encodings. Decoding, printing and assembling are all driven by it; the decode tree is built
/// from it once, at first use.
/// </summary>
public static class EncodingTable
{
    private static readonly Lazy<(IReadOnlyList<Encoding> All, DecodeTree<Encoding> Tree)> Built = new(Build);

    // Only the assembler looks rows up by mnemonic: made at its first use, not when a disassembler starts.
    private static readonly Lazy<ILookup<string, Spelling>> ByMnemonic = new(() =>
        All.SelectMany(e => e.Spellings().Select(s => (s.Mnemonic, Row: new Spelling(e, s.FieldValue))))
            .ToLookup(s => s.Mnemonic, s => s.Row, StringComparer.Ordinal));

    public static IReadOnlyList<Encoding> All => Built.Value.All;

    internal static DecodeTree<Encoding> Tree => Decoding.Tree;

    /// <summary>The tree in a static readonly field of its own, which the JIT reads as a constant once it is set.</summary>
    private static class Decoding
    {
        public static readonly DecodeTree<Encoding> Tree = Built.Value.Tree;
    }

    /// <summary>Every encoding (bases and aliases) written with this mnemonic, in table order.</summary>
    public static IEnumerable<Spelling> WithMnemonic(string mnemonic) => ByMnemonic.Value[mnemonic];

    /// <summary>A row written with a given mnemonic, and the family field value that mnemonic stands for.</summary>
    public readonly record struct Spelling(Encoding Encoding, uint? FieldValue);

    private static (IReadOnlyList<Encoding>, DecodeTree<Encoding>) Build()
    {
        var builder = new EncodingTableBuilder();
        foreach (var (name, define) in Groups)
        {
            builder.BeginGroup(name);
            define(builder);
        }
        var all = builder.All;
        var bases = all.Where(e => !e.IsAlias).ToArray();
        // The committed tree when it fits this table (no search at start-up), else one built now.
        var tree = DecodeTableGenerator.Fingerprint(bases) == GeneratedDecodeTable.Fingerprint
            ? DecodeTree<Encoding>.FromLayout(GeneratedDecodeTable.Root, GeneratedDecodeTable.Slots, GeneratedDecodeTable.LeafParts, bases)
            : DecodeTree<Encoding>.Build(bases);
        return (all, tree);
    }

    /// <summary>The encoding groups, one file each under Encodings/.</summary>
    private static readonly (string Name, Action<EncodingTableBuilder> Define)[] Groups =
    [
        ("branches", Branches.Define),
        ("dp-immediate", DataProcessingImmediate.Define),
        ("dp-register", DataProcessingRegister.Define),
        ("loads-stores", LoadsStores.Define),
        ("system", SystemInstructions.Define),
        ("fp-simd", FpSimd.Define),
        ("sve-sme", SveSme.Define),
    ];
}
