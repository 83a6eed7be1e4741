namespace PatchLab.Arm64;

/// <summary>A named run of bits in an instruction word, as the Arm ARM's encoding diagrams name them.</summary>
public readonly record struct BitField(string Name, int Lsb, int Width)
{
    public uint FieldMask => (Width == 32 ? uint.MaxValue : (1u << Width) - 1) << Lsb;

    public uint Extract(uint word) => (word & FieldMask) >> Lsb;

    /// <summary>The field read as a two's complement number.</summary>
    public long ExtractSigned(uint word) => (long)((int)(word << (32 - Lsb - Width)) >> (32 - Width));

    public uint Insert(uint word, uint value) => (word & ~FieldMask) | ((value << Lsb) & FieldMask);

    public bool Fits(uint value) => Width == 32 || value >> Width == 0;
}

/// <summary>
/// An encoding diagram written most significant bit first, e.g. <c>"sf 00 100010 sh imm12:12 Rn:5 Rd:5"</c>:
/// runs of <c>0</c>/<c>1</c> are fixed bits, <c>x</c> a bit that is ignored, <c>name</c> or <c>name:width</c> a field.
/// <c>(1)</c> and <c>(0)</c> inside a run are ignored bits that assemblers write as 1 or 0, as in the Arm ARM's
/// diagrams. Underscores inside fixed runs are for reading only.
/// </summary>
public sealed class BitPattern
{
    private readonly BitField[] _fields;

    public uint Mask { get; }
    public uint Value { get; }

    /// <summary>Ignored bits that an assembler sets: the Arm ARM's <c>(1)</c>.</summary>
    public uint ShouldBeOne { get; }

    public string Text { get; }
    public IReadOnlyList<BitField> Fields => _fields;

    private BitPattern(string text, uint mask, uint value, uint shouldBeOne, BitField[] fields)
    {
        Text = text;
        Mask = mask;
        Value = value;
        ShouldBeOne = shouldBeOne;
        _fields = fields;
    }

    /// <summary>
    /// Reads a diagram. The table's 2,500 diagrams are read at every start of a disassembler, so tokens are spans of
    /// the text, not split-off strings.
    /// </summary>
    public static BitPattern Parse(string text)
    {
        uint mask = 0, value = 0, shouldBeOne = 0;
        var fields = new List<BitField>();
        var bit = 32;
        for (var rest = text.AsSpan().TrimStart(' '); !rest.IsEmpty; rest = rest.TrimStart(' '))
        {
            var end = rest.IndexOf(' ');
            var token = end < 0 ? rest : rest[..end];
            rest = rest[token.Length..];
            if (IsFixedRun(token))
            {
                var ignored = false;
                foreach (var c in token)
                {
                    if (c is '_' or ')') continue;
                    if (c == '(')
                    {
                        ignored = true;
                        continue;
                    }
                    bit--;
                    if (bit < 0) break;
                    if (ignored)
                    {
                        if (c == '1') shouldBeOne |= 1u << bit;
                        ignored = false;
                        continue;
                    }
                    if (c == 'x') continue;
                    mask |= 1u << bit;
                    if (c == '1') value |= 1u << bit;
                }
                continue;
            }
            var colon = token.IndexOf(':');
            var name = colon < 0 ? token : token[..colon];
            var width = colon < 0 ? 1 : int.Parse(token[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            bit -= width;
            if (bit < 0) break;
            fields.Add(new BitField(name.ToString(), bit, width));
        }
        if (bit != 0)
            throw new ArgumentException($"bit pattern '{text}' covers {32 - bit} bits, not 32");
        return new BitPattern(text, mask, value, shouldBeOne, [.. fields]);
    }

    /// <summary>Whether a token is a run of fixed and ignored bits rather than a field.</summary>
    private static bool IsFixedRun(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
            if (c is not ('0' or '1' or 'x' or '_' or '(' or ')')) return false;
        return true;
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    public BitField this[string name] =>
        IndexOf(name) is var i and >= 0 ? _fields[i] : throw new ArgumentException($"bit pattern '{Text}' has no field '{name}'");

    // A loop rather than a search with a lambda: operands look fields up by name thousands of times at start-up.
    private int IndexOf(string name)
    {
        for (var i = 0; i < _fields.Length; i++)
            if (_fields[i].Name == name) return i;
        return -1;
    }

    public bool Matches(uint word) => (word & Mask) == Value;
}
