using System.Buffers.Binary;
using PatchLab.Arm64;

namespace PatchLab.Linking;

/// <summary>
/// The AArch64 ELF ABI's static relocations for non-PIC code: what each computes from S+A and P, the overflow check
/// the ABI prescribes, and where the result goes in the instruction or data word.
/// </summary>
public static class AArch64Relocation
{
    /// <summary>B and BL reach ±128 MiB.</summary>
    public const long BranchRange = 1L << 27;

    public static bool IsBranch26(uint type) => type is (uint)RelocationType.Call26 or (uint)RelocationType.Jump26;

    /// <summary>Whether a 26-bit branch at <paramref name="place"/> reaches <paramref name="target"/>.</summary>
    public static bool BranchReaches(ulong place, ulong target) => PatchInstructions.BranchReaches(place, target);

    /// <summary>Relocations whose S+A is the address of the symbol's GOT entry, not the symbol's.</summary>
    public static bool IsGot(uint type) => type is (uint)RelocationType.AdrGotPage or (uint)RelocationType.Ld64GotLo12Nc;

    /// <summary>How many bytes a relocation of this type writes.</summary>
    public static ulong Width(uint type) => (RelocationType)type switch
    {
        RelocationType.Abs64 or RelocationType.Prel64 => 8,
        RelocationType.Abs16 or RelocationType.Prel16 => 2,
        RelocationType.None => 0,
        _ => 4,
    };

    /// <summary>
    /// Applies relocation <paramref name="type"/> to <paramref name="data"/> at <paramref name="offset"/>, for the
    /// value S+A = <paramref name="value"/> (for GOT relocations, G(S), the GOT entry's address) and the place P = <paramref name="place"/>. Returns null, or why the
    /// result does not fit (the ABI's overflow check).
    /// </summary>
    public static string? Apply(Span<byte> data, int offset, uint type, ulong value, ulong place)
    {
        var relative = (long)(value - place);
        switch ((RelocationType)type)
        {
            case RelocationType.None:
                return null;
            case RelocationType.Abs64:
                BinaryPrimitives.WriteUInt64LittleEndian(data[offset..], value);
                return null;
            case RelocationType.Prel64:
                BinaryPrimitives.WriteUInt64LittleEndian(data[offset..], (ulong)relative);
                return null;
            case RelocationType.Abs32:
                BinaryPrimitives.WriteUInt32LittleEndian(data[offset..], (uint)value);
                return Check((long)value, -(1L << 31), 1L << 32);
            case RelocationType.Prel32:
                BinaryPrimitives.WriteUInt32LittleEndian(data[offset..], (uint)relative);
                return Check(relative, -(1L << 31), 1L << 32);
            case RelocationType.Abs16:
                BinaryPrimitives.WriteUInt16LittleEndian(data[offset..], (ushort)value);
                return Check((long)value, -(1L << 15), 1L << 16);
            case RelocationType.Prel16:
                BinaryPrimitives.WriteUInt16LittleEndian(data[offset..], (ushort)relative);
                return Check(relative, -(1L << 15), 1L << 16);
            case RelocationType.MovwUabsG0: return MoveWide(data, offset, value, 0, true);
            case RelocationType.MovwUabsG0Nc: return MoveWide(data, offset, value, 0, false);
            case RelocationType.MovwUabsG1: return MoveWide(data, offset, value, 1, true);
            case RelocationType.MovwUabsG1Nc: return MoveWide(data, offset, value, 1, false);
            case RelocationType.MovwUabsG2: return MoveWide(data, offset, value, 2, true);
            case RelocationType.MovwUabsG2Nc: return MoveWide(data, offset, value, 2, false);
            case RelocationType.MovwUabsG3: return MoveWide(data, offset, value, 3, false);
            case RelocationType.LdPrelLo19:
            case RelocationType.CondBr19:
                return WordOffset(data, offset, relative, 19, 5);
            case RelocationType.TstBr14:
                return WordOffset(data, offset, relative, 14, 5);
            case RelocationType.Jump26:
            case RelocationType.Call26:
                return WordOffset(data, offset, relative, 26, 0);
            case RelocationType.AdrPrelLo21:
                Patch(data, offset, AdrImmediate(relative), AdrMask);
                return Check(relative, -(1L << 20), 1L << 20);
            case RelocationType.AdrPrelPgHi21:
            case RelocationType.AdrPrelPgHi21Nc:
            case RelocationType.AdrGotPage:
            {
                var pages = (long)((value & ~0xfffUL) - (place & ~0xfffUL));
                Patch(data, offset, AdrImmediate(pages >> 12), AdrMask);
                return type != (uint)RelocationType.AdrPrelPgHi21Nc ? Check(pages, -(1L << 32), 1L << 32) : null;
            }
            case RelocationType.AddAbsLo12Nc:
            case RelocationType.Ldst8AbsLo12Nc:
                return Low12(data, offset, value, 0);
            case RelocationType.Ldst16AbsLo12Nc: return Low12(data, offset, value, 1);
            case RelocationType.Ldst32AbsLo12Nc: return Low12(data, offset, value, 2);
            case RelocationType.Ldst64AbsLo12Nc:
            case RelocationType.Ld64GotLo12Nc:
                return Low12(data, offset, value, 3);
            case RelocationType.Ldst128AbsLo12Nc: return Low12(data, offset, value, 4);
            default:
                throw new UserInputException($"relocation type {Name(type)} is not supported");
        }
    }

    /// <summary>The ABI's name for a relocation number (R_AARCH64_CALL26), or the number.</summary>
    public static string Name(uint type)
    {
        var name = ((RelocationType)type).ToString();
        if (char.IsDigit(name[0])) return name;
        var text = new System.Text.StringBuilder("R_AARCH64_");
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) text.Append('_');
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.Replace("TST_BR", "TSTBR").Replace("COND_BR", "CONDBR").ToString();
    }

    private static string? Check(long x, long min, long maxExclusive) =>
        x >= min && x < maxExclusive ? null : $"0x{x:x} is outside the allowed [{min}, {maxExclusive})";

    private const uint AdrMask = (3u << 29) | (0x7ffffu << 5);

    private static void Patch(Span<byte> data, int offset, uint bits, uint mask)
    {
        var word = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(data[offset..], (word & ~mask) | bits);
    }

    /// <summary>immlo in bits 29–30, immhi in bits 5–23, as ADR and ADRP hold them.</summary>
    private static uint AdrImmediate(long value) => (((uint)value & 3) << 29) | (((uint)(value >> 2) & 0x7ffff) << 5);

    private static string? WordOffset(Span<byte> data, int offset, long relative, int bits, int shift)
    {
        var mask = ((1u << bits) - 1) << shift;
        Patch(data, offset, ((uint)(relative >> 2) << shift) & mask, mask);
        var limit = 1L << (bits + 1);
        return Check(relative, -limit, limit);
    }

    private static string? MoveWide(Span<byte> data, int offset, ulong value, int group, bool check)
    {
        Patch(data, offset, ((uint)(value >> (16 * group)) & 0xffff) << 5, 0xffffu << 5);
        return check && group < 3 && value >= 1UL << (16 * (group + 1)) ? $"value 0x{value:x} does not fit in {16 * (group + 1)} bits" : null;
    }

    private static string? Low12(Span<byte> data, int offset, ulong value, int scale)
    {
        Patch(data, offset, ((uint)(value & 0xfff) >> scale) << 10, 0xfffu << 10);
        return null;
    }
}
