using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64.Assembler;

/// <summary>Relocation operators: which relocation an operator means in a given field.</summary>
public class RelocationOperatorTests
{
    [Theory]
    [InlineData(":lo12:sym", RelocationType.AddAbsLo12Nc, RelocationType.AddAbsLo12Nc)]
    [InlineData(":lo12:sym", RelocationType.Ldst8AbsLo12Nc, RelocationType.Ldst8AbsLo12Nc)]
    [InlineData(":lo12:sym", RelocationType.Ldst64AbsLo12Nc, RelocationType.Ldst64AbsLo12Nc)]
    [InlineData(":lo12:sym", RelocationType.Ldst128AbsLo12Nc, RelocationType.Ldst128AbsLo12Nc)]
    [InlineData(":got_lo12:sym", RelocationType.Ldst64AbsLo12Nc, RelocationType.Ld64GotLo12Nc)]
    [InlineData(":got:sym", RelocationType.AdrPrelPgHi21, RelocationType.AdrGotPage)]
    [InlineData(":pg_hi21_nc:sym", RelocationType.AdrPrelPgHi21, RelocationType.AdrPrelPgHi21Nc)]
    [InlineData(":abs_g0:sym", RelocationType.MovwUabsG0, RelocationType.MovwUabsG0)]
    [InlineData(":abs_g1_nc:sym", RelocationType.MovwUabsG0, RelocationType.MovwUabsG1Nc)]
    [InlineData(":ABS_G3:sym", RelocationType.MovwUabsG0, RelocationType.MovwUabsG3)]
    [InlineData(":abs_g2_s:sym", RelocationType.MovwUabsG0, RelocationType.MovwSabsG2)]
    [InlineData("sym", RelocationType.Call26, RelocationType.Call26)]
    public void OperatorAndFieldChooseTheRelocation(string text, RelocationType field, RelocationType expected)
    {
        Assert.True(RelocationOperators.TrySplit(text, out var op, out var expression));
        Assert.Equal("sym", expression);
        Assert.Equal(expected, RelocationOperators.Resolve(op, field));
    }

    [Theory]
    [InlineData(":lo12:sym", RelocationType.Jump26)]
    [InlineData(":got:sym", RelocationType.AddAbsLo12Nc)]
    [InlineData(":got_lo12:sym", RelocationType.Ldst32AbsLo12Nc)]
    [InlineData(":abs_g0:sym", RelocationType.AddAbsLo12Nc)]
    [InlineData(":pg_hi21:sym", RelocationType.Ldst64AbsLo12Nc)]
    public void OperatorThatDoesNotFitTheFieldIsRejected(string text, RelocationType field)
    {
        Assert.True(RelocationOperators.TrySplit(text, out var op, out _));
        Assert.Null(RelocationOperators.Resolve(op, field));
    }

    [Fact]
    public void UnknownOperatorDoesNotRead() => Assert.False(RelocationOperators.TrySplit(":hi99:sym", out _, out _));

    [Theory]
    [InlineData(":abs_g0:0x123456789abc", 0x9abc, 0)]
    [InlineData(":abs_g1:0x123456789abc", 0x5678, 1)]
    [InlineData(":abs_g2_nc:0x123456789abc", 0x1234, 2)]
    [InlineData(":abs_g3:0x123456789abc", 0, 3)]
    public void MoveWideOperatorsSelectSixteenBitGroups(string text, long expected, int group)
    {
        Assert.True(RelocationOperators.TrySplit(text, out var op, out var expression));
        Assert.True(AsmSyntax.TryParseInteger(expression, out var value));
        Assert.Equal(expected, RelocationOperators.ApplyToConstant(op, value));
        Assert.Equal(group, RelocationOperators.MoveWideGroup(op));
    }
}

public class PlainOffsetTests
{
    [Fact]
    public void A_constant_load_offset_is_encoded_not_relocated_as_GNU_as_does()
    {
        const string source = "    ldr x6, [x20, #8]\n    str xzr, [x20, #16]\n    ldrb w1, [x2, #3]\n    add x0, x1, #12\n";
        Assert.Empty(PatchLab.Arm64.Assembler.SourceAssembler.Assemble(source, "t.s").FindSection(".text")!.Relocations);
        GnuAsComparison.AssertSameAsGnu(source);
    }
}

public class TestBitRegisterTests
{
    [Fact]
    public void Tbz_takes_an_X_register_with_a_low_bit_as_GNU_as_does() =>
        GnuAsComparison.AssertSameAsGnu("1:  tbz x0, #3, 1b\n    tbnz x5, #40, 1b\n    tbz w7, #31, 1b\n");
}
