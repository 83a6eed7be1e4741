using System.CommandLine;
using System.Text.Json;
using PatchLab.Reports;
using PatchLab.Scenarios;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab bench updates`: the cost of one static-key update as the number of its sites grows.</summary>
    private static Command BenchUpdates()
    {
        var json = JsonOption();
        var sites = new Option<int[]>("--sites")
        {
            Description = "Site counts to measure.",
            DefaultValueFactory = _ => [1, 10, 100, 1000, 10000],
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the run's random choices.", DefaultValueFactory = _ => 1 };
        var report = ReportOption();
        var staticCall = new Option<bool>("--static-call") { Description = "Measure static_call_update of an inline static call with N sites instead of a static key." };
        var command = new Command("updates", "Cost of a static-key update (enable or disable), or with --static-call of an inline " +
            "static-call update, with N sites under 3 running CPUs: writes, synchronisation rounds and virtual time. The floor " +
            "is one round per update, whatever N.\n" +
            "Example: patchlab bench updates --sites 1 100 10000 --static-call")
        {
            json,
            sites,
            seed,
            report,
            staticCall,
        };
        command.SetAction(parsed =>
        {
            var counts = parsed.GetValue(sites) ?? [];
            if (counts.Any(n => n is < 1 or > 100_000)) throw new UserInputException("--sites: each count needs 1 to 100000");
            CheckReport(parsed, report);
            Func<int, int, UpdateCost> measure = parsed.GetValue(staticCall) ? StaticCallUpdateCost.Measure : StaticKeyUpdateCost.Measure;
            var results = WithProgress(parsed, "bench updates", counts, n => $"{n} sites", n => measure(n, parsed.GetValue(seed)));
            SaveReport(parsed, report, () => ScenarioReports.UpdateCosts(results));
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(
                    results.Select(r => new UpdateCostRow(r.Sites, r.Writes, r.SynchronisationRounds, Math.Round(r.NsPerUpdate, 1))).ToList(),
                    CliJson.Default.ListUpdateCostRow));
                return ExitCodes.Ok;
            }
            WriteTable(ConsoleFor(output), ScenarioReports.UpdateCostTable(results));
            return ExitCodes.Ok;
        });
        return command;
    }
}
