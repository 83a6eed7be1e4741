using System.Text.Json;
using PatchLab.Kernel;
using PatchLab.Scenarios;
using PatchLab.Tests.Cli;

namespace PatchLab.Tests.Scenarios;

/// <summary>Scenario files: parsing with errors that name the line, and `patchlab run SCENARIO`.</summary>
public class ScenarioFileTests
{
    private static string Samples([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "scenarios"));

    [Fact]
    public void A_scenario_file_describes_machine_kernel_tasks_patches_and_timeline()
    {
        var s = ScenarioFile.Load(Path.Combine(Samples(), "vhost.scenario"));
        Assert.Equal((4, 1_000_000UL, 1, 4_000_000UL), (s.Machine.Cpus, s.Machine.ClockHz, s.Machine.Seed, s.Machine.TimerPeriodNs));
        Assert.Equal(SwitchPointStrategy.CondReschedKey, s.Kernel.Strategy);
        Assert.Equal(["vhost-0", "vhost-1", "vhost-producer", "getpid-0", "getpid-1"], s.Tasks.Select(t => t.Name));
        var patch = Assert.Single(s.Patches);
        Assert.Equal([new ScenarioFunc("vhost_handle_work", "livepatch_vhost_handle_work", null), new ScenarioFunc("__arm64_sys_getpid", "livepatch_sys_getpid", null)], patch.Funcs);
        Assert.Equal(new ScenarioStep(100_000_000, "enable", "livepatch_vhost", 16), Assert.Single(s.Steps));
        Assert.Equal(1_500_000_000UL, s.EndNs);
    }

    [Theory]
    [InlineData("machine cpus=4\nkernel strategy=sometimes\nend 1s", "t.scenario:2: unknown switch-point strategy `sometimes'")]
    [InlineData("machine cpus=2\nvhost-worker w cpu=5\nend 1s", "t.scenario:2: cpu=5: the machine has 2 CPUs (put `machine' first)")]
    [InlineData("# comment\n\nfunc a b\nend 1s", "t.scenario:3: `func' before any `patch'")]
    [InlineData("patch p\nfunc a b\nat soon enable p\nend 1s", "t.scenario:3: `soon': not a time (e.g. 100ms, 2s, 500us, 7ns)")]
    [InlineData("at 1s enable p\nend 2s", "t.scenario:1: no patch `p' defined above")]
    [InlineData("machine cpus=2 color=red\nend 1s", "t.scenario:1: unknown option `color' for `machine'")]
    [InlineData("reboot now", "t.scenario:1: unknown statement `reboot' (machine, kernel, vhost-worker, producer, sleeper, user, module, patch, func, at, end)")]
    [InlineData("kernel strategy=cond-resched-call cond_resched=plain\nend 1s", "t.scenario:1: the cond-resched-call strategy needs the static-call cond_resched flavour")]
    [InlineData("patch p\nend 1s", "t.scenario:1: patch `p' has no `func' lines")]
    [InlineData("machine cpus=2", "t.scenario: no `end TIME' line")]
    [InlineData("at 1s load m\nend 2s", "t.scenario:1: no module `m' defined above")]
    [InlineData("module m source=nowhere.S\nend 2s", "t.scenario:1: source=nowhere.S: no such file")]
    public void Errors_name_the_line(string text, string message)
    {
        var e = Assert.Throws<UserInputException>(() => ScenarioFile.Parse(text, "t.scenario"));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void A_function_the_kernel_lacks_is_reported_at_its_patch_line()
    {
        var s = ScenarioFile.Parse("machine cpus=1\npatch p\nfunc schedule_v2 livepatch_sys_getpid\nend 1s", "t.scenario");
        var e = Assert.Throws<UserInputException>(() => ScenarioRunner.Run(s, "t.scenario"));
        Assert.Equal("t.scenario:2: the kernel has no function `schedule_v2'", e.Message);
    }

    [Fact]
    public void Run_scenario_reports_the_reversed_transition_with_no_violations()
    {
        var (exit, output, error) = CliHarness.Run("run", Path.Combine(Samples(), "reverse.scenario"), "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var log = json.RootElement.GetProperty("log").EnumerateArray().Select(l => l.GetProperty("text").GetString()).ToList();
        Assert.Contains("livepatch: 'test_klp_busy': reversing transition from patching to unpatching", log);
        Assert.Equal("livepatch: 'test_klp_busy': unpatching complete", log[^1]);
        Assert.Equal(0, json.RootElement.GetProperty("violations").GetProperty("consistency").GetInt32());
    }

    [Fact]
    public void Run_scenario_loads_a_module_that_a_patch_then_patches_and_unpatches()
    {
        var (exit, output, error) = CliHarness.Run("run", Path.Combine(Samples(), "module.scenario"));
        Assert.True(exit == 0, error + output);
        Assert.Contains("livepatch: applying patch 'livepatch_target' to loading module 'target_module'", output);
        Assert.Contains("livepatch: reverting patch 'livepatch_target' on unloading module 'target_module'", output);
        Assert.Contains("-r--r--r-- patched = 0", output);
    }

    [Fact]
    public void Run_scenario_exits_1_when_a_forced_transition_breaks_consistency()
    {
        var (exit, output, _) = CliHarness.Run("run", Path.Combine(Samples(), "sleeper-force.scenario"));
        Assert.Equal(1, exit);
        Assert.Contains("livepatch: forcing remaining tasks to the patched state", output);
        Assert.Contains("violations: 0 CMODX, 1 consistency (a transition was forced)", output);
    }

    [Fact]
    public void Run_without_a_file_or_subcommand_is_a_one_line_error()
    {
        var (exit, _, error) = CliHarness.Run("run", "missing.scenario");
        Assert.Equal(2, exit);
        Assert.Equal("patchlab: missing.scenario: no such scenario file", error.Trim());
    }
}
