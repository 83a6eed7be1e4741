using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// GNU as source lines for the SIMD&amp;FP, crypto, SVE and SME instructions encode to the words LLVM's assembler
/// (a second opinion, written independently of binutils) and GNU as give.
/// </summary>
public class FpSimdAssemblerCrossCheckTests
{
    private const string LlvmFeatures = "+v8.5a,+crypto,+sha3,+sm4,+sve,+sve2,+f64mm,+sme,+fullfp16,+fp16fml,+bf16,+i8mm";
    private const string GnuArchitecture = "-march=armv8.6-a+sve2+f64mm+sme+crypto+sha3+sm4+fp16+fp16fml+bf16+i8mm";


    [Fact]
    public void Lines_encode_as_llvm_mc_encodes_them()
    {
        var lines = FpSimdAssemblyLines.Common;
        EncoderOracles.AssertOurEncoderAgrees(lines, EncoderOracles.LlvmMc(lines, LlvmFeatures), "llvm-mc");
    }

    [Fact]
    public void Lines_encode_as_gnu_as_encodes_them()
    {
        string[] lines = [.. FpSimdAssemblyLines.Common, .. FpSimdAssemblyLines.GnuOnly];
        EncoderOracles.AssertOurEncoderAgrees(lines, EncoderOracles.GnuAs(lines, GnuArchitecture), "GNU as");
    }

    [Fact]
    public void Lines_cover_every_mnemonic_of_the_groups()
    {
        string[] lines = [.. FpSimdAssemblyLines.Common, .. FpSimdAssemblyLines.GnuOnly];
        var written = lines.Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        var missing = EncodingTable.All.Where(e => e.Group is "fp-simd" or "sve-sme").Select(e => e.Mnemonic)
            .Where(m => !written.Contains(m)).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "no line for: " + string.Join(' ', missing));
    }

}
