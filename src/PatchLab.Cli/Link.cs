using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PatchLab.Elf;
using PatchLab.Linking;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab link -o OUT [-e SYM] [--section-start=NAME=ADDR]… [-Ttext=ADDR] [--veneers=…] [--map FILE] OBJ…`.</summary>
    public static Command Link()
    {
        var inputs = new Argument<string[]>("OBJ") { Description = "ELF relocatable objects.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The executable to write.", Required = true };
        var entry = new Option<string>("--entry", "-e") { Description = "The entry symbol (default _start)." };
        var sectionStarts = new Option<string[]>("--section-start") { Description = "Place output section NAME at ADDR (NAME=ADDR, hex).", AllowMultipleArgumentsPerToken = false };
        var textStart = new Option<string>("-Ttext") { Description = "Place .text at ADDR (hex)." };
        var veneers = new Option<string>("--veneers") { Description = "Veneers for B/BL out of range: shared (one per target) or per-site (one per call site)." };
        var map = new Option<string>("--map") { Description = "Write a link map (sections, symbols, veneers and their callers) to FILE." };
        var json = new Option<bool>("--json") { Description = "Print the layout (entry, sections, veneers and their callers) as JSON." };
        var command = new Command("link", "Link AArch64 relocatable objects into a static executable, as aarch64-linux-gnu-ld does.\n" +
            "Example: patchlab link -o prog --section-start=.far=0x10400000 --veneers=per-site --map prog.map a.o b.o")
        {
            inputs,
            output,
            entry,
            sectionStarts,
            textStart,
            veneers,
            map,
            json,
        };
        command.SetAction(parsed =>
        {
            var starts = new Dictionary<string, ulong>();
            foreach (var text in parsed.GetValue(sectionStarts) ?? [])
            {
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0) throw new UserInputException($"--section-start={text}: expected NAME=ADDR");
                starts[text[..equals]] = ParseAddress(text[(equals + 1)..], "--section-start");
            }
            var layout = new LinkLayout
            {
                Entry = parsed.GetValue(entry) ?? "_start",
                TextStart = parsed.GetValue(textStart) is { } t ? ParseAddress(t, "-Ttext") : new LinkLayout().TextStart,
                SectionStarts = starts,
                Veneers = parsed.GetValue(veneers) switch
                {
                    null or "shared" => VeneerPolicy.Shared,
                    "per-site" => VeneerPolicy.PerSite,
                    var other => throw new UserInputException($"--veneers={other}: expected shared or per-site"),
                },
            };
            var image = Linker.Link(ReadObjects(parsed.GetRequiredValue(inputs)), layout);
            var outputPath = parsed.GetRequiredValue(output);
            WriteAtomically(outputPath, stream => ElfWriter.WriteExecutable(image.ToExecutable(), stream));
            // Executable, as GNU ld leaves it: QEMU and the kernel refuse to run a file without the x bits.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(outputPath, File.GetUnixFileMode(outputPath) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            if (parsed.GetValue(map) is { } mapPath)
                WriteAtomically(mapPath, stream =>
                {
                    using var writer = new StreamWriter(stream);
                    LinkMap.Write(image, writer);
                });
            if (parsed.GetValue(json)) WriteLayoutJson(parsed.InvocationConfiguration.Output, image);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteLayoutJson(TextWriter output, Image image)
    {
        static string Hex(ulong value) => $"0x{value:x}";
        output.WriteLine(CliJson.Indented(new JsonObject
        {
            ["entry"] = Hex(image.Entry),
            ["sections"] = CliJson.Array(image.Sections, s => new JsonObject { ["name"] = s.Name, ["address"] = Hex(s.Address), ["size"] = s.Size }),
            ["symbols"] = image.Symbols.Count(s => !s.Name.StartsWith('$')),
            ["veneers"] = CliJson.Array(image.Veneers, v => new JsonObject
            {
                ["name"] = v.Name,
                ["address"] = Hex(v.Address),
                ["target"] = v.Target,
                ["callers"] = CliJson.Array(v.Callers, c => c.ToString()),
            }),
        }));
    }

    private static ulong ParseAddress(string text, string option)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value
            : throw new UserInputException($"{option}: '{text}' is not a hexadecimal address");
    }

    /// <summary>Writes to a temporary file first, so a failed run never leaves half a file behind.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var stream = File.Create(temporary)) write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new UserInputException($"{path}: cannot be written: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads the objects on all cores (a large link reads thousands); a bad input is reported as the first one in
    /// command-line order would be, whichever thread met it first.
    /// </summary>
    private static RelocatableObject[] ReadObjects(string[] paths)
    {
        var objects = new RelocatableObject[paths.Length];
        var errors = new Exception?[paths.Length];
        Parallel.For(0, paths.Length, i =>
        {
            try
            {
                using var file = OpenElf(paths[i]);
                objects[i] = file.ReadRelocatable();
            }
            catch (Exception e) when (e is ElfFormatException or UserInputException)
            {
                errors[i] = e;
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return objects;
    }
}
