using System.CommandLine;
using System.Globalization;
using PatchLab.Elf;
using PatchLab.Linking;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>
    /// `patchlab bench link`: `patchlab link` beside GNU ld on the same synthetic objects (written to files first),
    /// each a whole child process; checks both executables load the same bytes at the same addresses.
    /// </summary>
    private static Command BenchLink()
    {
        var objects = new Option<int>("--objects") { Description = "How many synthetic objects to link.", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic objects.", DefaultValueFactory = _ => BenchSeed };
        var runs = RunsOption();
        var json = JsonOption();
        var command = new Command("link", "patchlab link against aarch64-linux-gnu-ld on 2,000 synthetic objects whose calls need veneers.\n" +
            "Example: patchlab bench link --objects 2000 --runs 5")
        {
            objects, seed, runs, json,
        };
        command.SetAction(parsed =>
        {
            var count = parsed.GetValue(objects);
            if (count < 1) throw new UserInputException($"--objects {count}: expected at least 1");
            using var work = new BenchDirectory();
            var inputs = new List<string>();
            foreach (var obj in SyntheticProgram.Objects(count, parsed.GetValue(seed)))
            {
                var path = work.File(obj.Name);
                using (var stream = File.Create(path)) ElfWriter.WriteRelocatable(obj, stream);
                inputs.Add(path);
            }
            var ours = work.File("ours.elf");
            var peer = work.File("peer.elf");
            var farStart = $"--section-start={SyntheticProgram.FarSection}=0x{SyntheticProgram.FarSectionStart.ToString("x", CultureInfo.InvariantCulture)}";
            // Both linkers get the whole layout of the code, so their executables can be compared address for address.
            string[] options = ["-e", SyntheticProgram.Entry, "-Ttext=0x410000", farStart];
            var result = SideBySide(parsed, "bench link", parsed.GetValue(runs),
                () => Require(RunToFile(work.File("ours.log"), OurCommand(["link", "-o", ours, .. options, .. inputs])), "patchlab link"),
                () => Require(RunToFile(work.File("peer.log"), ["aarch64-linux-gnu-ld", "-o", peer, .. options, .. inputs]), "aarch64-linux-gnu-ld"));
            var same = SameLoadedImage(ours, peer, out var difference);
            Report(parsed, json, "link", $"{count} synthetic objects (seed {parsed.GetValue(seed)})", "GNU ld", result, same);
            if (!same) parsed.InvocationConfiguration.Error.WriteLine($"patchlab: bench link: the executables differ: {difference}");
            return same ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static void Require(int exitCode, string what)
    {
        if (exitCode != 0) throw new UserInputException($"{what} failed with exit code {exitCode}");
    }

    /// <summary>
    /// Whether two executables lay out the code the same: the same entry and every input function at the same address.
    /// The linkers place data and veneers by different rules, so those are not compared; that the links are
    /// correct is the linker tests' business (programs run the same under qemu whichever linker built them).
    /// </summary>
    private static bool SameLoadedImage(string ours, string peer, out string difference)
    {
        using var a = ElfFile.Open(ours);
        using var b = ElfFile.Open(peer);
        difference = "";
        if (a.Entry != b.Entry)
        {
            difference = $"entry 0x{a.Entry:x} against 0x{b.Entry:x}";
            return false;
        }
        static bool FromInput(ElfSymbol s) => s.Type == SymbolType.Func && !s.Name.EndsWith("_veneer", StringComparison.Ordinal);
        var peerSymbols = b.Symbols!.Where(FromInput).ToDictionary(s => s.Name, s => s.Value);
        foreach (var symbol in a.Symbols!.Where(FromInput))
        {
            if (peerSymbols.TryGetValue(symbol.Name, out var value) && value == symbol.Value) continue;
            difference = $"symbol {symbol.Name} at 0x{symbol.Value:x}, GNU ld has {(peerSymbols.TryGetValue(symbol.Name, out var v) ? $"0x{v:x}" : "none")}";
            return false;
        }
        return true;
    }
}
