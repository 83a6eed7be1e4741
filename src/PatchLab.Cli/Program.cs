using System.CommandLine;
using System.CommandLine.Help;

namespace PatchLab.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with explicit writers, so tests can drive it in-process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // A mistyped command also leaves its parent without one; the token the user got wrong says more.
            var error = parsed.Errors.FirstOrDefault(e => parsed.UnmatchedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal)))
                ?? parsed.Errors[0];
            stderr.WriteLine($"patchlab: {error.Message}");
            return ExitCodes.BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UserInputException or Elf.ElfFormatException)
        {
            stderr.WriteLine($"patchlab: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    internal static Command BuildRoot()
    {
        // A root named after the command rather than the assembly (which RootCommand would take), so usage lines say
        // "patchlab" however it was started: apphost, dotnet PatchLab.Cli.dll or the dotnet tool.
        var root = new Command("patchlab", "PatchLab: a laboratory for live kernel code patching on AArch64.\n" +
            "Example: patchlab demo --report demo.html");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        foreach (var command in Commands.All())
            root.Subcommands.Add(command);
        return root;
    }
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
