using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PatchLab.Kernel;
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
        var command = new Command("calls", "Cost of one static call for each flavour (generic, out-of-line 2021 and 2026, inline, " +
            "cond-key) and target state (near, far, NULL, RET0): instructions, loads and indirect branches per call, " +
            "counted by the machine with the callee's own instructions taken out. The floor, inline near, is one BL.\n" +
            "Example: patchlab bench calls --json")
        {
            json,
            calls,
        };
        command.SetAction(parsed =>
        {
            var n = parsed.GetValue(calls);
            if (n is < 1 or > 1_000_000) throw new UserInputException("--calls needs 1 to 1000000");
            var results = StaticCallCost.MeasureAll(n);
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(results.Select(r => new
                {
                    flavour = FlavourName(r.Flavour),
                    state = r.State.ToString().ToLowerInvariant(),
                    instructions = r.Instructions,
                    loads = r.Loads,
                    indirect_branches = r.IndirectBranches,
                })));
                return ExitCodes.Ok;
            }
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Profile.Width = Math.Max(console.Profile.Width, 100);
            var table = new Table().Title("Cost per static call (callee excluded)")
                .AddColumn(new TableColumn("flavour").NoWrap())
                .AddColumns(Enum.GetValues<StaticCallState>().Select(s => new TableColumn(s.ToString().ToLowerInvariant()).RightAligned()).ToArray());
            foreach (var flavour in results.GroupBy(r => r.Flavour))
                table.AddRow([FlavourName(flavour.Key), .. flavour.Select(r => string.Create(CultureInfo.InvariantCulture,
                    $"{r.Instructions:0.##} / {r.Loads:0.##} / {r.IndirectBranches:0.##}"))]);
            console.Write(table);
            console.MarkupLine("Each cell: instructions / loads / indirect branches per call. " +
                "near: target in BL range; far: in the module region, 256 MiB away; NULL: through static_call_cond; " +
                "RET0: __static_call_return0, whose instructions count.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string FlavourName(StaticCallFlavour flavour) => flavour switch
    {
        StaticCallFlavour.Generic => "generic",
        StaticCallFlavour.OutOfLine2021 => "out-of-line 2021",
        StaticCallFlavour.OutOfLine => "out-of-line 2026",
        StaticCallFlavour.Inline => "inline",
        _ => "cond-key",
    };
}
