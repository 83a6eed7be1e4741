namespace PatchLab.Tests.Cli;

public class RootCommandTests
{
    [Fact]
    public void Version_prints_the_assembly_version()
    {
        var (exit, output, _) = CliHarness.Run("--version");
        Assert.Equal(0, exit);
        Assert.StartsWith("0.1.0", output.Trim());
    }

    [Fact]
    public void An_unknown_option_is_one_line_on_stderr_and_exit_code_2()
    {
        var (exit, output, error) = CliHarness.Run("--no-such-option");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("patchlab: ", error);
    }
}
