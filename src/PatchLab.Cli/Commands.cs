using System.CommandLine;

namespace PatchLab.Cli;

/// <summary>The list of `patchlab` subcommands; each lives in its own file.</summary>
internal static partial class Commands
{
    public static IEnumerable<Command> All()
    {
        yield return Asm();
        yield return Disasm();
        yield return Exec();
        yield return Link();
        yield return Demo();
        yield return Run();
        yield return Bench();
    }
}
