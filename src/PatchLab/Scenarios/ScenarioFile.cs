using System.Globalization;
using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>A task a scenario starts.</summary>
public sealed record ScenarioTask(string Kind, string Name, int Cpu, ulong Argument, string Program, int Line);

/// <summary>A timed step of a scenario: enable, disable or force a patch; load or unload a module.</summary>
public sealed record ScenarioStep(ulong AtNs, string Action, string Target, int Line);

/// <summary>A module a scenario can load: its name and assembly source.</summary>
public sealed record ScenarioModule(string Name, string Source, int Line);

/// <summary>A function a patch replaces: in vmlinux (Object null) or in a module.</summary>
public sealed record ScenarioFunc(string Old, string New, string? Object);

/// <summary>A patch a scenario defines: its name, whether it is an atomic replace, and its functions.</summary>
public sealed record ScenarioPatch(string Name, bool Replace, IReadOnlyList<ScenarioFunc> Funcs, int Line)
{
    /// <summary>A fresh klp_patch (a patch object carries the state of one run), one object per vmlinux or module.</summary>
    public KlpPatch ToKlpPatch() => new(Name,
        Funcs.GroupBy(f => f.Object).Select(g => new KlpObject(g.Key, g.Select(f => new KlpFunc(f.Old, f.New)))), Replace);
}

/// <summary>A scenario read from a file (format in docs/scenarios.md).</summary>
public sealed record Scenario(
    string Name,
    MachineOptions Machine,
    KernelConfig Kernel,
    IReadOnlyList<ScenarioTask> Tasks,
    IReadOnlyList<ScenarioPatch> Patches,
    IReadOnlyList<ScenarioModule> Modules,
    IReadOnlyList<ScenarioStep> Steps,
    ulong EndNs);

/// <summary>
/// Reads scenario files: one statement per line, words separated by blanks, options as key=value, '#' starts a
/// comment. Every error names the file and the line.
/// </summary>
public static class ScenarioFile
{
    private static readonly string[] Programs = ["getpid", "cat"];

    public static Scenario Load(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: no such scenario file");
        return Parse(File.ReadAllText(path), path);
    }

    public static Scenario Parse(string text, string fileName)
    {
        var machine = new MachineOptions { Cpus = 4, ClockHz = 1_000_000, TimerPeriodNs = 4_000_000, QuantumMin = 20, QuantumMax = 400 };
        var kernel = new KernelConfig();
        var tasks = new List<ScenarioTask>();
        var patches = new List<ScenarioPatch>();
        var modules = new List<ScenarioModule>();
        var steps = new List<ScenarioStep>();
        ulong? end = null;
        var workers = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = i + 1;
            var content = lines[i];
            var hash = content.IndexOf('#');
            if (hash >= 0) content = content[..hash];
            var words = content.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            UserInputException Error(string message) => new($"{fileName}:{line}: {message}");
            var positional = words.Skip(1).Where(w => !w.Contains('=')).ToList();
            var options = new Dictionary<string, string>();
            foreach (var w in words.Skip(1).Where(w => w.Contains('=')))
            {
                var eq = w.IndexOf('=');
                if (!options.TryAdd(w[..eq], w[(eq + 1)..])) throw Error($"`{w[..eq]}' given twice");
            }
            string Option(string key, string fallback) => options.Remove(key, out var v) ? v : fallback;
            ulong Number(string key, ulong fallback) =>
                options.Remove(key, out var v) ? ParseNumber(v) ?? throw Error($"{key}={v}: not a number") : fallback;
            ulong Time(string word) => ParseTime(word) ?? throw Error($"`{word}': not a time (e.g. 100ms, 2s, 500us, 7ns)");
            void Positional(int count, string usage)
            {
                if (positional.Count != count) throw Error($"usage: {usage}");
            }
            switch (words[0])
            {
                case "machine":
                    Positional(0, "machine cpus=N clock=HZ seed=N tick=TIME idc=0|1 dic=0|1");
                    machine = machine with
                    {
                        Cpus = (int)Number("cpus", (ulong)machine.Cpus),
                        ClockHz = Number("clock", machine.ClockHz),
                        Seed = (int)Number("seed", (ulong)machine.Seed),
                        TimerPeriodNs = options.Remove("tick", out var tick) ? Time(tick) : machine.TimerPeriodNs,
                        CacheType = new CacheType(Number("idc", 0) != 0, Number("dic", 0) != 0),
                    };
                    if (machine.Cpus is < 1 or > 64) throw Error($"cpus={machine.Cpus}: needs 1 to 64");
                    if (machine.ClockHz is < 1000 or > 10_000_000_000) throw Error($"clock={machine.ClockHz}: needs 1 kHz to 10 GHz");
                    if (machine.TimerPeriodNs == 0) throw Error("tick=0: the kernel needs a tick");
                    break;
                case "kernel":
                    Positional(0, "kernel strategy=NAME cond_resched=plain|static-key|static-call preempt=voluntary|full");
                    var strategy = Option("strategy", kernel.Strategy.Name());
                    var flavour = Option("cond_resched", "");
                    var preempt = Option("preempt", "voluntary");
                    kernel = new KernelConfig
                    {
                        Strategy = Try(() => SwitchPointStrategies.Parse(strategy), Error),
                        CondResched = flavour switch
                        {
                            "" => null,
                            "plain" => CondReschedFlavour.Plain,
                            "static-key" => CondReschedFlavour.StaticKey,
                            "static-call" => CondReschedFlavour.StaticCall,
                            _ => throw Error($"cond_resched={flavour}: one of plain, static-key, static-call"),
                        },
                        PreemptFull = preempt switch
                        {
                            "voluntary" => false,
                            "full" => true,
                            _ => throw Error($"preempt={preempt}: one of voluntary, full"),
                        },
                    };
                    Try(() => kernel.Validate(), Error);
                    break;
                case "vhost-worker":
                    Positional(1, "vhost-worker NAME cpu=N");
                    if (workers == 8) throw Error("at most 8 vhost workers");
                    tasks.Add(new ScenarioTask("vhost-worker", positional[0], (int)Number("cpu", 0), (ulong)workers++, "", line));
                    break;
                case "producer":
                    Positional(1, "producer NAME cpu=N");
                    tasks.Add(new ScenarioTask("producer", positional[0], (int)Number("cpu", 0), 0, "", line));
                    break;
                case "sleeper":
                    Positional(1, "sleeper NAME ticks=N cpu=N");
                    tasks.Add(new ScenarioTask("sleeper", positional[0], (int)Number("cpu", 0), Number("ticks", 10), "", line));
                    break;
                case "user":
                    Positional(2, "user NAME getpid|cat cpu=N");
                    if (!Programs.Contains(positional[1])) throw Error($"`{positional[1]}': a user program is one of {string.Join(", ", Programs)}");
                    tasks.Add(new ScenarioTask("user", positional[0], (int)Number("cpu", 0), 0, positional[1], line));
                    break;
                case "patch":
                    Positional(1, "patch NAME [replace=1]");
                    if (patches.Any(p => p.Name == positional[0])) throw Error($"patch `{positional[0]}' defined twice");
                    patches.Add(new ScenarioPatch(positional[0], Number("replace", 0) != 0, new List<ScenarioFunc>(), line));
                    break;
                case "func":
                    Positional(2, "func OLD NEW [object=MODULE] (after a patch line)");
                    if (patches.Count == 0) throw Error("`func' before any `patch'");
                    var objectName = Option("object", "vmlinux");
                    ((List<ScenarioFunc>)patches[^1].Funcs).Add(new ScenarioFunc(positional[0], positional[1], objectName == "vmlinux" ? null : objectName));
                    break;
                case "module":
                    Positional(1, "module NAME source=FILE.S (relative to the scenario file)");
                    if (modules.Any(m => m.Name == positional[0])) throw Error($"module `{positional[0]}' defined twice");
                    var source = Option("source", "");
                    if (source.Length == 0) throw Error("usage: module NAME source=FILE.S (relative to the scenario file)");
                    var sourcePath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(fileName)) ?? ".", source);
                    if (!File.Exists(sourcePath)) throw Error($"source={source}: no such file");
                    modules.Add(new ScenarioModule(positional[0], File.ReadAllText(sourcePath), line));
                    break;
                case "at":
                    Positional(3, "at TIME enable|disable|force PATCH, or at TIME load|unload MODULE");
                    if (positional[1] is "enable" or "disable" or "force")
                    {
                        if (!patches.Any(p => p.Name == positional[2])) throw Error($"no patch `{positional[2]}' defined above");
                    }
                    else if (positional[1] is "load" or "unload")
                    {
                        if (!modules.Any(m => m.Name == positional[2])) throw Error($"no module `{positional[2]}' defined above");
                    }
                    else throw Error($"`{positional[1]}': an action is enable, disable, force, load or unload");
                    steps.Add(new ScenarioStep(Time(positional[0]), positional[1], positional[2], line));
                    break;
                case "end":
                    Positional(1, "end TIME");
                    end = Time(positional[0]);
                    break;
                default:
                    throw Error($"unknown statement `{words[0]}' (machine, kernel, vhost-worker, producer, sleeper, user, module, patch, func, at, end)");
            }
            if (options.Count > 0) throw Error($"unknown option `{options.Keys.First()}' for `{words[0]}'");
            if (tasks.Count > 0 && tasks[^1].Line == line && tasks[^1].Cpu >= machine.Cpus)
                throw Error($"cpu={tasks[^1].Cpu}: the machine has {machine.Cpus} CPUs (put `machine' first)");
        }
        if (patches.FirstOrDefault(p => p.Funcs.Count == 0) is { } empty)
            throw new UserInputException($"{fileName}:{empty.Line}: patch `{empty.Name}' has no `func' lines");
        if (end is null) throw new UserInputException($"{fileName}: no `end TIME' line");
        if (steps.FirstOrDefault(s => s.AtNs > end) is { } late)
            throw new UserInputException($"{fileName}:{late.Line}: the step comes after the end ({FormatTime(end.Value)})");
        return new Scenario(Path.GetFileNameWithoutExtension(fileName), machine, kernel, tasks, patches, modules,
            [.. steps.OrderBy(s => s.AtNs)], end.Value);
    }

    private static T Try<T>(Func<T> f, Func<string, UserInputException> error)
    {
        try
        {
            return f();
        }
        catch (UserInputException e)
        {
            throw error(e.Message);
        }
    }

    private static void Try(Action f, Func<string, UserInputException> error) => Try(() => { f(); return 0; }, error);

    private static ulong? ParseNumber(string text)
    {
        var multiplier = 1UL;
        foreach (var (suffix, factor) in new[] { ("GHz", 1_000_000_000UL), ("MHz", 1_000_000UL), ("kHz", 1_000UL), ("Hz", 1UL) })
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            text = text[..^suffix.Length];
            multiplier = factor;
            break;
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ulong.MaxValue / multiplier
            ? n * multiplier : null;
    }

    /// <summary>"100ms", "2s", "500us", "7ns", "1.5s".</summary>
    public static ulong? ParseTime(string text)
    {
        foreach (var (suffix, ns) in new[] { ("ns", 1.0), ("us", 1e3), ("ms", 1e6), ("s", 1e9) })
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            if (!double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v)) return null;
            var total = v * ns;
            return total is >= 0 and <= 3600e9 ? (ulong)total : null;
        }
        return null;
    }

    public static string FormatTime(ulong ns) => (ns / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
