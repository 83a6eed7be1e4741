using System.Text.Json;
using PatchLab.Reports;
using PatchLab.Tests.Cli;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Reports;

/// <summary>`--trace FILE`: a trace-event JSON file Perfetto opens, with the CPUs, the patch steps and the violations.</summary>
public class TraceEventFileTests
{
    [Fact]
    public void Protocols_trace_has_a_process_per_protocol_cpu_threads_nested_patch_steps_counters_IPIs_and_violations()
    {
        using var dir = new TempDir();
        var path = dir.File("protocols.json");
        var (exit, _, error) = CliHarness.Run("run", "protocols", "--rounds", "3", "--seed", $"{TestSeed.Value}", "--trace", path);
        Assert.True(exit == 0, $"seed {TestSeed.Value}: {error}");
        var json = File.ReadAllText(path);
        Assert.Empty(TraceEventFormat.Problems(json));
        var events = Events(json);
        var processes = events.Where(e => e.Phase == "M" && e.Name == "process_name").Select(e => e.Arg("name")).ToList();
        Assert.Equal(["full", "no-dc", "no-ic", "no-sync", "unsafe", "stop-machine"], processes);
        var threads = events.Where(e => e.Phase == "M" && e.Name == "thread_name").Select(e => e.Arg("name")).ToHashSet();
        Assert.All(["cpu0", "cpu1", "cpu2", "cpu3", "cpu0 patching"], t => Assert.Contains(t, threads));
        Assert.Contains(events, e => e.Phase == "B" && e.Name == "site loop");
        var steps = events.Where(e => e.Phase == "X").Select(e => e.Name).ToHashSet();
        Assert.All(["batch", "write", "cache maintenance", "sync round", "stop_machine", "stopped"], s => Assert.Contains(s, steps));
        Assert.Contains(events, e => e.Phase == "C" && e.Name == "text writes");
        var unsafePid = events.Single(e => e.Phase == "M" && e.Name == "process_name" && e.Arg("name") == "unsafe").Pid;
        Assert.Contains(events, e => e.Phase == "i" && e.Name == "CMODX violation" && e.Pid == unsafePid);
        Assert.DoesNotContain(events, e => e.Phase == "i" && e.Name == "CMODX violation" && e.Pid != unsafePid);
        // The sync round's IPIs arrive on every other CPU.
        var fullPid = events.Single(e => e.Phase == "M" && e.Name == "process_name" && e.Arg("name") == "full").Pid;
        Assert.Equal([1, 2, 3], events.Where(e => e.Phase == "i" && e.Name == "IPI" && e.Pid == fullPid).Select(e => e.Tid).Distinct().Order());
    }

    [Fact]
    public void Vhost_trace_shows_tasks_on_cpus_the_livepatch_steps_pending_tasks_and_each_switch()
    {
        using var dir = new TempDir();
        var path = dir.File("vhost.json");
        var (exit, _, error) = CliHarness.Run("run", "vhost", "--strategy", "cond-resched-key", "--budget", "2",
            "--seed", $"{TestSeed.Value}", "--trace", path);
        Assert.True(exit == 0, $"seed {TestSeed.Value}: {error}");
        var json = File.ReadAllText(path);
        Assert.Empty(TraceEventFormat.Problems(json));
        var events = Events(json);
        var running = events.Where(e => e.Phase == "B").Select(e => e.Name).ToHashSet();
        Assert.All(["vhost-0", "vhost-1", "getpid-0"], t => Assert.Contains(t, running));
        Assert.Contains(events, e => e.Phase == "C" && e.Name == "tasks pending");
        Assert.Contains(events, e => e.Phase == "i" && e.Name == "klp switch");
        Assert.Contains(events, e => e.Phase == "i" && e.Name == "printk" && (e.Arg("detail") ?? "").Contains("livepatch", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Phase == "X" && e.Name == "write");
    }

    [Fact]
    public void Exec_trace_shows_the_program_running_on_cpu0_until_it_exits()
    {
        using var dir = new TempDir();
        var binary = SpinProgram.Build(dir);
        var path = dir.File("exec.json");
        var (exit, _, error) = CliHarness.Run("exec", binary, "--trace", path);
        Assert.True(exit == SpinProgram.ExitCode, error);
        var json = File.ReadAllText(path);
        Assert.Empty(TraceEventFormat.Problems(json));
        var events = Events(json);
        var begin = Assert.Single(events, e => e.Phase == "B");
        var end = Assert.Single(events, e => e.Phase == "E");
        Assert.Equal(("spin", 0), (begin.Name, begin.Tid));
        // One instruction a nanosecond: the slice ends at the exit.
        Assert.Equal(SpinProgram.Instructions / 1000.0, end.Ts - begin.Ts, 3);
    }

    [Fact]
    public void The_format_check_finds_unmatched_slices_time_going_back_and_overlapping_steps()
    {
        const string Broken = """
            {"traceEvents":[
              {"ph":"B","pid":1,"tid":0,"name":"a","ts":5},
              {"ph":"B","pid":1,"tid":0,"name":"b","ts":4},
              {"ph":"X","pid":1,"tid":1,"name":"x","ts":0,"dur":10},
              {"ph":"X","pid":1,"tid":1,"name":"y","ts":5,"dur":10},
              {"ph":"C","pid":1,"tid":0,"name":"c","ts":1},
              {"ph":"E","pid":1,"tid":2,"name":"a","ts":6}
            ]}
            """;
        var problems = TraceEventFormat.Problems(Broken);
        Assert.Contains(problems, p => p.Contains("before 5", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("overlaps 'x'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("C needs args", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("E without B", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("never ended", StringComparison.Ordinal));
    }

    [Fact]
    public void Slices_still_open_end_where_the_machine_stopped()
    {
        var trace = new TraceEventFile();
        var run = trace.Run("r");
        run.Running(0, 0, "a");
        run.Running(0, 10, "b");
        run.Stopped(0, 25);
        using var stream = new MemoryStream();
        trace.Write(stream);
        var events = Events(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal([("B", "a", 0.0), ("E", "a", 0.01), ("B", "b", 0.01), ("E", "b", 0.025)],
            events.Where(e => e.Phase is "B" or "E").Select(e => (e.Phase, e.Name, e.Ts)));
    }

    private sealed record Event(string Phase, int Pid, int Tid, string Name, double Ts, JsonElement Args)
    {
        public string? Arg(string key) => Args.ValueKind == JsonValueKind.Object && Args.TryGetProperty(key, out var v) ? v.ToString() : null;
    }

    private static List<Event> Events(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("traceEvents").EnumerateArray().Select(e => new Event(
            e.GetProperty("ph").GetString()!, e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32(),
            e.GetProperty("name").GetString()!, e.TryGetProperty("ts", out var ts) ? ts.GetDouble() : 0,
            e.TryGetProperty("args", out var args) ? args.Clone() : default))];
    }
}
