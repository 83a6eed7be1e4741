using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>Our encoder reads GNU as load/store source into the same words as llvm-mc and GNU as.</summary>
public class LoadsStoresEncoderTests
{
    private static readonly string[] Lines = SplitLines(LoadsStoresSource.Lines);
    private static readonly string[] GnuAsLines = [.. Lines, .. SplitLines(LoadsStoresSource.GnuAsOnlyLines)];

    private static string[] SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);


    [Fact]
    public void Every_load_store_line_encodes_as_llvm_mc_encodes_it()
    {
        EncoderOracles.AssertOurEncoderAgrees(Lines, EncoderOracles.LlvmMc(Lines, "+v8.5a,+lse,+rcpc,+mte,+mops,+ls64"), "llvm-mc");
    }

    [Fact]
    public void Every_load_store_line_encodes_as_gnu_as_encodes_it()
    {
        EncoderOracles.AssertOurEncoderAgrees(GnuAsLines, EncoderOracles.GnuAs(GnuAsLines, "-march=armv8.8-a+memtag+ls64"), "GNU as");
    }

}
