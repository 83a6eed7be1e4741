using System.Text.Json;

namespace PatchLab.Tests.Reports;

/// <summary>
/// Checks a file against the Chrome trace-event format as Perfetto reads it: an object with a traceEvents array;
/// each event has a phase, pid, tid and name, a timestamp unless it is metadata, the fields its phase needs; on each
/// track timestamps never go back; B/E pairs match; complete (X) slices on a thread nest or follow each other.
/// </summary>
internal static class TraceEventFormat
{
    /// <summary>Timestamps are microseconds in floating point: ends that touch may differ in the last bits.</summary>
    private const double Tolerance = 1e-6;

    public static List<string> Problems(string json)
    {
        var problems = new List<string>();
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("traceEvents", out var events) || events.ValueKind != JsonValueKind.Array)
            return ["no traceEvents array"];
        var lastTime = new Dictionary<string, double>();
        var open = new Dictionary<string, Stack<string>>();
        var slices = new Dictionary<string, Stack<(double Start, double End, string Name)>>();
        var index = 0;
        foreach (var e in events.EnumerateArray())
        {
            var at = $"event {index++}";
            if (!e.TryGetProperty("ph", out var ph) || ph.GetString() is not { Length: 1 } phase) { problems.Add($"{at}: no ph"); continue; }
            if (!IsNumber(e, "pid") || !IsNumber(e, "tid")) problems.Add($"{at}: pid and tid must be numbers");
            if (!e.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            {
                problems.Add($"{at}: no name");
                continue;
            }
            var name = nameElement.GetString()!;
            if (phase == "M")
            {
                if (name is "process_name" or "thread_name" && !(e.TryGetProperty("args", out var a) && a.TryGetProperty("name", out _)))
                    problems.Add($"{at}: {name} without args.name");
                continue;
            }
            if (!IsNumber(e, "ts")) { problems.Add($"{at}: {phase} without a numeric ts"); continue; }
            var ts = e.GetProperty("ts").GetDouble();
            var thread = $"{e.GetProperty("pid")}/{e.GetProperty("tid")}";
            var track = phase == "C" ? $"{e.GetProperty("pid")}/counter {name}" : thread;
            if (lastTime.TryGetValue(track, out var last) && ts < last) problems.Add($"{at}: ts {ts} before {last} on track {track}");
            lastTime[track] = ts;
            switch (phase)
            {
                case "B":
                    (open.TryGetValue(thread, out var s) ? s : open[thread] = new()).Push(name);
                    break;
                case "E":
                    if (!open.TryGetValue(thread, out var stack) || stack.Count == 0) problems.Add($"{at}: E without B on {thread}");
                    else if (stack.Pop() is var begun && begun != name) problems.Add($"{at}: E '{name}' closes B '{begun}' on {thread}");
                    break;
                case "X":
                    if (!IsNumber(e, "dur") || e.GetProperty("dur").GetDouble() < 0) { problems.Add($"{at}: X without a dur >= 0"); break; }
                    var end = ts + e.GetProperty("dur").GetDouble();
                    var nest = slices.TryGetValue(thread, out var n) ? n : slices[thread] = new();
                    while (nest.Count > 0 && nest.Peek().End <= ts + Tolerance) nest.Pop();
                    if (nest.Count > 0 && end > nest.Peek().End + Tolerance)
                        problems.Add($"{at}: X '{name}' overlaps '{nest.Peek().Name}' on {thread} without nesting");
                    nest.Push((ts, end, name));
                    break;
                case "C":
                    if (!e.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Object
                        || !args.EnumerateObject().Any() || args.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.Number))
                        problems.Add($"{at}: C needs args of numbers");
                    break;
                case "i" or "I":
                    if (e.TryGetProperty("s", out var scope) && scope.GetString() is not ("g" or "p" or "t"))
                        problems.Add($"{at}: instant scope {scope} is not g, p or t");
                    break;
                default:
                    problems.Add($"{at}: unexpected phase {phase}");
                    break;
            }
        }
        foreach (var (thread, stack) in open)
            if (stack.Count > 0) problems.Add($"{thread}: B '{stack.Peek()}' never ended");
        return problems;
    }

    private static bool IsNumber(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number;
}
