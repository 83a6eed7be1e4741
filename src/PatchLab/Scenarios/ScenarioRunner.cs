using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>What a scenario run did: the kernel log, every task's switch, pending tasks over time, violations.</summary>
public sealed record ScenarioResult(
    string Name,
    int Seed,
    ulong EndNs,
    IReadOnlyList<KernelLogLine> Log,
    IReadOnlyList<TaskSwitch> Switches,
    IReadOnlyList<PendingSample> PendingOverTime,
    IReadOnlyList<string> CmodxViolations,
    IReadOnlyList<ConsistencyViolation> ConsistencyViolations,
    bool Forced,
    string Sysfs,
    ulong TraceHash);

/// <summary>Runs a <see cref="Scenario"/>: boots its kernel, starts its tasks, takes its steps at their times.</summary>
public static class ScenarioRunner
{
    private const ulong SampleNs = 50_000_000;

    public static ScenarioResult Run(Scenario scenario, string fileName, ITraceSink? trace = null)
    {
        BootedKernel kernel;
        try
        {
            kernel = BootedKernel.Boot(scenario.Machine, scenario.Kernel);
            kernel.Machine.Trace = trace;
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"{fileName}: {e.Message}");
        }
        var s = kernel.Scheduler;
        foreach (var p in scenario.Patches)
        {
            foreach (var f in p.Funcs)
            {
                if (f.Object is { } module && !scenario.Modules.Any(m => m.Name == module))
                    throw new UserInputException($"{fileName}:{p.Line}: no module `{module}' defined for `{f.Old}'");
                foreach (var name in f.Object is null ? new[] { f.Old, f.New } : [f.New])
                    if (kernel.Image.Image.FindSymbol(name) is null)
                        throw new UserInputException($"{fileName}:{p.Line}: the kernel has no function `{name}'");
            }
        }
        var devices = kernel.Image.Symbol("vhost_devs");
        var workers = scenario.Tasks.Count(t => t.Kind == "vhost-worker");
        foreach (var task in scenario.Tasks)
        {
            switch (task.Kind)
            {
                case "vhost-worker":
                    var device = devices + task.Argument * 24;
                    s.Write(device + 16, 8, s.CreateKernelThread(task.Name, "vhost_worker", device, task.Cpu).Address);
                    break;
                case "producer":
                    s.CreateKernelThread(task.Name, "vhost_producer", (ulong)workers, task.Cpu);
                    break;
                case "sleeper":
                    s.CreateKernelThread(task.Name, "sleeper", task.Argument, task.Cpu);
                    break;
                default:
                    s.CreateUserTask(task.Name, task.Program == "cat" ? "user_cat_loop" : "user_getpid_loop", task.Cpu);
                    break;
            }
        }
        var lp = kernel.Livepatch;
        var patches = scenario.Patches.ToDictionary(p => p.Name, p => p.ToKlpPatch());
        var pending = new List<PendingSample>();
        var steps = new Queue<ScenarioStep>(scenario.Steps);
        for (var t = 0UL; t < scenario.EndNs;)
        {
            var next = Math.Min(scenario.EndNs, Math.Min(t + SampleNs, steps.Count > 0 ? steps.Peek().AtNs : ulong.MaxValue));
            kernel.Machine.Run(untilNs: next);
            t = next;
            while (steps.Count > 0 && steps.Peek().AtNs <= t) Take(kernel, scenario, patches, steps.Dequeue(), fileName);
            if (t % SampleNs == 0) pending.Add(new PendingSample(t, lp.InTransition ? lp.PendingTasks : 0));
        }
        return new ScenarioResult(scenario.Name, scenario.Machine.Seed, scenario.EndNs, lp.Log, lp.Switches, pending,
            [.. kernel.Machine.Violations.Select(v => v.ToString())], lp.Checker.Violations, lp.Forced, kernel.Sysfs.Status(),
            kernel.Machine.TraceHash);
    }

    private static void Take(BootedKernel kernel, Scenario scenario, Dictionary<string, KlpPatch> patches, ScenarioStep step, string fileName)
    {
        var lp = kernel.Livepatch;
        void Say(string command, int result) =>
            lp.Printk(kernel.Machine.Cpus[0], command + (result == 0 ? "" : $": error {result}"));
        if (step.Action is "load" or "unload")
        {
            var module = scenario.Modules.First(m => m.Name == step.Target);
            if (step.Action == "unload")
            {
                lp.Printk(kernel.Machine.Cpus[0], $"% rmmod {module.Name}");
                if (kernel.Modules.Find(module.Name) is null) Say($"rmmod: ERROR: Module {module.Name} is not currently loaded", 0);
                else kernel.Modules.Rmmod(module.Name);
                return;
            }
            lp.Printk(kernel.Machine.Cpus[0], $"% insmod {module.Name}.ko");
            try
            {
                kernel.Modules.Insmod(module.Name, module.Source, done: r =>
                {
                    if (r != 0) lp.Printk(kernel.Machine.Cpus[0], $"insmod: ERROR: could not insert module {module.Name}.ko: error {r}");
                });
            }
            catch (UserInputException e)
            {
                throw new UserInputException($"{fileName}:{module.Line}: {e.Message}");
            }
            return;
        }
        var patch = patches[step.Target];
        var dir = $"{LivepatchSysfs.Root}/{patch.Name}";
        switch (step.Action)
        {
            case "enable":
                lp.Printk(kernel.Machine.Cpus[0], $"% insmod {patch.Name}.ko");
                lp.Load(patch, r =>
                {
                    if (r != 0) lp.Printk(kernel.Machine.Cpus[0], $"insmod: ERROR: could not insert module {patch.Name}.ko: error {r}");
                });
                break;
            case "disable":
                Say($"% echo 0 > {dir}/enabled", kernel.Sysfs.Write($"{dir}/enabled", "0"));
                break;
            default:
                Say($"% echo 1 > {dir}/force", kernel.Sysfs.Write($"{dir}/force", "1"));
                break;
        }
    }
}
