using PatchLab.Tests.Elf;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

public class SymbolsCommandTests
{
    [Fact]
    public void Symbols_prints_what_readelf_sW_prints()
    {
        var (exit, output, error) = CliHarness.Run("symbols", ElfSamples.CObject);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Equal(OracleTool.Run("aarch64-linux-gnu-readelf", "-sW", ElfSamples.CObject), output);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_one_line_and_exit_code_2()
    {
        using var dir = new TempDir();
        var path = dir.File("notes.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Repeat("not an ELF file\n", 8)));
        var (exit, output, error) = CliHarness.Run("symbols", path);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"patchlab: {path}: at offset 0x0: not an ELF file (bad magic number)", error.TrimEnd());
    }

    [Fact]
    public void A_missing_object_in_a_link_is_named_and_exit_code_2()
    {
        using var dir = new TempDir();
        var (exit, _, error) = CliHarness.Run("link", "-o", dir.Path + "/out", ElfSamples.BranchesObject, "/no/such.o");
        Assert.Equal(2, exit);
        Assert.Equal("patchlab: /no/such.o: no such file", error.TrimEnd());
    }
}
