using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

/// <summary>Long runs show progress on a terminal and nothing but their results when the output is redirected.</summary>
public class ProgressTests
{
    private static readonly string Cli = typeof(PatchLab.Cli.Program).Assembly.Location;

    [Fact]
    public void Redirected_output_gets_the_results_and_no_progress()
    {
        var (exit, output, error) = OracleTool.RunRaw("dotnet", Cli, "bench", "updates", "--sites", "1", "10");
        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        Assert.DoesNotContain("\e[", output, StringComparison.Ordinal);
        Assert.Contains("sync rounds", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_sees_the_progress_of_each_step()
    {
        // script(1) runs the command on a pseudo-terminal and copies what the terminal was sent; it needs a standard
        // input, which CI may not give.
        var (exit, output, error) = OracleTool.RunRaw("sh", "-c",
            $"script -qec \"dotnet '{Cli}' bench updates --sites 1 10 100 1000\" /dev/null < /dev/null");
        Assert.True(exit == 0, error);
        Assert.Matches(@"bench updates: \d+ sites", output);
        Assert.Contains("sync rounds", output, StringComparison.Ordinal);
    }
}
