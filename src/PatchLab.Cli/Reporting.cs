using System.CommandLine;
using PatchLab.Reports;
using Spectre.Console;

namespace PatchLab.Cli;

/// <summary>What every reporting command shares: its trace, its HTML report, its result tables.</summary>
internal static partial class Commands
{
    private static Option<string> TraceOption() => new("--trace")
    {
        Description = "Write a Perfetto / Chrome trace-event JSON file of the run (open it in ui.perfetto.dev).",
    };

    private static Option<string> ReportOption() => new("--report")
    {
        Description = "Write the results as one self-contained HTML page with plots and tables.",
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

    /// <summary>Checks before the run that a --report file can be written.</summary>
    private static void CheckReport(ParseResult parsed, Option<string> option)
    {
        if (parsed.GetValue(option) is { } path) CheckWritable(path, option.Name);
    }

    private static void SaveReport(ParseResult parsed, Option<string> option, Func<HtmlReport> report)
    {
        if (parsed.GetValue(option) is not { } path) return;
        var page = report();
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream);
            page.Write(writer);
        });
    }

    private static void CheckWritable(string path, string option)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!Directory.Exists(directory)) throw new UserInputException($"{option} {path}: no such directory {directory}");
    }

    /// <summary>A console writing to <paramref name="output"/>, wide enough for the result tables even in a file.</summary>
    private static IAnsiConsole ConsoleFor(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        return console;
    }

    private static void WriteTable(IAnsiConsole console, ResultTable result)
    {
        var table = new Table().Title(Markup.Escape(result.Title));
        for (var i = 0; i < result.Columns.Count; i++)
        {
            var column = new TableColumn(Markup.Escape(result.Columns[i])).NoWrap();
            table.AddColumn(result.IsNumeric(i) ? column.RightAligned() : column);
        }
        foreach (var row in result.Rows) table.AddRow([.. row.Select(Markup.Escape)]);
        console.Write(table);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on each item, with a progress bar on the terminal; silent when a test captures
    /// the output or either stream is redirected, so pipes and files get the results alone.
    /// </summary>
    private static List<TResult> WithProgress<T, TResult>(ParseResult parsed, string what, IReadOnlyList<T> items,
        Func<T, string> label, Func<T, TResult> work)
    {
        var results = new List<TResult>(items.Count);
        var config = parsed.InvocationConfiguration;
        var onTerminal = ReferenceEquals(config.Output, Console.Out) && ReferenceEquals(config.Error, Console.Error)
            && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        if (!onTerminal)
        {
            foreach (var item in items) results.Add(work(item));
            return results;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(what), maxValue: items.Count);
                foreach (var item in items)
                {
                    task.Description = Markup.Escape($"{what}: {label(item)}");
                    results.Add(work(item));
                    task.Increment(1);
                }
            });
        return results;
    }
}
