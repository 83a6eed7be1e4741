using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PatchLab.Reports;
using PatchLab.Scenarios;
using Spectre.Console;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>
    /// `patchlab run protocols`: the patching-protocol experiment on 4 CPUs: each protocol's checker findings and
    /// cost, and whether the checkers caught exactly the broken ones.
    /// </summary>
    public static Command RunProtocols()
    {
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object." };
        var seed = new Option<int>("--seed") { Description = "Seed of the run's random choices.", DefaultValueFactory = _ => 1 };
        var cpus = new Option<int>("--cpus") { Description = "CPUs (one writer, the rest run through the site).", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--rounds") { Description = "Patches per protocol.", DefaultValueFactory = _ => 20 };
        var trace = TraceOption();
        var report = ReportOption();
        var command = new Command("protocols", "Patch one instruction under running CPUs with each protocol and show what the checkers find.\n" +
            "Example: patchlab run protocols --seed 7 --json")
        {
            json,
            seed,
            cpus,
            rounds,
            trace,
            report,
        };
        command.SetAction(parsed =>
        {
            var n = parsed.GetValue(cpus);
            if (n is < 2 or > 64) throw new UserInputException($"--cpus {n}: needs 2 to 64");
            var r = parsed.GetValue(rounds);
            if (r is < 1 or > 10_000) throw new UserInputException($"--rounds {r}: needs 1 to 10000");
            var s = parsed.GetValue(seed);
            var traceFile = StartTrace(parsed, trace);
            CheckReport(parsed, report);
            var results = WithProgress(parsed, "run protocols", PatchingProtocols.All, p => p.Name,
                p => PatchingProtocols.Run(p, n, r, s, traceFile?.Run(p.Name)));
            SaveTrace(parsed, trace, traceFile);
            SaveReport(parsed, report, () => ScenarioReports.PatchingProtocols(results, s, n));
            // The experiment checks itself: the sound protocols stay clean and every broken one is caught.
            var asExpected = results.All(x => x.Correct == x.Protocol.Name is "full" or "stop-machine");
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) WriteProtocolJson(output, results, s, asExpected);
            else WriteProtocolTable(output, results, s, n, asExpected);
            return asExpected ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static void WriteProtocolTable(TextWriter output, List<ProtocolResult> results, int seed, int cpus, bool asExpected)
    {
        var console = ConsoleFor(output);
        WriteTable(console, ScenarioReports.ProtocolTable(results, seed, cpus));
        foreach (var r in results) console.MarkupLineInterpolated($"  [bold]{r.Protocol.Name}[/]: {r.Protocol.Description}");
        console.MarkupLine(asExpected
            ? "The checkers found every broken protocol and nothing wrong with the sound ones."
            : "[red]Unexpected: a sound protocol was flagged or a broken one was not.[/]");
    }

    private static void WriteProtocolJson(TextWriter output, List<ProtocolResult> results, int seed, bool asExpected)
    {
        var document = new JsonObject
        {
            ["seed"] = seed,
            ["as_expected"] = asExpected,
            ["protocols"] = CliJson.Array(results, r => new JsonObject
            {
                ["name"] = r.Protocol.Name,
                ["correct"] = r.Correct,
                ["rounds"] = r.Rounds,
                ["site_executions"] = r.SiteExecutions,
                ["stale_rounds"] = r.RoundsLeavingStaleViews,
                ["stale"] = new JsonObject
                {
                    ["pou"] = r.StaleAtPointOfUnification, ["icache"] = r.StaleInInstructionCaches, ["fetched"] = r.StaleInFetchedInstructions,
                },
                ["violations"] = new JsonObject { ["cmodx"] = r.CmodxViolations },
                ["ns_per_round"] = Math.Round(r.NsPerRound, 1),
                ["trace_hash"] = r.TraceHash.ToString("x16", CultureInfo.InvariantCulture),
            }),
        };
        output.WriteLine(CliJson.Indented(document));
    }
}
