using PatchLab.Tests.Cli;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Linking;

/// <summary>`patchlab link`: options as GNU ld spells them, a link map, one line for bad input.</summary>
public class LinkCommandTests
{
    [Theory]
    [InlineData("shared", 1)]
    [InlineData("per-site", 1)]
    public void Link_writes_a_runnable_executable_and_a_map_listing_veneers_with_callers(string policy, int veneers)
    {
        using var dir = new TempDir();
        var objects = LinkPrograms.Objects(dir, "-O2", "main.c", "data.c", "far.c");
        var output = dir.File("prog");
        var map = dir.File("prog.map");
        var (exit, _, err) = CliHarness.Run(["link", "-o", output, "--section-start=.far=0x10400000", "-Ttext=0x400000",
            $"--veneers={policy}", "--map", map, "-e", "_start", .. objects]);
        Assert.Equal("", err);
        Assert.Equal(0, exit);
        var expected = LinkerProgramTests.LinkWithGnuLd(dir, objects, "--section-start=.far=0x10400000");
        Assert.Equal(expected, Qemu.Run(output));
        var text = File.ReadAllText(map);
        Assert.Contains($"Veneers ({veneers})", text, StringComparison.Ordinal);
        Assert.Matches(@"__far_square_veneer\S* -> far_square \(0x0000000010400000\), 1 caller\(s\)\n    from \S*main\S*\.o\(\.text\S*\+0x[0-9a-f]+\) at 0x", text);
        Assert.Contains(".far                 0x0000000010400000", text, StringComparison.Ordinal);
        Assert.Matches(@"0x0000000010400000 0x[0-9a-f]{8} global \.far +far_square", text);
    }

    [Theory]
    [InlineData("no such file", "link", "-o", "OUT", "missing.o")]
    [InlineData("junk.o", "link", "-o", "OUT", "JUNK")]
    [InlineData("not a hexadecimal address", "link", "-o", "OUT", "--section-start=.far=zz", "OBJ")]
    [InlineData("expected NAME=ADDR", "link", "-o", "OUT", "--section-start=.far", "OBJ")]
    [InlineData("entry symbol `nothing' is not defined", "link", "-o", "OUT", "-e", "nothing", "OBJ")]
    [InlineData("--veneers=some: expected shared or per-site", "link", "-o", "OUT", "--veneers=some", "OBJ")]
    public void Bad_input_is_one_line_and_exit_code_2(string message, params string[] args)
    {
        using var dir = new TempDir();
        var obj = LinkPrograms.Objects(dir, "-O2", "data.c", "main.c", "far.c");
        File.WriteAllText(dir.File("junk.o"), "not an ELF file\n");
        var (exit, _, err) = CliHarness.Run([.. args.Take(args.Length - 1).Select(a => a == "OUT" ? dir.File("out") : a),
            .. args[^1] switch { "OBJ" => obj, "JUNK" => [dir.File("junk.o")], var other => [other] }]);
        Assert.Equal(2, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(dir.File("out")));
    }
}
