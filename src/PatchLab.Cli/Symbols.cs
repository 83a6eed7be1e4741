using System.CommandLine;
using PatchLab.Elf;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab symbols FILE`: the text of `readelf -sW FILE`.</summary>
    public static Command Symbols()
    {
        var file = new Argument<string>("FILE") { Description = "An ELF file (AArch64 or x86-64; object, executable or vmlinux)." };
        var command = new Command("symbols", "List the symbol tables of an ELF file as readelf -sW does.\n" +
            "Example: patchlab symbols /var/cache/patchlab/vmlinux")
        {
            file,
        };
        command.SetAction(parsed =>
        {
            using var elf = OpenElf(parsed.GetRequiredValue(file));
            using var stdout = StreamFor(parsed.InvocationConfiguration.Output, Console.OpenStandardOutput);
            SymbolListing.Write(elf, stdout);
            return ExitCodes.Ok;
        });
        return command;
    }
}
