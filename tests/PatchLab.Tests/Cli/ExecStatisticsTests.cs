using System.Text.Json;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Cli;

/// <summary>`patchlab exec --json`: the statistics as one JSON object on stderr, the program's output untouched.</summary>
public class ExecStatisticsTests
{
    [Fact]
    public void Exec_json_prints_the_statistics_as_one_json_object_on_stderr()
    {
        using var dir = new TempDir();
        var (exit, output, error) = CliHarness.Run("exec", SpinProgram.Build(dir), "--json");
        Assert.Equal(SpinProgram.ExitCode, exit);
        Assert.Equal("", output);
        using var json = JsonDocument.Parse(error);
        Assert.Equal(SpinProgram.Instructions, json.RootElement.GetProperty("instructions").GetInt64());
        Assert.Equal(SpinProgram.ExitCode, json.RootElement.GetProperty("exit_code").GetInt32());
        Assert.True(json.RootElement.GetProperty("mips").GetDouble() > 0);
    }
}
