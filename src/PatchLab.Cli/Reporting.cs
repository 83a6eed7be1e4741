using System.CommandLine;
using PatchLab.Reports;

namespace PatchLab.Cli;

/// <summary>The options every reporting command shares: where its trace and its HTML report go.</summary>
internal static partial class Commands
{
    private static Option<string> TraceOption() => new("--trace")
    {
        Description = "Write a Perfetto / Chrome trace-event JSON file of the run (open it in ui.perfetto.dev).",
    };

    /// <summary>A trace to fill when --trace was given; the file's directory is checked before the run, not after it.</summary>
    private static TraceEventFile? StartTrace(ParseResult parsed, Option<string> option)
    {
        if (parsed.GetValue(option) is not { } path) return null;
        CheckWritable(path, option.Name);
        return new TraceEventFile();
    }

    private static void SaveTrace(ParseResult parsed, Option<string> option, TraceEventFile? trace)
    {
        if (trace is not null) WriteAtomically(parsed.GetRequiredValue(option), trace.Write);
    }

    private static void CheckWritable(string path, string option)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!Directory.Exists(directory)) throw new UserInputException($"{option} {path}: no such directory {directory}");
    }
}
