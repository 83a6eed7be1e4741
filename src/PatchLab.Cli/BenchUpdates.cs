using System.CommandLine;
using System.Globalization;
using System.Text.Json;
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
        var command = new Command("updates", "Cost of a static-key update (enable or disable) with N sites under 3 running CPUs: " +
            "writes, synchronisation rounds and virtual time. The floor is one round per update, whatever N.\n" +
            "Example: patchlab bench updates --sites 1 100 10000")
        {
            json,
            sites,
            seed,
        };
        command.SetAction(parsed =>
        {
            var counts = parsed.GetValue(sites) ?? [];
            if (counts.Any(n => n is < 1 or > 100_000)) throw new UserInputException("--sites: each count needs 1 to 100000");
            var results = counts.Select(n => StaticKeyUpdateCost.Measure(n, parsed.GetValue(seed))).ToList();
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(
                    results.Select(r => new UpdateCostRow(r.Sites, r.Writes, r.SynchronisationRounds, Math.Round(r.NsPerUpdate, 1))).ToList(),
                    CliJson.Default.ListUpdateCostRow));
                return ExitCodes.Ok;
            }
            output.WriteLine("sites      writes  sync rounds  virtual ns per update");
            foreach (var r in results)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Sites,5}  {r.Writes,10}  {r.SynchronisationRounds,11}  {r.NsPerUpdate,21:F0}"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
