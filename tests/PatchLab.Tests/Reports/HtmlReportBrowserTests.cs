using System.Text.RegularExpressions;
using PatchLab.Reports;
using PatchLab.Tests.Cli;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Reports;

/// <summary>
/// `--report FILE`: the page loads in headless Chromium with no console errors, draws every plot, and asks the
/// network for nothing. Screenshots go to the temporary directory's patchlab-reports folder for a person to look at.
/// </summary>
public partial class HtmlReportBrowserTests
{
    [Fact]
    public void Protocols_report_draws_every_plot_without_errors()
    {
        using var dir = new TempDir();
        var page = dir.File("protocols.html");
        var (exit, _, error) = CliHarness.Run("run", "protocols", "--rounds", "4", "--seed", $"{TestSeed.Value}", "--report", page);
        Assert.True(exit == 0, $"seed {TestSeed.Value}: {error}");
        AssertDrawn(page, plots: 2, "protocols");
        Assert.Contains("<td>stop-machine</td>", File.ReadAllText(page));
    }

    [Fact]
    public void Demo_report_plots_tasks_pending_over_time_per_strategy_and_the_hook_cost()
    {
        using var dir = new TempDir();
        var page = dir.File("demo.html");
        var (exit, _, error) = CliHarness.Run("demo", "--budget", "2", "--seed", $"{TestSeed.Value}", "--report", page);
        Assert.True(exit == 0, $"seed {TestSeed.Value}: {error}");
        AssertDrawn(page, plots: 2, "demo");
        var html = File.ReadAllText(page);
        Assert.All(["none", "cond-resched-key", "cond-resched-call", "schedule-freezable"], s => Assert.Contains($"<td>{s}</td>", html));
    }

    [Fact]
    public void Bench_updates_report_draws_cost_against_sites_on_a_log_axis()
    {
        using var dir = new TempDir();
        var page = dir.File("updates.html");
        var (exit, _, error) = CliHarness.Run("bench", "updates", "--sites", "1", "10", "100", "--report", page);
        Assert.True(exit == 0, error);
        AssertDrawn(page, plots: 2, "bench-updates");
        Assert.Contains("\"log\":true", File.ReadAllText(page));
    }

    [Fact]
    public void Bench_calls_report_draws_cost_per_call_per_flavour()
    {
        using var dir = new TempDir();
        var page = dir.File("calls.html");
        var (exit, _, error) = CliHarness.Run("bench", "calls", "--calls", "50", "--report", page);
        Assert.True(exit == 0, error);
        AssertDrawn(page, plots: 3, "bench-calls");
        Assert.Contains("<td>inline</td><td>1 / 0 / 0</td>", File.ReadAllText(page));
    }

    [Fact]
    public void Stepped_lines_per_strategy_and_grouped_bars_per_flavour_are_drawn()
    {
        using var dir = new TempDir();
        var page = dir.File("generic.html");
        // The shapes the livepatch and static-call results take: tasks pending over time per strategy, cost per flavour.
        var report = new HtmlReport("Plots <of> every kind & shape")
            .LineChart("Tasks still pending", new Axis("virtual time (ms)"), new Axis("tasks pending"),
            [
                new Series("cond_resched static key", [(0, 8), (1000, 5), (2000, 1), (3000, 0)]),
                new Series("no switch point </script>", [(0, 8), (1500, double.NaN), (3000, 8)]),
            ], stepped: true)
            .BarChart("Cost per call", "instructions", ["generic", "trampoline", "inline"],
            [
                new BarSeries("instructions", [5, 3, 1]),
                new BarSeries("loads", [2, 1, 0]),
                new BarSeries("indirect branches", [1, 1, double.NaN]),
            ])
            .LineChart("Nothing yet", new Axis("x", Logarithmic: true), new Axis("y"), [new Series("empty", [])])
            .Table(new ResultTable("flavours", ["flavour", "instructions"], [["generic", "5"], ["inline", "1"]]));
        using (var writer = File.CreateText(page)) report.Write(writer);
        AssertDrawn(page, plots: 3, "generic");
    }

    private static void AssertDrawn(string page, int plots, string name)
    {
        var html = File.ReadAllText(page);
        // Self-contained: nothing to fetch (the only URL is the SVG namespace, which names and loads nothing).
        Assert.DoesNotMatch(ExternalReference(), html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        var (dom, console) = HeadlessChromium.DumpDom(page);
        Assert.Empty(console);
        Assert.DoesNotContain("data-errors", dom, StringComparison.Ordinal);
        Assert.Contains($"data-plots-drawn=\"{plots}\"", dom, StringComparison.Ordinal);
        Assert.Equal(plots, Regex.Count(dom, "<figure class=\"plot\" data-drawn=\"true\"><figcaption>"));
        Assert.Equal(plots, Regex.Count(dom, "<svg "));
        var shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "patchlab-reports")).FullName;
        var png = Path.Combine(shots, name + ".png");
        HeadlessChromium.Screenshot(page, png, 1100, 1600);
        Assert.True(new FileInfo(png).Length > 10_000, $"{png} is too small to show the plots");
    }

    [GeneratedRegex(@"https?:|\ssrc=|\shref=|@import|url\(")]
    private static partial Regex ExternalReference();
}
