using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64;

public class BitPatternTests
{
    [Fact]
    public void Should_be_one_bits_are_ignored_when_matching_but_remembered_for_encoding()
    {
        var pattern = BitPattern.Parse("11 001000 0 1 0 (1)(1)(1)(1)(1) 0 (1)(1)(1)(1)(1) Rn:5 Rt:5");
        Assert.Equal(0xffe08000u, pattern.Mask);
        Assert.Equal(0xc8400000u, pattern.Value);
        Assert.Equal(0x001f7c00u, pattern.ShouldBeOne);
        Assert.True(pattern.Matches(0xc8400020));
    }

    [Fact]
    public void The_encoder_writes_should_be_one_bits_as_ones()
    {
        Assert.True(InstructionEncoder.TryEncode("ldxr", "x0, [x1]", new LiteralParseContext(0), out var word));
        Assert.Equal(0xc85f7c20u, word);
    }
}
