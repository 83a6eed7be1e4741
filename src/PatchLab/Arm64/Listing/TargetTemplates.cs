using PatchLab.Arm64.Operands;
using PatchLab.Elf;

namespace PatchLab.Arm64.Listing;

/// <summary>
/// The text of branches, calls and address loads apart from their word and target, by encoding and the bits outside
/// the offset (<see cref="Encoding.VariableTarget"/>). Nearly every call is a word of its own, as the offset to its
/// callee differs from site to site, so a cache keyed by the whole word misses them; their text, but for the
/// target, comes from a few hundred templates.
/// </summary>
internal sealed class TargetTemplates
{
    private const int Bits = 12;
    private readonly Template[] _templates = new Template[1 << Bits];

    /// <summary>
    /// The line after the word (from the tab to the newline), <see cref="Length"/> bytes with the target left out,
    /// which would stand at <see cref="Split"/>; no encoding: an empty slot. The text has 16 spare bytes, so that
    /// both parts are copied in whole vector blocks.
    /// </summary>
    private readonly record struct Template(uint Key, Encoding? Encoding, byte[] Text, int Split, int Length);

    private static int Slot(uint key) => (int)((key * 0x9E3779B1u) >> (32 - Bits));

    /// <summary>Prints the line of <paramref name="word"/> after its address, if a template for it is kept.</summary>
    public bool TryAppend(ListingText text, uint word, Encoding encoding, PcRelativeOperand target, ulong address,
        ObjdumpSymbolizer symbolizer, ElfSection section)
    {
        var key = word & ~target.FieldMask;
        ref readonly var template = ref _templates[Slot(key)];
        if (template.Key != key || template.Encoding != encoding) return false;
        text.AppendHex(word, 8);
        text.AppendFrom(template.Text, 0, template.Split);
        symbolizer.AppendTarget(text, new PrintedTarget(0, 0, target.Offset(word), target.FromPage).At(address), section, null);
        text.AppendFrom(template.Text, template.Split, template.Length - template.Split);
        return true;
    }

    public void Add(uint word, Encoding encoding, PcRelativeOperand target, ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        var key = word & ~target.FieldMask;
        var text = new byte[before.Length + after.Length + 16];
        before.CopyTo(text);
        after.CopyTo(text.AsSpan(before.Length));
        _templates[Slot(key)] = new Template(key, encoding, text, before.Length, before.Length + after.Length);
    }
}
