using System.Buffers.Binary;

namespace PatchLab.Linking;

/// <summary>
/// The branch sequences placed between a caller and a target a B/BL cannot reach. They go through x16 (IP0), which
/// the procedure call standard leaves to veneers, and BR through x16 is accepted by a <c>bti c</c> landing pad, so
/// a BTI-guarded callee needs nothing more than the landing pad its compiler already put there.
/// </summary>
public static class PltEntry
{
    /// <summary><c>adrp x16; add x16, x16, :lo12:; br x16</c>: 12 bytes, reaching ±4 GiB.</summary>
    public const int AdrpAddBrSize = 12;

    public const uint BrX16 = 0xd61f0200;

    /// <summary>Writes <c>adrp x16, target; add x16, x16, :lo12:target; br x16</c> as arm64 Linux's get_plt_entry does.</summary>
    public static void WriteAdrpAddBr(Span<byte> bytes, ulong address, ulong target)
    {
        var pages = (long)((target >> 12) - (address >> 12));
        var adrp = 0x90000010u | (((uint)pages & 3) << 29) | (((uint)(pages >> 2) & 0x7ffff) << 5);
        var add = 0x91000210u | ((uint)(target & 0xfff) << 10);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, adrp);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], add);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], BrX16);
    }
}
