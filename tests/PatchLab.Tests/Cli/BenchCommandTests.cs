using System.Text.Json;

namespace PatchLab.Tests.Cli;

/// <summary>`patchlab bench` reports what it measured; the numbers themselves are for people, not for assertions.</summary>
public class BenchCommandTests
{
    [Fact]
    public void Bench_decode_reports_its_rates_as_json()
    {
        var (exit, output, error) = CliHarness.Run("bench", "decode", "--random", "--runs", "1", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("decode", root.GetProperty("bench").GetString());
        Assert.Equal(1 << 24, root.GetProperty("words").GetInt32());
        Assert.Single(root.GetProperty("runsMInsnPerSecond").EnumerateArray());
        Assert.True(root.GetProperty("medianMInsnPerSecond").GetDouble() > 0);
        // Seeded words: the same share of them decodes on every run.
        Assert.InRange(root.GetProperty("allocated").GetInt32(), 1, (1 << 24) - 1);
    }

    [Fact]
    public void Bench_of_a_missing_file_is_one_line_and_exit_code_2()
    {
        var (exit, _, error) = CliHarness.Run("bench", "disasm", "/no/such/file");
        Assert.Equal(2, exit);
        Assert.StartsWith("patchlab: /no/such/file: no such file", error);
    }
}

public class BenchUpdatesCommandTests
{
    [Fact]
    public void Bench_updates_reports_one_synchronisation_round_per_update_for_any_number_of_sites()
    {
        var (exit, output, error) = CliHarness.Run("bench", "updates", "--sites", "1", "50", "--json");
        Assert.True(exit == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 50], rows.Select(r => r.GetProperty("sites").GetInt32()));
        Assert.Equal([1, 50], rows.Select(r => r.GetProperty("writes").GetInt32()));
        Assert.All(rows, r => Assert.Equal(1, r.GetProperty("sync_rounds").GetInt32()));
    }
}

public class BenchStaticCallUpdatesCommandTests
{
    [Fact]
    public void Bench_updates_of_a_static_call_patches_every_site_with_one_synchronisation_round()
    {
        var (exit, output, error) = CliHarness.Run("bench", "updates", "--static-call", "--sites", "1", "40", "--json");
        Assert.True(exit == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 40], rows.Select(r => r.GetProperty("writes").GetInt32()));
        Assert.All(rows, r => Assert.Equal(1, r.GetProperty("sync_rounds").GetInt32()));
    }
}

public class BenchCallsCommandTests
{
    [Fact]
    public void Bench_calls_reports_every_flavour_and_state_with_inline_near_at_one_BL()
    {
        var (exit, output, error) = CliHarness.Run("bench", "calls", "--calls", "50", "--json");
        Assert.True(exit == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(20, rows.Count);
        var inlineNear = rows.Single(r => r.GetProperty("flavour").GetString() == "inline" && r.GetProperty("state").GetString() == "near");
        Assert.Equal((1.0, 0.0, 0.0), (inlineNear.GetProperty("instructions").GetDouble(), inlineNear.GetProperty("loads").GetDouble(),
            inlineNear.GetProperty("indirect_branches").GetDouble()));
    }

    [Fact]
    public void Bench_calls_prints_a_table()
    {
        var (exit, output, error) = CliHarness.Run("bench", "calls", "--calls", "20");
        Assert.True(exit == 0, error);
        Assert.Contains("out-of-line 2026", output, StringComparison.Ordinal);
        Assert.Contains("1 / 0 / 0", output, StringComparison.Ordinal);
    }
}
