using PatchLab.Kernel;
using PatchLab.Scenarios;

namespace PatchLab.Tests.Kernel;

public class SchedulerTests
{
    [Theory]
    [InlineData("cond-resched-key")]
    [InlineData("none")]
    public void Smoke(string strategy)
    {
        var started = DateTime.UtcNow;
        var r = VhostScenario.Run(SwitchPointStrategies.Parse(strategy), new VhostOptions { Seed = TestSeed.Value, BudgetNs = 3_000_000_000 });
        var text = $"{strategy}: completed {r.Completed} ms {r.TransitionMs} last {r.LastSwitchMs} retries {r.Retries} hook {r.HookCostInstructions} cmodx {r.CmodxViolations} cons {r.ConsistencyViolations} pending [{string.Join(",", r.StillPending)}] in {(DateTime.UtcNow - started).TotalSeconds}s\n"
            + string.Join("\n", r.Log) + "\n" + string.Join("\n", r.Switches) + "\n";
        File.AppendAllText("/tmp/lp/out.txt", text);
    }
}
