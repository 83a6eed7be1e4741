using System.CommandLine;
using System.Diagnostics;
using PatchLab.Elf;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>
    /// `patchlab bench symbols`: listing every symbol of a file beside `readelf -sW`, both as whole child processes
    /// and, for our side, in this process too: the .NET runtime's start-up is a fixed cost that the listing itself
    /// does not have, so both ratios are reported.
    /// </summary>
    private static Command BenchSymbols()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = $"An ELF file (default: {DefaultVmlinux}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var runs = RunsOption();
        var json = JsonOption();
        var command = new Command("symbols", "patchlab symbols against aarch64-linux-gnu-readelf -sW on the same file; checks the text is identical.\n" +
            "Example: patchlab bench symbols --runs 9")
        {
            file, runs, json,
        };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(file) ?? DefaultVmlinux;
            if (!File.Exists(path)) throw new UserInputException($"{path}: no such file");
            using var work = new BenchDirectory();
            var result = SideBySide(parsed, "bench symbols", parsed.GetValue(runs),
                () => RunToFile(work.NextRun("ours"), OurCommand("symbols", path)),
                () => RunToFile(work.NextRun("peer"), ["aarch64-linux-gnu-readelf", "-sW", path]),
                work.DropEarlierRuns);
            var inProcessWall = new List<double>();
            var inProcessCpu = new List<double>();
            using var self = Process.GetCurrentProcess();
            // Run 0 warms up (the code is compiled, the file is in the page cache) and is not counted, as in BenchmarkDotNet.
            for (var run = 0; run <= Math.Max(parsed.GetValue(runs), 1); run++)
            {
                work.DropEarlierRuns();
                var inProcess = work.NextRun("in-process");
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                using (var elf = ElfFile.Open(path))
                using (var output = File.Create(inProcess))
                    SymbolListing.Write(elf, output);
                self.Refresh();
                if (run == 0) continue;
                inProcessWall.Add(clock.Elapsed.TotalSeconds);
                inProcessCpu.Add((self.TotalProcessorTime - cpu).TotalSeconds);
            }
            var peerHash = FileHash(work.LastRun("peer"));
            var identical = FileHash(work.LastRun("ours")) == peerHash && FileHash(work.LastRun("in-process")) == peerHash;
            var peerMedian = Median(result.PeerWall);
            var inProcessMedian = Median(inProcessWall);
            if (parsed.GetValue(json))
            {
                Report(parsed, json, "symbols", path, "readelf -sW", result, identical,
                    new Dictionary<string, object>
                    {
                        ["inProcessSeconds"] = inProcessWall, ["inProcessMedian"] = inProcessMedian,
                        ["inProcessCpuSeconds"] = inProcessCpu, ["inProcessRatio"] = peerMedian / inProcessMedian,
                    });
                return identical ? ExitCodes.Ok : ExitCodes.Failure;
            }
            Report(parsed, json, "symbols", path, "readelf -sW", result, identical);
            parsed.InvocationConfiguration.Output.WriteLine(
                $"  in this process (no runtime start-up, after a warm-up run): wall median {inProcessMedian:F4} s, CPU median {Median(inProcessCpu):F4} s; " +
                $"ratio (readelf / in-process) {peerMedian / inProcessMedian:F2}x");
            return identical ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
