using PatchLab.Tests.Elf;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

public class DisasmFullIsaTests
{
    [Theory]
    [InlineData("c-o2.o")]
    [InlineData("c-fs.o")]
    [InlineData("c-patchable.o")]
    [InlineData("static.exe")]
    public void A_gcc_built_file_disassembles_exactly_as_objdump_d(string sample)
    {
        var path = ElfReaderTests.PathOf(sample);
        var (exit, output, error) = CliHarness.Run("disasm", path);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(OracleTool.Run("aarch64-linux-gnu-objdump", "-d", path), output);
    }

    /// <summary>Without mapping symbols, data in text is disassembled as instructions too.</summary>
    [Fact]
    public void A_stripped_executable_disassembles_exactly_as_objdump_d()
    {
        using var dir = new TempDir();
        var stripped = dir.File("stripped.exe");
        OracleTool.Run("aarch64-linux-gnu-objcopy", "--strip-all", ElfSamples.BranchesExecutable, stripped);
        var (exit, output, error) = CliHarness.Run("disasm", stripped);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(OracleTool.Run("aarch64-linux-gnu-objdump", "-d", stripped), output);
    }
}
