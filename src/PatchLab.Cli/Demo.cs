using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PatchLab.Kernel;
using PatchLab.Reports;
using PatchLab.Scenarios;
using Spectre.Console;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>
    /// `patchlab demo`: the built-in vhost scenario once per switch-point strategy, as a table or one JSON object;
    /// exit code 1 if any run had a CMODX or consistency violation.
    /// </summary>
    public static Command Demo()
    {
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object." };
        var seed = new Option<int>("--seed") { Description = "Seed of the run's random choices.", DefaultValueFactory = _ => 1 };
        var budget = BudgetOption();
        var trace = TraceOption();
        var report = ReportOption();
        var command = new Command("demo",
            "Livepatch the vhost scenario (4 CPUs, two busy vhost workers pinned to their CPUs, user tasks, idle) once per\n" +
            "switch-point strategy and show whether and when the transition completes.\nExample: patchlab demo --json")
        {
            json,
            seed,
            budget,
            trace,
            report,
        };
        command.SetAction(parsed =>
        {
            var options = new VhostOptions { Seed = parsed.GetValue(seed), BudgetNs = BudgetNs(parsed.GetValue(budget)) };
            var results = RunStrategies(parsed, trace, report, DemoRuns, options);
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) WriteStrategiesJson(output, results, options.Seed);
            else WriteStrategiesTable(output, results, options);
            return results.Any(r => r.CmodxViolations + r.ConsistencyViolations > 0) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    private static Option<double> BudgetOption() => new("--budget")
    {
        Description = "Seconds of virtual time the transition may take after the patch is enabled.",
        DefaultValueFactory = _ => 16.5,
    };

    private static ulong BudgetNs(double seconds) => seconds is > 0 and <= 3600 ? (ulong)(seconds * 1e9)
        : throw new UserInputException($"--budget {seconds}: needs more than 0 and at most 3600 seconds");

    /// <summary>
    /// The demo's runs: each strategy, and cond-resched-call with every static-call flavour (the mainline out-of-line
    /// form first), so the table shows what each design costs side by side.
    /// </summary>
    private static readonly IReadOnlyList<(SwitchPointStrategy Strategy, StaticCallFlavour StaticCalls)> DemoRuns =
    [
        .. SwitchPointStrategies.All.SelectMany(s => s == SwitchPointStrategy.CondReschedCall
            ? StaticCallFlavours.All.OrderBy(f => f != StaticCallFlavour.OutOfLine).Select(f => (s, f))
            : [(s, StaticCallFlavour.OutOfLine)]),
    ];

    /// <summary>
    /// The vhost scenario once per strategy, on all cores; one after another when a trace is written, since each run
    /// adds its process to the one trace file. Writes the trace and the report the options ask for.
    /// </summary>
    private static List<StrategyResult> RunStrategies(ParseResult parsed, Option<string> trace, Option<string> report,
        IReadOnlyList<(SwitchPointStrategy Strategy, StaticCallFlavour StaticCalls)> runs, VhostOptions options)
    {
        var traceFile = StartTrace(parsed, trace);
        CheckReport(parsed, report);
        List<StrategyResult> results = traceFile is null
            ? [.. runs.AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(1, Environment.ProcessorCount))
                .Select(r => VhostScenario.Run(r.Strategy, options with { StaticCalls = r.StaticCalls }))]
            : [.. runs.Select(r => VhostScenario.Run(r.Strategy, options with
                {
                    StaticCalls = r.StaticCalls,
                    Trace = traceFile.Run(StrategyResult.NameOf(r.Strategy, r.StaticCalls)),
                }))];
        SaveTrace(parsed, trace, traceFile);
        SaveReport(parsed, report, () => ScenarioReports.LivepatchStrategies(results, options));
        return results;
    }

    private static void WriteStrategiesTable(TextWriter output, List<StrategyResult> results, VhostOptions options)
    {
        var console = ConsoleFor(output);
        WriteTable(console, ScenarioReports.StrategyTable(results, options));
        var budget = (options.BudgetNs / 1e9).ToString("0.#", CultureInfo.InvariantCulture);
        console.MarkupLine($"  Patch enabled at {options.EnableAtNs / 1_000_000} ms of virtual time; budget {budget} s; retries once a second, fake signals from the 15th.");
        foreach (var r in results.Where(r => !r.Completed))
            console.MarkupLineInterpolated(
                $"  [bold]{r.Name}[/]: still pending after the budget: {string.Join(", ", r.StillPending)}; switches refused: {Refusals(r)}");
        console.MarkupLine(results.Any(r => r.CmodxViolations + r.ConsistencyViolations > 0)
            ? "[red]Violations found.[/]"
            : "No CMODX or consistency violations.");
    }

    private static string Refusals(StrategyResult r) => string.Join(", ", r.Refusals.OrderBy(x => x.Key).Select(x => x.Key switch
    {
        SwitchRefusal.Running => $"{x.Value} running",
        SwitchRefusal.UnreliableStack => $"{x.Value} unreliable stack",
        _ => $"{x.Value} sleeping on a patched function",
    }));

    private static void WriteStrategiesJson(TextWriter output, List<StrategyResult> results, int seed)
    {
        var document = new JsonObject
        {
            ["strategies"] = CliJson.Array(results, r => new JsonObject
            {
                ["name"] = r.Name,
                ["completed"] = r.Completed,
                ["transition_ms"] = r.TransitionMs is { } ms ? Math.Round(ms, 3) : null,
                ["retries"] = r.Retries,
                ["signals"] = r.Signals,
                ["hook_cost_instructions"] = r.HookCostInstructions,
                ["violations"] = new JsonObject { ["cmodx"] = r.CmodxViolations, ["consistency"] = r.ConsistencyViolations },
            }),
            ["seed"] = seed,
        };
        output.WriteLine(CliJson.Indented(document));
    }
}
