using System.CommandLine;


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
            stderr.WriteLine($"patchlab: {parsed.Errors[0].Message}");
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

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("PatchLab: a laboratory for live kernel code patching on AArch64.");
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
