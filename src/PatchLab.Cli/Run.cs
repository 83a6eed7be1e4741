using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PatchLab.Kernel;
using PatchLab.Scenarios;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab run SCENARIO`: a scenario file; `run protocols`, `run vhost`: the built-in ones.</summary>
    public static Command Run()
    {
        var file = new Argument<string?>("SCENARIO") { Description = "A scenario file (format: docs/scenarios.md).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var trace = TraceOption();
        var command = new Command("run", "Run a scenario file, or a built-in experiment or scenario.\n" +
            "Example: patchlab run scenarios/sleeper-force.scenario")
        {
            file,
            json,
            trace,
        };
        command.Subcommands.Add(RunProtocols());
        command.Subcommands.Add(RunVhost());
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(file) ?? throw new UserInputException("run: give a scenario file, or `protocols' or `vhost'");
            var traceFile = StartTrace(parsed, trace);
            var result = ScenarioRunner.Run(ScenarioFile.Load(path), path, traceFile?.Run(Path.GetFileName(path)));
            SaveTrace(parsed, trace, traceFile);
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) WriteScenarioJson(output, result);
            else WriteScenarioText(output, result);
            return result.CmodxViolations.Count + result.ConsistencyViolations.Count > 0 ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }

    private static string At(ulong ns) => (ns / 1e6).ToString("F3", CultureInfo.InvariantCulture).PadLeft(10) + " ms";

    private static void WriteScenarioText(TextWriter output, ScenarioResult r)
    {
        output.WriteLine($"scenario {r.Name} (seed {r.Seed}), {At(r.EndNs).Trim()} of virtual time");
        output.WriteLine("kernel log:");
        foreach (var line in r.Log) output.WriteLine($"  [{At(line.TimeNs)}] {line.Text}");
        output.WriteLine("task switches:");
        foreach (var sw in r.Switches)
            output.WriteLine($"  [{At(sw.TimeNs)}] {sw.Task}:{sw.Pid} -> {sw.To.ToString().ToLowerInvariant()} ({sw.Where})");
        var changes = r.PendingOverTime.Where((p, i) => i == 0 || p.Pending != r.PendingOverTime[i - 1].Pending);
        output.WriteLine("tasks pending: " + string.Join(" -> ", changes.Select(p => $"{p.Pending} at {At(p.TimeNs).Trim()}")));
        output.WriteLine("sysfs at the end:" + (r.Sysfs.Length == 0 ? " (no patches)" : ""));
        output.Write(string.Concat(r.Sysfs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"  {l}\n")));
        output.WriteLine($"violations: {r.CmodxViolations.Count} CMODX, {r.ConsistencyViolations.Count} consistency" +
            (r.Forced ? " (a transition was forced)" : ""));
        foreach (var v in r.CmodxViolations) output.WriteLine($"  {v}");
        foreach (var v in r.ConsistencyViolations) output.WriteLine($"  {v}");
    }

    private static void WriteScenarioJson(TextWriter output, ScenarioResult r)
    {
        var document = new JsonObject
        {
            ["scenario"] = r.Name,
            ["seed"] = r.Seed,
            ["end_ns"] = r.EndNs,
            ["log"] = CliJson.Array(r.Log, l => new JsonObject { ["time_ns"] = l.TimeNs, ["text"] = l.Text }),
            ["switches"] = CliJson.Array(r.Switches, s => new JsonObject
            {
                ["time_ns"] = s.TimeNs, ["task"] = s.Task, ["pid"] = s.Pid, ["to"] = s.To.ToString().ToLowerInvariant(), ["where"] = s.Where.ToString(),
            }),
            ["pending"] = CliJson.Array(r.PendingOverTime, p => new JsonObject { ["time_ns"] = p.TimeNs, ["tasks"] = p.Pending }),
            ["forced"] = r.Forced,
            ["violations"] = new JsonObject { ["cmodx"] = r.CmodxViolations.Count, ["consistency"] = r.ConsistencyViolations.Count },
            ["trace_hash"] = r.TraceHash.ToString("x16", CultureInfo.InvariantCulture),
        };
        output.WriteLine(CliJson.Indented(document));
    }

    /// <summary>`patchlab run vhost`: the demo's scenario with one strategy and its knobs.</summary>
    private static Command RunVhost()
    {
        var strategy = new Option<string>("--strategy")
        {
            Description = "Switch-point strategy: " + string.Join(", ", SwitchPointStrategies.All.Select(s => s.Name())) + ".",
            DefaultValueFactory = _ => "cond-resched-key",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the run's random choices.", DefaultValueFactory = _ => 1 };
        var cpus = new Option<int>("--cpus") { Description = "CPUs.", DefaultValueFactory = _ => 4 };
        var workers = new Option<int>("--workers") { Description = "Busy vhost workers, each pinned to a CPU of its own.", DefaultValueFactory = _ => 2 };
        var budget = BudgetOption();
        var preempt = new Option<bool>("--preempt-full") { Description = "Full preemption instead of voluntary." };
        var staticCalls = new Option<string>("--static-calls")
        {
            Description = "Static-call flavour of the kernel: " + string.Join(", ", StaticCallFlavours.All.Select(f => f.Name())) + ".",
            DefaultValueFactory = _ => StaticCallFlavour.OutOfLine.Name(),
        };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var trace = TraceOption();
        var report = ReportOption();
        var command = new Command("vhost", "The demo's vhost scenario with one switch-point strategy.\n" +
            "Example: patchlab run vhost --strategy none --workers 3 --budget 3")
        {
            strategy, seed, cpus, workers, budget, preempt, staticCalls, json, trace, report,
        };
        command.SetAction(parsed =>
        {
            var options = new VhostOptions
            {
                Seed = parsed.GetValue(seed), Cpus = parsed.GetValue(cpus), Workers = parsed.GetValue(workers),
                BudgetNs = BudgetNs(parsed.GetValue(budget)), PreemptFull = parsed.GetValue(preempt),
                StaticCalls = StaticCallFlavours.Parse(parsed.GetValue(staticCalls)!),
            };
            if (options.Cpus is < 2 or > 64) throw new UserInputException($"--cpus {options.Cpus}: needs 2 to 64");
            if (options.Workers < 0 || options.Workers >= options.Cpus) throw new UserInputException($"--workers {options.Workers}: needs 0 to CPUs - 1");
            var results = RunStrategies(parsed, trace, report, [(SwitchPointStrategies.Parse(parsed.GetValue(strategy)!), options.StaticCalls)], options);
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) WriteStrategiesJson(output, results, options.Seed);
            else WriteStrategiesTable(output, results, options);
            return results.Any(r => r.CmodxViolations + r.ConsistencyViolations > 0) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
