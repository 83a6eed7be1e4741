using PatchLab.Arm64;
using PatchLab.Linking;

namespace PatchLab.Tests.Linking;

/// <summary>The AArch64 ELF ABI's overflow checks, at their edges, and the fields relocations fill.</summary>
public class AArch64RelocationTests
{
    private const ulong Place = 0x4000_0000_0000;

    [Theory]
    [InlineData(RelocationType.Call26, (1L << 27) - 4, 1L << 27, -(1L << 27), -(1L << 27) - 4)]
    [InlineData(RelocationType.Jump26, (1L << 27) - 4, 1L << 27, -(1L << 27), -(1L << 27) - 4)]
    [InlineData(RelocationType.CondBr19, (1L << 20) - 4, 1L << 20, -(1L << 20), -(1L << 20) - 4)]
    [InlineData(RelocationType.LdPrelLo19, (1L << 20) - 4, 1L << 20, -(1L << 20), -(1L << 20) - 4)]
    [InlineData(RelocationType.TstBr14, (1L << 15) - 4, 1L << 15, -(1L << 15), -(1L << 15) - 4)]
    [InlineData(RelocationType.AdrPrelLo21, (1L << 20) - 1, 1L << 20, -(1L << 20), -(1L << 20) - 1)]
    [InlineData(RelocationType.AdrPrelPgHi21, (1L << 32) - 4096, 1L << 32, -(1L << 32), -(1L << 32) - 4096)]
    [InlineData(RelocationType.Prel32, (1L << 32) - 1, 1L << 32, -(1L << 31), -(1L << 31) - 1)]
    [InlineData(RelocationType.Prel16, (1L << 16) - 1, 1L << 16, -(1L << 15), -(1L << 15) - 1)]
    public void A_PC_relative_relocation_fits_up_to_the_ABI_limit_and_no_further(RelocationType type, long lastUp, long firstUpOut, long lastDown, long firstDownOut)
    {
        Assert.Null(Apply(type, Place + (ulong)lastUp));
        Assert.NotNull(Apply(type, Place + (ulong)firstUpOut));
        Assert.Null(Apply(type, Place + (ulong)lastDown));
        Assert.NotNull(Apply(type, Place + (ulong)firstDownOut));
    }

    [Theory]
    [InlineData(RelocationType.Abs32, 0xffff_ffffUL, 0x1_0000_0000UL)]
    [InlineData(RelocationType.Abs16, 0xffffUL, 0x1_0000UL)]
    [InlineData(RelocationType.MovwUabsG0, 0xffffUL, 0x1_0000UL)]
    [InlineData(RelocationType.MovwUabsG1, 0xffff_ffffUL, 0x1_0000_0000UL)]
    [InlineData(RelocationType.MovwUabsG2, 0xffff_ffff_ffffUL, 0x1_0000_0000_0000UL)]
    public void An_absolute_relocation_fits_up_to_the_ABI_limit_and_no_further(RelocationType type, ulong last, ulong firstOut)
    {
        Assert.Null(Apply(type, last));
        Assert.NotNull(Apply(type, firstOut));
    }

    [Theory]
    [InlineData(RelocationType.MovwUabsG0Nc)]
    [InlineData(RelocationType.MovwUabsG1Nc)]
    [InlineData(RelocationType.MovwUabsG2Nc)]
    [InlineData(RelocationType.MovwUabsG3)]
    [InlineData(RelocationType.AdrPrelPgHi21Nc)]
    [InlineData(RelocationType.AddAbsLo12Nc)]
    [InlineData(RelocationType.Ldst64AbsLo12Nc)]
    [InlineData(RelocationType.Abs64)]
    [InlineData(RelocationType.Prel64)]
    public void A_relocation_without_a_check_never_overflows(RelocationType type) =>
        Assert.Null(Apply(type, 0xfedc_ba98_7654_3210));

    [Fact]
    public void Fields_land_where_the_instructions_keep_them()
    {
        // bl +0x1000; adrp x0 with page delta 0x12345; ldr x1, [x0, #0xff8]; movk x0, #0xbeef, lsl #16.
        Assert.Equal(0x94000400u, Word(RelocationType.Call26, 0x94000000, Place + 0x1000));
        Assert.Equal(0x90000000u | (1u << 29) | (0x48d1u << 5), Word(RelocationType.AdrPrelPgHi21, 0x90000000, Place + (0x12345UL << 12)));
        Assert.Equal(0xf9400000u | (0x1ffu << 10), Word(RelocationType.Ldst64AbsLo12Nc, 0xf9400000, 0x1ff8));
        Assert.Equal(0xf2a00000u | (0xbeefu << 5), Word(RelocationType.MovwUabsG1Nc, 0xf2a00000, 0xdead_beef_0000));
        Assert.Equal("R_AARCH64_MOVW_UABS_G1_NC", AArch64Relocation.Name((uint)RelocationType.MovwUabsG1Nc));
        Assert.Equal("R_AARCH64_TSTBR14", AArch64Relocation.Name((uint)RelocationType.TstBr14));
        Assert.Equal("R_AARCH64_LDST128_ABS_LO12_NC", AArch64Relocation.Name((uint)RelocationType.Ldst128AbsLo12Nc));
    }

    private static string? Apply(RelocationType type, ulong value) =>
        AArch64Relocation.Apply(new byte[8], 0, (uint)type, value, Place);

    private static uint Word(RelocationType type, uint word, ulong value)
    {
        var bytes = BitConverter.GetBytes(word);
        Assert.Null(AArch64Relocation.Apply(bytes, 0, (uint)type, value, Place));
        return BitConverter.ToUInt32(bytes);
    }
}
