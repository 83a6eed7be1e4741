using System.Text;

namespace PatchLab.Tests.Arm64.Assembler;

/// <summary>
/// Random programs of branches, ADR/ADRP, <c>.inst</c>, labels, data with symbol differences, alignment,
/// section changes (subsections and the section stack included), macros, repetitions, conditionals and equated
/// symbols, assembled by GNU as and by ours.
/// </summary>
public class RandomProgramTests
{
    public static TheoryData<int> Programs => [.. Enumerable.Range(0, 40)];

    [Theory]
    [MemberData(nameof(Programs))]
    public void RandomProgramMatchesGnuAs(int program)
    {
        var source = Generate(TestSeed.Random(1000 + program));
        try
        {
            GnuAsComparison.AssertSameAsGnu(source);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"seed {TestSeed.Value}, program {program}:\n{source}\n{e.Message}");
        }
    }

    private static readonly string[] CodeSections = [".text", ".text.cold"];
    private static readonly string[] DataSections = [".data", ".rodata", "__jump_table"];

    private static string Generate(Random random)
    {
        var sb = new StringBuilder();
        var labels = new List<string>();
        var numericDefined = new int[4];
        var numericPending = new bool[4];
        var nextLabel = 0;
        string Label() => labels.Count == 0 || random.Next(6) == 0
            ? (random.Next(2) == 0 ? "ext_fn" : "ext_data")
            : labels[random.Next(labels.Count)];

        sb.AppendLine("""
            	.macro SITE target, key=ext_data
            999:	.inst 0xd503201f
            	.pushsection __jump_table, "aw"
            	.long 999b - ., \target - .
            	.quad \key - . + 1
            	.popsection
            	.endm
            	.macro PAD n
            	.rept \n
            	.byte \n
            	.endr
            	.endm
            """);
        var equates = 0;
        sb.AppendLine("\t.section .text.cold, \"ax\", %progbits");
        sb.AppendLine("\t.section .rodata, \"a\"");
        sb.AppendLine("\t.section __jump_table, \"aw\"");
        sb.AppendLine("\t.text");
        var code = true;
        for (var i = 0; i < 60; i++)
        {
            switch (random.Next(code ? 15 : 11))
            {
                case 8:
                    sb.AppendLine($"\t.set eq{equates++}, {Label()} + {random.Next(16)}");
                    break;
                case 9:
                    sb.AppendLine(equates > 0 ? $"\t.quad eq{random.Next(equates)}"
                        : code ? "\t.inst 0xd503201f" : $"\tPAD {random.Next(4)}");
                    break;
                case 10:
                    var k = random.Next(4);
                    sb.AppendLine(code
                        ? $"\t.if {k} > 1\n\t.inst 0x{k:x8}\n\t.else\n\tret\n\t.endif"
                        : $"\t.ifgt {k} - 2\n\t.word {k}\n\t.elseif {k}\n\tPAD {k}\n\t.endif");
                    break;
                case 11:
                    sb.AppendLine($"\tSITE {Label()}");
                    break;
                case 0:
                    var name = $"sym{nextLabel++}";
                    if (random.Next(3) == 0) sb.AppendLine($"\t.globl {name}");
                    if (random.Next(4) == 0) sb.AppendLine($"\t.type {name}, %{(code ? "function" : "object")}");
                    sb.AppendLine($"{name}:");
                    labels.Add(name);
                    break;
                case 1:
                    var n = random.Next(1, 4);
                    sb.AppendLine($"{n}:");
                    numericDefined[n]++;
                    numericPending[n] = false;
                    break;
                case 2:
                    var section = code
                        ? DataSections[random.Next(DataSections.Length)]
                        : CodeSections[random.Next(CodeSections.Length)];
                    code = !code;
                    sb.AppendLine(random.Next(3) switch
                    {
                        0 => $"\t.section {section}",
                        1 => $"\t.pushsection {section}",
                        _ => $"\t.section {section}\n\t.subsection {random.Next(3)}",
                    });
                    break;
                case 3:
                    var size = new[] { 4, 8 }[random.Next(2)];
                    var directive = size == 4 ? ".long" : ".quad";
                    sb.AppendLine(random.Next(4) switch
                    {
                        0 => $"\t{directive} {random.Next(-1000, 1000)}",
                        1 => $"\t{directive} {Label()} - .",
                        2 => $"\t{directive} {Label()} + {random.Next(64)}",
                        _ => $"\t{directive} {Numeric(random, numericDefined, numericPending)} - .",
                    });
                    break;
                case 4:
                    sb.AppendLine(code ? $"\t.balign {1 << random.Next(2, 5)}" : $"\t.balign {1 << random.Next(0, 5)}");
                    break;
                case 5:
                    sb.AppendLine(code ? $"\t.p2align {random.Next(2, 5)}" : $"\t.zero {random.Next(0, 9)}");
                    break;
                case 6:
                    sb.AppendLine(code ? "\t.word 0x12345678" : $"\t.byte {random.Next(256)}, {random.Next(256)}");
                    break;
                case 7:
                    sb.AppendLine(code ? $"\t.inst 0x{random.Next():x8}" : $"\t.ascii \"{(char)random.Next('a', 'z')}\"");
                    break;
                case 12:
                    sb.AppendLine($"\t.rept {random.Next(3)}\n\t.inst 0xd503201f\n\tb {Label()}\n\t.endr");
                    break;
                default:
                    var target = random.Next(3) == 0 ? Numeric(random, numericDefined, numericPending) : Label();
                    sb.AppendLine(random.Next(8) switch
                    {
                        0 => $"\tb {target}",
                        1 => $"\tbl {target}",
                        2 => $"\tb.ne {target}",
                        3 => $"\tcbz x{random.Next(31)}, {target}",
                        4 => $"\ttbnz w{random.Next(31)}, #{random.Next(32)}, {target}",
                        5 => $"\tadr x{random.Next(31)}, {target}",
                        6 => $"\tadrp x{random.Next(31)}, {target}",
                        _ => "\tret",
                    });
                    break;
            }
        }
        if (!code) sb.AppendLine("\t.text");
        sb.AppendLine("\t.balign 4");
        for (var n = 1; n < 4; n++)
        {
            if (numericPending[n]) sb.AppendLine($"{n}:\tret");
        }
        return sb.ToString();
    }

    /// <summary>A numeric label reference that will be defined: backward if one exists, else forward.</summary>
    private static string Numeric(Random random, int[] defined, bool[] pending)
    {
        var n = random.Next(1, 4);
        if (defined[n] > 0 && random.Next(2) == 0) return $"{n}b";
        pending[n] = true;
        return $"{n}f";
    }
}
