using System.Buffers.Binary;

namespace PatchLab.Arm64;

/// <summary>
/// The instructions live patching writes (arch/arm64/lib/insn.c's aarch64_insn_gen_branch_imm and _nop) and the
/// literal PLT a patchable far call goes through, shared by the build-time checker, the linker and the kernel.
/// </summary>
public static class PatchInstructions
{
    public const uint Nop = 0xd503201f;

    /// <summary><c>ldr x16, lit; br x16; lit: .quad target</c>: 16 bytes, reaching anywhere, retargeted by one store.</summary>
    public const int LiteralPltSize = 16;

    private const long BranchRange = 1L << 27;
    private const uint LdrX16Literal8 = 0x58000050;   // ldr x16, .+8
    private const uint BrX16 = 0xd61f0200;

    /// <summary>Whether a B or BL at <paramref name="place"/> reaches <paramref name="target"/> (±128 MiB).</summary>
    public static bool BranchReaches(ulong place, ulong target)
    {
        var distance = (long)(target - place);
        return distance >= -BranchRange && distance < BranchRange;
    }

    /// <summary>B or BL from <paramref name="from"/> to <paramref name="to"/>, which must be in range.</summary>
    public static uint Branch(ulong from, ulong to, bool link) =>
        (link ? 0x94000000u : 0x14000000u) | (uint)(((long)(to - from) >> 2) & 0x3ffffff);

    /// <summary>Writes <c>ldr x16, lit; br x16; lit: .quad target</c> (the literal 8-aligned when the PLT is).</summary>
    public static void WriteLiteralPlt(Span<byte> bytes, ulong target)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, LdrX16Literal8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], BrX16);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], target);
    }
}
