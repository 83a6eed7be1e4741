using PatchLab.Arm64.Assembler;

namespace PatchLab.Tests.Arm64.Assembler;

/// <summary>Errors name the file and line GNU as names, on one line, as a <see cref="UserInputException"/>.</summary>
public class AssemblerErrorTests
{
    private static string OurError(string source)
    {
        var e = Assert.Throws<AssemblyException>(() => SourceAssembler.Assemble(source + "\n", "test.s"));
        Assert.IsAssignableFrom<UserInputException>(e);
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    /// <summary>Same message as GNU as, word for word.</summary>
    [Theory]
    [InlineData("\tret\n\tfoo x0")]
    [InlineData("\t.bogus 1")]
    [InlineData("\t.macro m\n\tret\n\tfoo\n\t.endm\n\tret\n\tm")]
    [InlineData("\t.error \"boom\"")]
    [InlineData("\t.byte 1\n\t.quad 1b")]
    [InlineData("\tret\n\tb 1b")]
    [InlineData("\t.endif")]
    [InlineData("\t.text\n\t.inst sym")]
    [InlineData("\t.data\n\t.byte sym")]
    [InlineData("\t.data\n\t.long a - b")]
    [InlineData("\t.text\n1:\t.inst 0\n2:\t.subsection 1\n3:\t.inst 0, 0\n4:\t.org . - (4b-3b) + (2b-1b)")]
    [InlineData("\t.macro m\n\t.endm\n\t.purgem m\n\tm")]
    [InlineData("\tret\n\t.cfi_def_cfa_offset 16")]
    [InlineData("\t.bss\n\t.byte 0\n\t.byte 1")]
    [InlineData("\t.cfi_startproc\n\t.cfi_startproc")]
    public void MessageMatchesGnuAs(string source)
    {
        Assert.Equal(GnuAsComparison.GnuError(source), OurError(source));
    }

    /// <summary>Same place as GNU as (our wording may differ).</summary>
    [Theory]
    [InlineData("\tret\n\tb x0, x1")]
    [InlineData("\tret\n\tadrp x0")]
    [InlineData("a:\n\tret\na:")]
    [InlineData("\t.data\n\t.byte 1, )")]
    public void PlaceMatchesGnuAs(string source)
    {
        var gnu = GnuAsComparison.GnuError(source)!;
        var place = gnu[..(gnu.IndexOf(": Error: ", StringComparison.Ordinal) + 9)];
        Assert.StartsWith(place, OurError(source));
    }

    [Fact]
    public void ForwardReferenceToAMissingNumericLabelNamesTheReferringLine()
    {
        // GNU as reports this one without a line number; we name the line that refers to the label.
        Assert.Equal("test.s:2: Error: local label `\"2\" (instance number 1 of a fb label)' is not defined",
            OurError("\tret\n\tb 2f\n\tret"));
        Assert.Equal("test.s:3: Error: local label `\"7\" (instance number 2 of a fb label)' is not defined",
            OurError("\t.data\n7:\t.long 7b - .\n\t.long 7f - ."));
    }

    [Fact]
    public void OpenCallFrameNamesWhereItStarted()
    {
        // GNU as reports this one without a line number.
        Assert.Equal("test.s:2: Error: open CFI at the end of file; missing .cfi_endproc directive",
            OurError("\tret\n\t.cfi_startproc\n\tret"));
    }

    [Fact]
    public void UnterminatedConditionalNamesWhereItStarted()
    {
        Assert.Equal("test.s:2: Error: end of file inside conditional", OurError("\tret\n\t.if 1\n\tret"));
    }

    [Fact]
    public void ErrorsInIncludedFilesNameThatFile()
    {
        using var dir = new Oracles.TempDir();
        File.WriteAllText(dir.File("inc.s"), "\tret\n\tnot_an_instruction\n");
        File.WriteAllText(dir.File("main.s"), "\t.include \"inc.s\"\n");
        var e = Assert.Throws<AssemblyException>(() => SourceAssembler.AssembleFile(dir.File("main.s")));
        Assert.Equal($"{dir.File("inc.s")}:2: Error: unknown mnemonic `not_an_instruction' -- `not_an_instruction'", e.Message);
    }

    [Fact]
    public void MissingFileIsAUserError()
    {
        var e = Assert.ThrowsAny<UserInputException>(() => SourceAssembler.AssembleFile("/nonexistent/x.s"));
        Assert.StartsWith("/nonexistent/x.s: Error: can't open", e.Message);
    }
}
