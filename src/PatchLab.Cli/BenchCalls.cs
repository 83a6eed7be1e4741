using System.CommandLine;
using System.Text.Json.Nodes;
using PatchLab.Kernel;
using PatchLab.Reports;
using PatchLab.Scenarios;
using Spectre.Console;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab bench calls`: the cost of one static call per flavour and target state, from the machine's counters.</summary>
    private static Command BenchCalls()
    {
        var json = JsonOption();
        var calls = new Option<int>("--calls") { Description = "Calls per measured loop.", DefaultValueFactory = _ => 1000 };
        var report = ReportOption();
        var command = new Command("calls", "Cost of one static call for each flavour (generic, out-of-line 2021 and 2026, inline, " +
            "cond-key) and target state (near, far, NULL, RET0): instructions, loads and indirect branches per call, " +
            "counted by the machine with the callee's own instructions taken out. The floor, inline near, is one BL.\n" +
            "Example: patchlab bench calls --json")
        {
            json,
            calls,
            report,
        };
        command.SetAction(parsed =>
        {
            var n = parsed.GetValue(calls);
            if (n is < 1 or > 1_000_000) throw new UserInputException("--calls needs 1 to 1000000");
            CheckReport(parsed, report);
            var results = StaticCallCost.MeasureAll(n);
            SaveReport(parsed, report, () => ScenarioReports.CallCosts(results));
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                output.WriteLine(CliJson.Array(results, r => new JsonObject
                {
                    ["flavour"] = r.Flavour.Name(),
                    ["state"] = r.State.ToString().ToLowerInvariant(),
                    ["instructions"] = r.Instructions,
                    ["loads"] = r.Loads,
                    ["indirect_branches"] = r.IndirectBranches,
                }).ToJsonString());
                return ExitCodes.Ok;
            }
            var console = ConsoleFor(output);
            WriteTable(console, ScenarioReports.CallCostTable(results));
            console.MarkupLine("Each cell: instructions / loads / indirect branches per call. " +
                "near: target in BL range; far: in the module region, 256 MiB away; NULL: through static_call_cond; " +
                "RET0: __static_call_return0, whose instructions count.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
