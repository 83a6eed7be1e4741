using System.CommandLine;

namespace PatchLab.Cli;

/// <summary>The list of `patchlab` subcommands; each lives in its own file.</summary>
internal static partial class Commands
{
    public static IEnumerable<Command> All()
    {
        yield return Asm();
        yield return Disasm();
        yield return Symbols();
        yield return Exec();
        yield return Litmus();
        yield return Link();
        yield return Check();
        yield return Demo();
        yield return Run();
        yield return Bench();
    }
}
