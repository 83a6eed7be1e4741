using System.Text.RegularExpressions;
namespace PatchLab.Tests.Cli;

/// <summary>
/// What every command owes its user: `--help` shows an example, and bad input gets one clear line on stderr and exit
/// code 2. The commands are found by walking the help, so a new command is held to the same contract.
/// </summary>
public partial class CommandContractTests
{
    /// <summary>Bad input per command (its path, the arguments, what the line must say); each command needs one.</summary>
    public static TheoryData<string, string[], string> BadInput => new()
    {
        { "", ["no-such-command"], "no-such-command" },
        { "", ["--no-such-option"], "--no-such-option" },
        { "asm", ["/no/such.s", "-o", "/tmp/out.o"], "/no/such.s" },
        { "asm", ["in.s"], "--output" },
        { "disasm", ["/no/such/file"], "/no/such/file: no such file" },
        { "exec", ["/no/such/program"], "/no/such/program: no such file" },
        { "exec", [typeof(CommandContractTests).Assembly.Location, "--trace", "/no/such/dir/t.json"], "no such directory /no/such/dir" },
        { "symbols", ["/no/such/file"], "/no/such/file: no such file" },
        { "litmus", ["/no/such.litmus"], "/no/such.litmus: no such file or folder" },
        { "litmus", ["/no/such.litmus", "--verdicts", "/no/such.tsv"], "/no/such.tsv: no such file" },
        { "check", ["/no/such.o"], "/no/such.o: no such file" },
        { "link", ["-o", "/tmp/out", "/no/such.o"], "/no/such.o: no such file" },
        { "link", ["-o", "/tmp/out", "--veneers=sometimes", "a.o"], "expected shared or per-site" },
        { "demo", ["--budget", "0"], "--budget 0: needs more than 0" },
        { "run", ["/no/such.scenario"], "/no/such.scenario" },
        { "run protocols", ["--cpus", "1"], "--cpus 1: needs 2 to 64" },
        { "run protocols", ["--rounds", "many"], "many" },
        { "run vhost", ["--strategy", "sometimes"], "sometimes" },
        { "run vhost", ["--trace", "/no/such/dir/t.json"], "no such directory /no/such/dir" },
        { "demo", ["--trace", "/no/such/dir/t.json"], "no such directory /no/such/dir" },
        { "demo", ["--report", "/no/such/dir/r.html"], "no such directory /no/such/dir" },
        { "bench", [], "Required command" },
        { "bench disasm", ["/no/such/file"], "/no/such/file: no such file" },
        { "bench exec", ["/no/such/program"], "/no/such/program: no such file" },
        { "bench decode", ["--runs", "many"], "many" },
        { "bench calls", ["--calls", "0"], "--calls needs 1 to 1000000" },
        { "bench symbols", ["/no/such/file"], "/no/such/file: no such file" },
        { "bench link", ["--objects", "0"], "--objects 0: expected at least 1" },
        { "bench updates", ["--sites", "0"], "--sites: each count needs 1 to 100000" },
        { "bench updates", ["--report", "/no/such/dir/r.html"], "no such directory /no/such/dir" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2(string command, string[] arguments, string says)
    {
        string[] args = [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), .. arguments];
        var (exit, output, error) = CliHarness.Run(args);
        Assert.True(exit == 2, $"patchlab {string.Join(' ', args)}: exit {exit}, stderr: {error}");
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("patchlab: ", error);
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_has_a_bad_input_sample()
    {
        var sampled = BadInput.Select(row => row.Data.Item1).ToHashSet();
        Assert.All(Commands(), command => Assert.True(sampled.Contains(command),
            $"`patchlab {command}` has no bad-input sample in {nameof(CommandContractTests)}.{nameof(BadInput)}"));
    }

    [Fact]
    public void Every_commands_help_names_it_patchlab_and_shows_an_example_of_itself()
    {
        foreach (var command in Commands().Prepend(""))
        {
            var (exit, output, _) = CliHarness.Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            Assert.Equal(0, exit);
            Assert.Matches($@"Example: patchlab {Regex.Escape(command)}", output);
            // Usage names the command as it is typed, not after the assembly (a parent's optional argument may show).
            var path = string.Join(@"(?: \[<\w+>\])? ", command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));
            Assert.Matches($@"Usage:\s+patchlab {path}", output);
        }
    }

    /// <summary>Every command and subcommand, as its path ("bench updates"), read from the help of its parent.</summary>
    private static List<string> Commands()
    {
        var found = new List<string>();
        var pending = new Queue<string>([""]);
        while (pending.Count > 0)
        {
            var parent = pending.Dequeue();
            var (_, help, _) = CliHarness.Run([.. parent.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            var section = help.Split("Commands:", 2) is [_, var rest] ? rest : "";
            foreach (Match m in CommandLine().Matches(section))
            {
                var path = (parent + " " + m.Groups[1].Value).Trim();
                found.Add(path);
                pending.Enqueue(path);
            }
        }
        return found;
    }

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*)", RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
