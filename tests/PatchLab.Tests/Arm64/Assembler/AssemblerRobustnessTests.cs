using PatchLab.Arm64.Assembler;

namespace PatchLab.Tests.Arm64.Assembler;

/// <summary>Whatever the source says, the assembler answers with an object or a one-line user error.</summary>
public class AssemblerRobustnessTests
{
    private static readonly string[] Statements =
    [
        ".byte", ".hword", ".word", ".quad", ".ascii", ".asciz", ".string", ".zero", ".skip", ".space", ".fill",
        ".align", ".balign", ".p2align", ".org", ".inst", ".section", ".pushsection", ".popsection", ".previous",
        ".subsection", ".text", ".data", ".bss", ".globl", ".weak", ".local", ".hidden", ".type", ".size", ".set",
        ".equ", ".equiv", ".comm", ".lcomm", ".uleb128", ".sleb128", ".include", ".file", ".ident", ".rept", ".irp",
        ".irpc", ".endr", ".macro", ".endm", ".exitm", ".purgem", ".if", ".ifdef", ".ifc", ".else", ".elseif",
        ".endif", ".cfi_startproc", ".cfi_endproc", ".cfi_offset", ".cfi_def_cfa", ".cfi_register", ".cfi_escape",
        ".cfi_restore", "b", "bl", "cbz", "tbz", "adr", "adrp", "ret", "br", "label:", "1:", "sym =",
    ];

    private static readonly string[] Operands =
    [
        "", ",", ",,", "1", "-1", "x", "x0", "\"s\"", "\"", "1, 2, 3", "(", ")", "1 +", "1/0", "1f", "1b", ":lo12:x",
        "%", "'", "x0, #1, 1b", ".", ". - 1b", "0x7fffffffffffffff", "99999999999999999999", "\\@", "=",
        "0x8000000000000000 / -1", "0x8000000000000000 % -1", "1 << 200", "~", "!!1", "(((1)))", "1 ? 2",
    ];

    [Fact]
    public void EveryStatementWithEveryOperandEndsInAnObjectOrAUserError()
    {
        foreach (var statement in Statements)
        {
            foreach (var operand in Operands)
            {
                var source = $"\t.text\n1:\t{statement} {operand}\n\tret\n";
                try
                {
                    SourceAssembler.Assemble(source, "fuzz.s");
                }
                catch (UserInputException e)
                {
                    Assert.DoesNotContain('\n', e.Message);
                    Assert.StartsWith("fuzz.s:", e.Message);
                }
                catch (Exception e)
                {
                    Assert.Fail($"`{statement} {operand}`: {e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    [Theory]
    [InlineData("\t.macro m\n\tm\n\t.endm\n\tm", "nested too deeply")]
    [InlineData("\t.rept 1000000000\n\tret\n\t.endr", "too many")]
    [InlineData("\t.rept 100000\n\t.rept 100000\n\tret\n\t.endr\n\t.endr", "too many")]
    public void RunawayExpansionIsAUserError(string source, string message)
    {
        var e = Assert.ThrowsAny<UserInputException>(() => SourceAssembler.Assemble(source + "\n", "x.s"));
        Assert.Contains(message, e.Message);
    }
}

