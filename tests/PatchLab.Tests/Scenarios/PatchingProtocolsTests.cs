using System.Text.Json;
using PatchLab.Scenarios;
using PatchLab.Tests.Cli;

namespace PatchLab.Tests.Scenarios;

/// <summary>The checkers pass the sound patching protocols and catch each broken one, whatever the seed.</summary>
public class PatchingProtocolsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sound_protocols_are_clean_and_each_broken_one_is_caught_by_its_checker(int seed)
    {
        var results = PatchingProtocols.All.ToDictionary(p => p.Name, p => PatchingProtocols.Run(p, cpus: 4, rounds: 12, seed: seed + TestSeed.Value));
        Assert.True(results["full"].Correct);
        Assert.True(results["stop-machine"].Correct);
        Assert.True(results["no-dc"].StaleAtPointOfUnification > 0);
        Assert.True(results["no-ic"].StaleInInstructionCaches > 0);
        Assert.Equal(0, results["no-ic"].StaleAtPointOfUnification);
        Assert.True(results["no-sync"].StaleInFetchedInstructions > 0);
        Assert.Equal(0, results["no-sync"].StaleInInstructionCaches + results["no-sync"].StaleAtPointOfUnification);
        Assert.True(results["unsafe"].CmodxViolations > 0);
        Assert.Equal(0, results["unsafe"].RoundsLeavingStaleViews);
        Assert.All(results.Values, r => Assert.True(r.SiteExecutions > 0));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var full = PatchingProtocols.All[0];
        Assert.Equal(PatchingProtocols.Run(full, seed: 5).TraceHash, PatchingProtocols.Run(full, seed: 5).TraceHash);
    }

    [Fact]
    public void Run_protocols_json_reports_every_protocol_and_exits_0_when_the_checkers_behave()
    {
        var (exit, output, _) = CliHarness.Run("run", "protocols", "--json", "--rounds", "8");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("as_expected").GetBoolean());
        var names = json.RootElement.GetProperty("protocols").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["full", "no-dc", "no-ic", "no-sync", "unsafe", "stop-machine"], names);
    }

    [Fact]
    public void Run_protocols_rejects_a_bad_CPU_count_with_one_line_and_exit_code_2()
    {
        var (exit, _, error) = CliHarness.Run("run", "protocols", "--cpus", "1");
        Assert.Equal(2, exit);
        Assert.Equal("patchlab: --cpus 1: needs 2 to 64", error.Trim());
    }
}
