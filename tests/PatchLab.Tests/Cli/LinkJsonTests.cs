using System.Text.Json;
using PatchLab.Tests.Linking;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

/// <summary>`patchlab link --json`: the layout a script can read — entry, sections, veneers and their callers.</summary>
public class LinkJsonTests
{
    [Fact]
    public void Link_json_lists_sections_and_each_veneer_with_its_callers()
    {
        using var dir = new TempDir();
        var objects = LinkPrograms.Objects(dir, "-O2", "main.c", "data.c", "far.c");
        var (exit, output, error) = CliHarness.Run(["link", "-o", dir.File("prog"), "--section-start=.far=0x10400000",
            "--veneers=per-site", "--json", .. objects]);
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Contains(root.GetProperty("sections").EnumerateArray(),
            s => s.GetProperty("name").GetString() == ".far" && s.GetProperty("address").GetString() == "0x10400000");
        var veneer = Assert.Single(root.GetProperty("veneers").EnumerateArray());
        Assert.Equal("far_square", veneer.GetProperty("target").GetString());
        Assert.Matches(@"main\S*\.o\(\.text\S*\+0x[0-9a-f]+\) at 0x", Assert.Single(veneer.GetProperty("callers").EnumerateArray()).GetString());
        Assert.True(root.GetProperty("symbols").GetInt32() > 0);
    }
}
