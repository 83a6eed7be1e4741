using System.CommandLine;
using PatchLab.Arm64.Assembler;
using PatchLab.Elf;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab asm IN.s -o OUT.o`: GNU as syntax in, an ELF relocatable object out.</summary>
    public static Command Asm()
    {
        var input = new Argument<string>("IN") { Description = "GNU as source for AArch64." };
        var output = new Option<string>("--output", "-o") { Description = "The object file to write.", Required = true };
        var command = new Command("asm", "Assemble GNU as source into an ELF relocatable object, as aarch64-linux-gnu-as does.\n" +
            "Example: patchlab asm entry.s -o entry.o")
        {
            input,
            output,
        };
        command.SetAction(parsed =>
        {
            var obj = SourceAssembler.AssembleFile(parsed.GetRequiredValue(input));
            var path = parsed.GetRequiredValue(output);
            // Write to a temporary file first, so a failed run never leaves half an object behind.
            var temporary = path + ".tmp";
            try
            {
                using (var stream = File.Create(temporary)) ElfWriter.WriteRelocatable(obj, stream);
                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(temporary);
                throw new UserInputException($"{path}: cannot be written: {e.Message}", e);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
