using System.CommandLine;
using PatchLab.Arm64.Listing;
using PatchLab.Elf;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab disasm FILE [--section NAME]…`: the text of `aarch64-linux-gnu-objdump -d [-j NAME]`.</summary>
    public static Command Disasm()
    {
        var file = new Argument<string>("FILE") { Description = "An AArch64 ELF file (object or executable)." };
        var sections = new Option<string[]>("--section", "-j")
        {
            Description = "Disassemble only this section (may be repeated).",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("disasm", "Disassemble the code sections of an AArch64 ELF file as objdump -d does.\n" +
            "Example: patchlab disasm vmlinux -j .text > vmlinux.txt")
        {
            file,
            sections,
        };
        command.SetAction(parsed =>
        {
            var path = parsed.GetRequiredValue(file);
            var only = parsed.GetValue(sections) ?? [];
            using var elf = OpenElf(path);
            var listing = new DisassemblyListing(elf);
            var output = parsed.InvocationConfiguration.Output;
            if (!ReferenceEquals(output, Console.Out))
            {
                listing.Write(output, only);
                return ExitCodes.Ok;
            }
            // Console.Out flushes on every write; a listing is hundreds of megabytes, written in large chunks instead.
            using var stdout = Console.OpenStandardOutput();
            listing.Write(stdout, only);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Opens an ELF file, turning the ways a path can fail into one line for the user.</summary>
    private static ElfFile OpenElf(string path)
    {
        try
        {
            return ElfFile.Open(path);
        }
        catch (FileNotFoundException)
        {
            throw new UserInputException($"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new UserInputException($"{path}: no such file");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserInputException($"{path}: cannot be read: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new UserInputException($"{path}: cannot be read: {e.Message}", e);
        }
    }
}
