using System.Globalization;
using PatchLab.Kernel;
using PatchLab.Scenarios;

namespace PatchLab.Reports;

/// <summary>The tables and HTML reports of the scenarios' results.</summary>
public static class ScenarioReports
{
    public static ResultTable ProtocolTable(IReadOnlyList<ProtocolResult> results, int seed, int cpus) => new(
        $"Patching one instruction under {cpus - 1} running CPUs (seed {seed})",
        ["protocol", "rounds", "site runs", "stale rounds", "stale at PoU", "stale in I-caches", "stale fetched",
            "CMODX violations", "ns per round", "verdict"],
        [.. results.Select(r => (IReadOnlyList<string>)[r.Protocol.Name, $"{r.Rounds}", $"{r.SiteExecutions}",
            $"{r.RoundsLeavingStaleViews}", $"{r.StaleAtPointOfUnification}", $"{r.StaleInInstructionCaches}",
            $"{r.StaleInFetchedInstructions}", $"{r.CmodxViolations}", Number(r.NsPerRound),
            r.Correct ? "correct" : "broken"])]);

    public static HtmlReport PatchingProtocols(IReadOnlyList<ProtocolResult> results, int seed, int cpus)
    {
        var names = results.Select(r => r.Protocol.Name).ToList();
        var report = new HtmlReport("PatchLab: patching one instruction under running CPUs")
            .Text($"CPU 0 rewrites one instruction {results.FirstOrDefault()?.Rounds} times with each protocol while " +
                $"{cpus - 1} CPUs run through it (seed {seed}). After each round the checkers look for CPUs still seeing " +
                "the old instruction; the CMODX checker watches every fetch.")
            .BarChart("What the checkers found, per protocol", "count", names,
            [
                new BarSeries("rounds leaving stale views", [.. results.Select(r => (double)r.RoundsLeavingStaleViews)]),
                new BarSeries("CMODX violations", [.. results.Select(r => (double)r.CmodxViolations)]),
            ])
            .BarChart("Virtual time per patch round, per protocol", "virtual ns per round", names,
                [new BarSeries("ns per round", [.. results.Select(r => r.NsPerRound)])])
            .Table(ProtocolTable(results, seed, cpus));
        foreach (var r in results) report.Text($"{r.Protocol.Name}: {r.Protocol.Description}");
        return report;
    }

    public static ResultTable UpdateCostTable(IReadOnlyList<UpdateCost> results) => new(
        "Cost of one static-key update under 3 running CPUs",
        ["sites", "writes", "sync rounds", "virtual ns per update"],
        [.. results.Select(r => (IReadOnlyList<string>)[$"{r.Sites}", $"{r.Writes}", $"{r.SynchronisationRounds}", Number(r.NsPerUpdate)])]);

    public static HtmlReport UpdateCosts(IReadOnlyList<UpdateCost> results)
    {
        var sorted = results.OrderBy(r => r.Sites).ToList();
        return new HtmlReport("PatchLab: cost of a static-key update against the number of sites")
            .Text("A static key with N sites is enabled then disabled while 3 CPUs run through the sites; the figures " +
                "are per update. The floor is one synchronisation round per update, whatever N.")
            .LineChart("Virtual time per update", new Axis("sites (log scale)", Logarithmic: true),
                new Axis("virtual ns per update", Logarithmic: true),
                [new Series("ns per update", [.. sorted.Select(r => ((double)r.Sites, r.NsPerUpdate))])])
            .LineChart("Writes and synchronisation rounds per update", new Axis("sites (log scale)", Logarithmic: true),
                new Axis("per update", Logarithmic: true),
            [
                new Series("writes", [.. sorted.Select(r => ((double)r.Sites, (double)r.Writes))]),
                new Series("sync rounds", [.. sorted.Select(r => ((double)r.Sites, (double)r.SynchronisationRounds))]),
            ])
            .Table(UpdateCostTable(results));
    }

    public static ResultTable StrategyTable(IReadOnlyList<StrategyResult> results, VhostOptions options) => new(
        $"Livepatch transition with {options.Workers} busy vhost workers on {options.Cpus} CPUs, per switch-point strategy (seed {options.Seed})",
        ["strategy", "completed", "transition ms", "last switch ms", "retries", "signals", "tasks pending over time",
            "hook cost (instr/call)", "CMODX violations", "consistency violations"],
        [.. results.Select(r => (IReadOnlyList<string>)[r.Name, r.Completed ? "yes" : "no", Ms(r.TransitionMs), Ms(r.LastSwitchMs),
            $"{r.Retries}", $"{r.Signals}", PendingChanges(r, options.EnableAtNs), $"{r.HookCostInstructions}",
            $"{r.CmodxViolations}", $"{r.ConsistencyViolations}"])]);

    public static HtmlReport LivepatchStrategies(IReadOnlyList<StrategyResult> results, VhostOptions options) =>
        new HtmlReport("PatchLab: a livepatch transition with busy vhost workers, per switch-point strategy")
            .Text($"On {options.Cpus} CPUs, {options.Workers} vhost workers that never run out of work, user tasks and idle; a " +
                $"livepatch is enabled at {options.EnableAtNs / 1_000_000} ms of virtual time and has " +
                $"{(options.BudgetNs / 1e9).ToString("0.#", CultureInfo.InvariantCulture)} s to complete (retries once a second, " +
                "fake signals from the 15th retry).")
            .LineChart("Tasks still pending after the patch is enabled", new Axis("virtual time since the patch was enabled (s)"),
                new Axis("tasks pending"),
                [.. results.Select(r => new Series(r.Name, [.. r.PendingOverTime.Select(p =>
                    ((p.TimeNs - Math.Min(p.TimeNs, options.EnableAtNs)) / 1e9, (double)p.Pending))]))],
                stepped: true)
            .BarChart("Cost of the switch-point hook per call, no transition running", "instructions per call",
                [.. results.Select(r => r.Name)], [new BarSeries("hook cost", [.. results.Select(r => (double)r.HookCostInstructions)])])
            .Table(StrategyTable(results, options));

    /// <summary>The pending-task count where it changed: "10@0s → 2@1.05s".</summary>
    public static string PendingChanges(StrategyResult r, ulong startNs)
    {
        var parts = new List<string>();
        int? last = null;
        foreach (var sample in r.PendingOverTime)
        {
            if (sample.Pending == last) continue;
            last = sample.Pending;
            parts.Add($"{sample.Pending}@{((sample.TimeNs - Math.Min(sample.TimeNs, startNs)) / 1e9).ToString("0.##", CultureInfo.InvariantCulture)}s");
        }
        return string.Join(" → ", parts);
    }

    private static string Ms(double? ms) => ms is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "-";

    public static ResultTable CallCostTable(IReadOnlyList<CallCost> results) => new(
        "Cost per static call (callee excluded): instructions / loads / indirect branches",
        ["flavour", .. Enum.GetValues<StaticCallState>().Select(s => s.ToString().ToLowerInvariant())],
        [.. results.GroupBy(r => r.Flavour).Select(f => (IReadOnlyList<string>)[f.Key.Name(),
            .. f.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Instructions:0.##} / {r.Loads:0.##} / {r.IndirectBranches:0.##}"))])]);

    public static HtmlReport CallCosts(IReadOnlyList<CallCost> results)
    {
        var flavours = results.Select(r => r.Flavour).Distinct().ToList();
        var report = new HtmlReport("PatchLab: cost of one static call, per flavour and target state")
            .Text("Each flavour's call sites run in a loop on the machine; its counters give what one call costs, with the " +
                "callee's own instructions taken out. The floor is one BL (inline, near); a NULL call's floor is one NOP.");
        foreach (var (title, measure) in new (string, Func<CallCost, double>)[]
            { ("instructions", r => r.Instructions), ("loads", r => r.Loads), ("indirect branches", r => r.IndirectBranches) })
        {
            report.BarChart($"{char.ToUpperInvariant(title[0])}{title[1..]} per call", title, [.. flavours.Select(f => f.Name())],
            [
                .. Enum.GetValues<StaticCallState>().Select(state => new BarSeries(state.ToString().ToLowerInvariant(),
                    [.. flavours.Select(f => results.Where(r => r.Flavour == f && r.State == state).Select(measure).FirstOrDefault())])),
            ]);
        }
        return report.Table(CallCostTable(results));
    }

    private static string Number(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
}
