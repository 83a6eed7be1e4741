using System.Text.Json;
using PatchLab.Machine;

namespace PatchLab.Reports;

/// <summary>
/// A trace in the Chrome trace-event JSON format, which ui.perfetto.dev and chrome://tracing open. Each machine run
/// is a process of its own (its virtual time starts at 0); in it, a thread per CPU shows what the CPU runs, a thread
/// per CPU and step track (such as "patching") shows the steps as nested slices, counters are counter tracks, and
/// violations are instant events on the CPU's thread.
/// </summary>
public sealed class TraceEventFile
{
    private readonly List<TraceEvent> _events = [];
    private readonly List<RunTrace> _runs = [];

    /// <summary>A new process in the trace for one run of a machine; give it to <see cref="AArch64Machine.Trace"/>.</summary>
    public ITraceSink Run(string name)
    {
        var run = new RunTrace(this, _runs.Count + 1);
        _runs.Add(run);
        Add(new TraceEvent('M', run.Pid, 0, 0, "process_name", Args: [("name", name)]));
        Add(new TraceEvent('M', run.Pid, 0, 0, "process_sort_index", Args: [("sort_index", run.Pid)]));
        return run;
    }

    /// <summary>Writes the trace to <paramref name="path"/>; what a CPU still runs is drawn up to where its machine stopped.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        Write(stream);
    }

    public void Write(Stream stream)
    {
        var events = _events.Concat(_runs.SelectMany(r => r.OpenSlicesClosed()))
            .Select((e, i) => (Event: e, Order: i))
            .OrderBy(x => x.Event.Phase == 'M' ? 0 : 1)
            .ThenBy(x => x.Event.TimeNs)
            // At one moment: a slice ends before the next begins, and an outer slice starts before the ones inside it.
            .ThenBy(x => x.Event.Phase == 'E' ? 0 : 1)
            .ThenByDescending(x => x.Event.DurationNs)
            .ThenBy(x => x.Order)
            .Select(x => x.Event);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ns");
        json.WriteStartArray("traceEvents");
        foreach (var e in events) e.WriteTo(json);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void Add(TraceEvent e) => _events.Add(e);

    /// <summary>One event; times in virtual nanoseconds, written in the format's microseconds.</summary>
    private sealed record TraceEvent(char Phase, int Pid, int Tid, ulong TimeNs, string Name, ulong DurationNs = 0,
        (string Key, object Value)[]? Args = null)
    {
        public void WriteTo(Utf8JsonWriter json)
        {
            json.WriteStartObject();
            json.WriteString("ph", Phase.ToString());
            json.WriteNumber("pid", Pid);
            json.WriteNumber("tid", Tid);
            json.WriteString("name", Name);
            if (Phase != 'M') json.WriteNumber("ts", TimeNs / 1000.0);
            if (Phase == 'X') json.WriteNumber("dur", DurationNs / 1000.0);
            if (Phase == 'i') json.WriteString("s", "t");
            if (Args is { Length: > 0 })
            {
                json.WriteStartObject("args");
                foreach (var (key, value) in Args)
                {
                    if (value is string text) json.WriteString(key, text);
                    else json.WriteNumber(key, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
    }

    /// <summary>One machine run: its CPUs' threads, its step tracks, its counters.</summary>
    private sealed class RunTrace(TraceEventFile file, int pid) : ITraceSink
    {
        /// <summary>Step tracks are threads numbered after the CPUs', and sorted right below their CPU.</summary>
        private const int StepTrackBase = 1000;

        private readonly Dictionary<int, (string What, ulong Since)> _running = [];
        private readonly Dictionary<int, ulong> _stoppedAt = [];
        private readonly HashSet<int> _namedThreads = [];
        private readonly List<string> _stepTracks = [];

        public int Pid => pid;

        public void Running(int cpu, ulong timeNs, string what)
        {
            var tid = CpuThread(cpu);
            if (_running.TryGetValue(cpu, out var previous))
            {
                if (previous.What == what) return;
                file.Add(new TraceEvent('E', pid, tid, Math.Max(timeNs, previous.Since), previous.What));
            }
            file.Add(new TraceEvent('B', pid, tid, timeNs, what));
            _running[cpu] = (what, timeNs);
        }

        public void Step(string track, int cpu, string name, ulong startNs, ulong endNs, string? detail = null)
        {
            var index = _stepTracks.IndexOf(track);
            if (index < 0)
            {
                index = _stepTracks.Count;
                _stepTracks.Add(track);
            }
            var tid = StepTrackBase * (index + 1) + cpu;
            Name(tid, $"cpu{cpu} {track}", cpu * StepTrackBase + index + 1);
            file.Add(new TraceEvent('X', pid, tid, startNs, name, Math.Max(endNs, startNs) - startNs,
                detail is null ? null : [("detail", detail)]));
        }

        public void Counter(string name, ulong timeNs, double value) =>
            file.Add(new TraceEvent('C', pid, 0, timeNs, name, Args: [("value", value)]));

        public void Instant(int cpu, ulong timeNs, string name, string detail) =>
            file.Add(new TraceEvent('i', pid, CpuThread(cpu), timeNs, name, Args: [("detail", detail)]));

        public void Stopped(int cpu, ulong timeNs) =>
            _stoppedAt[cpu] = Math.Max(timeNs, _stoppedAt.GetValueOrDefault(cpu));

        /// <summary>The ends of the slices still open, at the time each CPU's machine stopped.</summary>
        public IEnumerable<TraceEvent> OpenSlicesClosed() =>
            _running.Select(r => new TraceEvent('E', pid, CpuThread(r.Key),
                Math.Max(r.Value.Since, _stoppedAt.GetValueOrDefault(r.Key)), r.Value.What));

        private int CpuThread(int cpu)
        {
            Name(cpu, $"cpu{cpu}", cpu * StepTrackBase);
            return cpu;
        }

        private void Name(int tid, string name, int sortIndex)
        {
            if (!_namedThreads.Add(tid)) return;
            file.Add(new TraceEvent('M', pid, tid, 0, "thread_name", Args: [("name", name)]));
            file.Add(new TraceEvent('M', pid, tid, 0, "thread_sort_index", Args: [("sort_index", sortIndex)]));
        }
    }
}
