using System.CommandLine;
using PatchLab.Kernel;
using PatchLab.Scenarios;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab run`: the built-in experiments and scenarios, one subcommand each.</summary>
    public static Command Run()
    {
        var command = new Command("run", "Run a built-in experiment or scenario.");
        command.Subcommands.Add(RunProtocols());
        command.Subcommands.Add(RunVhost());
        return command;
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
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("vhost", "The demo's vhost scenario with one switch-point strategy.\n" +
            "Example: patchlab run vhost --strategy none --workers 3 --budget 3")
        {
            strategy, seed, cpus, workers, budget, preempt, json,
        };
        command.SetAction(parsed =>
        {
            var options = new VhostOptions
            {
                Seed = parsed.GetValue(seed), Cpus = parsed.GetValue(cpus), Workers = parsed.GetValue(workers),
                BudgetNs = BudgetNs(parsed.GetValue(budget)), PreemptFull = parsed.GetValue(preempt),
            };
            if (options.Cpus is < 2 or > 64) throw new UserInputException($"--cpus {options.Cpus}: needs 2 to 64");
            if (options.Workers < 0 || options.Workers >= options.Cpus) throw new UserInputException($"--workers {options.Workers}: needs 0 to CPUs - 1");
            var results = RunStrategies([SwitchPointStrategies.Parse(parsed.GetValue(strategy)!)], options);
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json)) WriteStrategiesJson(output, results, options.Seed);
            else WriteStrategiesTable(output, results, options);
            return results.Any(r => r.CmodxViolations + r.ConsistencyViolations > 0) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        return command;
    }
}
