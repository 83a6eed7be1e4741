using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PatchLab.Scenarios;
using Spectre.Console;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>
    /// `patchlab demo`: until the livepatch scenario exists, the patching-protocol experiment on 4 CPUs: each
    /// protocol's checker findings and cost, and whether the checkers caught exactly the broken ones.
    /// </summary>
    public static Command Demo()
    {
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object." };
        var seed = new Option<int>("--seed") { Description = "Seed of the run's random choices.", DefaultValueFactory = _ => 1 };
        var cpus = new Option<int>("--cpus") { Description = "CPUs (one writer, the rest run through the site).", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--rounds") { Description = "Patches per protocol.", DefaultValueFactory = _ => 20 };
        var command = new Command("demo", "Patch one instruction under running CPUs with each protocol and show what the checkers find.\n" +
            "Example: patchlab demo --seed 7 --json")
        {
            json,
            seed,
            cpus,
            rounds,
        };
        command.SetAction(parsed =>
        {
            var n = parsed.GetValue(cpus);
            if (n is < 2 or > 64) throw new UserInputException($"--cpus {n}: needs 2 to 64");
            var r = parsed.GetValue(rounds);
            if (r is < 1 or > 10_000) throw new UserInputException($"--rounds {r}: needs 1 to 10000");
            var s = parsed.GetValue(seed);
            var results = PatchingProtocols.All.Select(p => PatchingProtocols.Run(p, n, r, s)).ToList();
            // The experiment checks itself: the sound protocols stay clean and every broken one is caught.
            var asExpected = results.All(x => x.Correct == x.Protocol.Name is "full" or "stop-machine");
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) WriteJson(output, results, s, asExpected);
            else WriteTable(output, results, s, n, asExpected);
            return asExpected ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static void WriteTable(TextWriter output, List<ProtocolResult> results, int seed, int cpus, bool asExpected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 120);
        var table = new Table().Title($"Patching one instruction under {cpus - 1} running CPUs (seed {seed})")
            .AddColumn(new TableColumn("protocol").NoWrap())
            .AddColumns("rounds", "site runs", "stale rounds", "stale at PoU", "stale in I-caches",
                "stale fetched", "CMODX violations", "ns per round", "verdict");
        foreach (var r in results)
        {
            table.AddRow(r.Protocol.Name, $"{r.Rounds}", $"{r.SiteExecutions}", $"{r.RoundsLeavingStaleViews}",
                $"{r.StaleAtPointOfUnification}", $"{r.StaleInInstructionCaches}", $"{r.StaleInFetchedInstructions}",
                $"{r.CmodxViolations}", r.NsPerRound.ToString("F0", CultureInfo.InvariantCulture),
                r.Correct ? "[green]correct[/]" : "[red]broken[/]");
        }
        console.Write(table);
        foreach (var r in results) console.MarkupLineInterpolated($"  [bold]{r.Protocol.Name}[/]: {r.Protocol.Description}");
        console.MarkupLine(asExpected
            ? "The checkers found every broken protocol and nothing wrong with the sound ones."
            : "[red]Unexpected: a sound protocol was flagged or a broken one was not.[/]");
    }

    private static void WriteJson(TextWriter output, List<ProtocolResult> results, int seed, bool asExpected)
    {
        // A JSON tree rather than serialized anonymous objects: no reflection, so a native (AOT) patchlab prints it too.
        var protocols = new JsonArray();
        foreach (var r in results)
        {
            protocols.Add((JsonNode)new JsonObject
            {
                ["name"] = r.Protocol.Name,
                ["correct"] = r.Correct,
                ["rounds"] = r.Rounds,
                ["site_executions"] = r.SiteExecutions,
                ["stale_rounds"] = r.RoundsLeavingStaleViews,
                ["stale"] = new JsonObject
                {
                    ["pou"] = r.StaleAtPointOfUnification,
                    ["icache"] = r.StaleInInstructionCaches,
                    ["fetched"] = r.StaleInFetchedInstructions,
                },
                ["violations"] = new JsonObject { ["cmodx"] = r.CmodxViolations },
                ["ns_per_round"] = Math.Round(r.NsPerRound, 1),
                ["trace_hash"] = r.TraceHash.ToString("x16", CultureInfo.InvariantCulture),
            });
        }
        var document = new JsonObject { ["seed"] = seed, ["as_expected"] = asExpected, ["protocols"] = protocols };
        output.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
