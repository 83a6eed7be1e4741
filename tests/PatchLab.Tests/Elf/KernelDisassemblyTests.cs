using PatchLab.Tests.Cli;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Elf;

/// <summary>`patchlab disasm` of a whole real arm64 kernel (3.2 million lines) is objdump's text, line for line.</summary>
public class KernelDisassemblyTests
{
    [Fact]
    public void Disassembly_of_every_code_section_of_a_real_vmlinux_is_identical_to_objdump()
    {
        var vmlinux = KernelImage.Vmlinux;
        var expected = OracleTool.Run("aarch64-linux-gnu-objdump", "-d", vmlinux).Split('\n');
        var (exit, output, error) = CliHarness.Run("disasm", vmlinux);
        Assert.True(exit == 0, error);
        var actual = output.Split('\n');
        var differing = Enumerable.Range(0, Math.Min(expected.Length, actual.Length))
            .Where(i => expected[i] != actual[i]).Take(20)
            .Select(i => $"line {i + 1}: objdump '{expected[i]}' patchlab '{actual[i]}'").ToList();
        Assert.True(differing.Count == 0 && expected.Length == actual.Length,
            $"{expected.Length} objdump lines, {actual.Length} ours; first differences:\n{string.Join('\n', differing)}");
    }
}
