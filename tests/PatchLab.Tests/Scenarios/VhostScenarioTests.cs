using System.Text.Json;
using PatchLab.Kernel;
using PatchLab.Scenarios;
using PatchLab.Tests.Cli;

namespace PatchLab.Tests.Scenarios;

/// <summary>The vhost scenario per switch-point strategy, and `patchlab demo` that runs it.</summary>
public class VhostScenarioTests
{
    private static readonly VhostOptions Short = new() { Seed = TestSeed.Value, BudgetNs = 3_000_000_000 };

    private static StrategyResult Run(SwitchPointStrategy strategy) => VhostScenario.Run(strategy, Short);

    [Fact]
    public void Without_a_hook_the_busy_workers_never_switch_within_the_budget()
    {
        var r = Run(SwitchPointStrategy.None);
        Assert.False(r.Completed);
        Assert.Null(r.TransitionMs);
        Assert.Equal(["vhost-0:5", "vhost-1:6"], r.StillPending);
        Assert.InRange(r.Retries, 2, 3);   // once a second
        Assert.Equal(2, r.PendingOverTime[^1].Pending);
        Assert.Equal((0, 0), (r.CmodxViolations, r.ConsistencyViolations));
    }

    [Theory]
    [InlineData(SwitchPointStrategy.CondReschedKey, 1)]
    [InlineData(SwitchPointStrategy.CondReschedCall, 0)]
    public void With_the_cond_resched_hook_every_task_switches_within_a_few_cond_resched_periods(SwitchPointStrategy strategy, int hookCost)
    {
        var r = Run(strategy);
        Assert.True(r.Completed);
        // Tasks switch themselves at the hook; the kernel notices at its first check, or at the retry a second later
        // when that check came before the workers reached cond_resched (an update that only writes a literal is quick).
        Assert.InRange(r.Retries, 0, 1);
        // One work item and its cond_resched take about 100 instructions (0.1 ms at 1 MHz); the scan itself ~1 ms.
        Assert.True(r.LastSwitchMs < 5, $"last switch after {r.LastSwitchMs} ms (seed {TestSeed.Value})");
        Assert.Contains(r.Switches, s => s.Task == "vhost-0" && s.Where == SwitchPoint.SchedulerHook);
        Assert.Contains(r.Switches, s => s.Task == "vhost-1" && s.Where == SwitchPoint.SchedulerHook);
        Assert.Equal(hookCost, r.HookCostInstructions);
        Assert.Equal((0, 0), (r.CmodxViolations, r.ConsistencyViolations));
        Assert.Equal(0, r.PendingOverTime[^1].Pending);
    }

    [Theory]
    [InlineData(StaticCallFlavour.Generic)]
    [InlineData(StaticCallFlavour.OutOfLine2021)]
    [InlineData(StaticCallFlavour.OutOfLine)]
    [InlineData(StaticCallFlavour.Inline)]
    [InlineData(StaticCallFlavour.CondKey)]
    public void The_cond_resched_static_call_carries_the_hook_in_every_static_call_flavour(StaticCallFlavour flavour)
    {
        var r = VhostScenario.Run(SwitchPointStrategy.CondReschedCall,
            new VhostOptions { Seed = TestSeed.Value, StaticCalls = flavour, BudgetNs = 2_000_000_000 });
        Assert.True(r.Completed, $"seed {TestSeed.Value}: still pending {string.Join(", ", r.StillPending)}");
        Assert.True(r.LastSwitchMs < 5, $"last switch after {r.LastSwitchMs} ms (seed {TestSeed.Value})");
        Assert.Contains(r.Switches, s => s.Task == "vhost-0" && s.Where == SwitchPoint.SchedulerHook);
        Assert.Equal((0, 0), (r.CmodxViolations, r.ConsistencyViolations));
        Assert.Equal($"cond-resched-call{(flavour == StaticCallFlavour.OutOfLine ? "" : $" ({flavour.Name()})")}", r.Name);
    }

    [Fact]
    public void The_freezable_hook_switches_the_freezable_producer_but_not_the_workers_that_never_sleep()
    {
        var r = Run(SwitchPointStrategy.ScheduleFreezable);
        Assert.False(r.Completed);
        Assert.Equal(["vhost-0:5", "vhost-1:6"], r.StillPending);
        Assert.Contains(r.Switches, s => s.Task == "vhost-producer");
        Assert.Equal(1, r.HookCostInstructions);
        Assert.Equal((0, 0), (r.CmodxViolations, r.ConsistencyViolations));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        Assert.Equal(Run(SwitchPointStrategy.CondReschedKey).TraceHash, Run(SwitchPointStrategy.CondReschedKey).TraceHash);
    }

    [Fact]
    public void Demo_json_has_one_entry_per_strategy_in_the_documented_shape_and_exits_0()
    {
        var (exit, output, error) = CliHarness.Run("demo", "--json", "--budget", "2");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(["strategies", "seed"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("seed").GetInt32());
        var strategies = root.GetProperty("strategies").EnumerateArray().ToList();
        Assert.Equal(["none", "cond-resched-key", "cond-resched-call", "cond-resched-call (generic)", "cond-resched-call (out-of-line 2021)",
            "cond-resched-call (inline)", "cond-resched-call (cond-key)", "schedule-freezable"],
            strategies.Select(s => s.GetProperty("name").GetString()));
        foreach (var s in strategies)
        {
            Assert.Equal(["name", "completed", "transition_ms", "retries", "signals", "hook_cost_instructions", "violations"],
                s.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["cmodx", "consistency"], s.GetProperty("violations").EnumerateObject().Select(p => p.Name));
        }
        Assert.Equal(JsonValueKind.Null, strategies[0].GetProperty("transition_ms").ValueKind);
        Assert.True(strategies[1].GetProperty("completed").GetBoolean());
    }

    [Fact]
    public void Run_vhost_rejects_an_unknown_strategy_with_one_line_and_exit_code_2()
    {
        var (exit, _, error) = CliHarness.Run("run", "vhost", "--strategy", "preempt-notifier");
        Assert.Equal(2, exit);
        Assert.StartsWith("patchlab: unknown switch-point strategy `preempt-notifier'", error.Trim());
    }
}
