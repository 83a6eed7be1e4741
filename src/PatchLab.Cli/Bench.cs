using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using PatchLab.Arm64;
using PatchLab.Elf;

namespace PatchLab.Cli;

internal static partial class Commands
{
    private const string DefaultVmlinux = "/var/cache/patchlab/vmlinux";

    /// <summary>
    /// `patchlab bench disasm|decode|exec`: our speed beside the peer tool's, each a whole child process, alternating,
    /// reported as medians and the ratio (peer time / our time: above 1 means we are faster).
    /// </summary>
    public static Command Bench()
    {
        var command = new Command("bench", "Measure patchlab against its peer tools (objdump, qemu-aarch64) side by side.\n" +
            "Example: patchlab bench disasm --runs 5");
        command.Subcommands.Add(BenchDisasm());
        command.Subcommands.Add(BenchDecode());
        command.Subcommands.Add(BenchExec());
        command.Subcommands.Add(BenchUpdates());
        command.Subcommands.Add(BenchSymbols());
        command.Subcommands.Add(BenchLink());
        command.Subcommands.Add(BenchCalls());
        return command;
    }

    private static Option<int> RunsOption() => new("--runs", "-n") { Description = "Repetitions of each side.", DefaultValueFactory = _ => 5 };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the results as JSON." };

    private static Command BenchDisasm()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = $"An AArch64 ELF file (default: {DefaultVmlinux}, else a generated 64 MiB one).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var runs = RunsOption();
        var json = JsonOption();
        var command = new Command("disasm", "patchlab disasm against aarch64-linux-gnu-objdump -d on the same file; checks the text is identical.\n" +
            "Example: patchlab bench disasm vmlinux --runs 3 --json")
        {
            file, runs, json,
        };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(file) ?? (File.Exists(DefaultVmlinux) ? DefaultVmlinux : GeneratedElf());
            if (!File.Exists(path)) throw new UserInputException($"{path}: no such file");
            using var work = new BenchDirectory();
            var result = SideBySide(parsed, "bench disasm", parsed.GetValue(runs),
                () => RunToFile(work.NextRun("ours"), OurCommand("disasm", path)),
                () => RunToFile(work.NextRun("peer"), ["aarch64-linux-gnu-objdump", "-d", path]),
                work.DropEarlierRuns);
            var identical = FileHash(work.LastRun("ours")) == FileHash(work.LastRun("peer"));
            Report(parsed, json, "disasm", path, "objdump -d", result, identical);
            return identical ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Command BenchExec()
    {
        var binary = new Argument<string?>("BIN")
        {
            Description = "A static AArch64 Linux executable (default: a built-in CPU-bound program, compiled at first use).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var runs = RunsOption();
        var json = JsonOption();
        var command = new Command("exec", "patchlab exec against qemu-aarch64 on the same program; checks output and exit code agree.\n" +
            "Example: patchlab bench exec ./hello --runs 5")
        {
            binary, runs, json,
        };
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(binary) ?? BuiltInProgram();
            if (!File.Exists(path)) throw new UserInputException($"{path}: no such file");
            using var work = new BenchDirectory();
            var ours = work.File("ours.txt");
            var peer = work.File("peer.txt");
            int oursExit = 0, peerExit = 0;
            var result = SideBySide(parsed, "bench exec", parsed.GetValue(runs),
                () => oursExit = RunToFile(ours, OurCommand("exec", path)),
                () => peerExit = RunToFile(peer, ["qemu-aarch64", path]));
            var identical = oursExit == peerExit && FileHash(ours) == FileHash(peer);
            Report(parsed, json, "exec", path, "qemu-aarch64", result, identical);
            return identical ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Command BenchDecode()
    {
        var random = new Option<bool>("--random") { Description = "Decode seeded random words instead of the vmlinux's code." };
        var runs = RunsOption();
        var json = JsonOption();
        var command = new Command("decode", "Decoding alone (word to encoding), in millions of instructions per second.\n" +
            "Example: patchlab bench decode --random --runs 3")
        {
            random, runs, json,
        };
        command.SetAction(parsed =>
        {
            var clock = Stopwatch.StartNew();
            _ = Decoder.FindEncoding(0);
            var tableSeconds = clock.Elapsed.TotalSeconds;
            var (words, source) = !parsed.GetValue(random) && File.Exists(DefaultVmlinux)
                ? (CodeWords(DefaultVmlinux), DefaultVmlinux + " code sections")
                : (RandomWords(1 << 24), "seeded random words");
            // Rates per second of this process's CPU time as well as of wall time: the machine may be shared.
            var rates = new List<double>();
            var cpuRates = new List<double>();
            var allocated = 0;
            using var self = Process.GetCurrentProcess();
            WithProgress(parsed, "bench decode", [.. Enumerable.Range(1, Math.Max(parsed.GetValue(runs), 1))], run => $"run {run}", run =>
            {
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                clock.Restart();
                allocated = 0;
                foreach (var w in words)
                    if (Decoder.FindEncoding(w) is not null) allocated++;
                rates.Add(words.Length / clock.Elapsed.TotalSeconds / 1e6);
                self.Refresh();
                cpuRates.Add(words.Length / Math.Max((self.TotalProcessorTime - cpu).TotalSeconds, 1e-6) / 1e6);
                return run;
            });
            var median = Median(rates);
            var cpuMedian = Median(cpuRates);
            var output = parsed.InvocationConfiguration.Output;
            if (parsed.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["bench"] = "decode", ["source"] = source, ["words"] = words.Length, ["allocated"] = allocated,
                    ["tableSeconds"] = tableSeconds, ["runsMInsnPerSecond"] = rates, ["medianMInsnPerSecond"] = median,
                    ["runsMInsnPerCpuSecond"] = cpuRates, ["medianMInsnPerCpuSecond"] = cpuMedian,
                }, CliJson.Default.DictionaryStringObject));
            }
            else
            {
                output.WriteLine($"decode: {words.Length} words ({source}), {allocated} allocated; table built in {tableSeconds:F3} s");
                output.WriteLine($"  runs: {string.Join(", ", rates.Select(r => r.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} M insn/s");
                output.WriteLine($"  median: {median:F1} M insn/s of wall time, {cpuMedian:F1} M insn/s of CPU time");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Wall and CPU seconds of each run of each side.</summary>
    private sealed record Timings(List<double> OursWall, List<double> OursCpu, List<double> PeerWall, List<double> PeerCpu);

    /// <summary>
    /// Times each side <paramref name="runs"/> times, alternating which goes first; <paramref name="betweenRuns"/>
    /// (untimed) before each pair.
    /// </summary>
    private static Timings SideBySide(ParseResult parsed, string what, int runs, Action ours, Action peer, Action? betweenRuns = null)
    {
        var t = new Timings([], [], [], []);
        WithProgress(parsed, what, [.. Enumerable.Range(1, Math.Max(runs, 1))], run => $"run {run}", run =>
        {
            betweenRuns?.Invoke();
            if (run % 2 == 1)
            {
                Time(ours, t.OursWall, t.OursCpu);
                Time(peer, t.PeerWall, t.PeerCpu);
            }
            else
            {
                Time(peer, t.PeerWall, t.PeerCpu);
                Time(ours, t.OursWall, t.OursCpu);
            }
            return run;
        });
        return t;
    }

    /// <summary>
    /// Wall time, and the CPU time (user and system) of the child processes it waited for: on a shared machine the
    /// CPU time says more about the work, the wall time about what a user waits.
    /// </summary>
    private static void Time(Action action, List<double> wall, List<double> cpu)
    {
        var before = ChildCpuSeconds();
        var clock = Stopwatch.StartNew();
        action();
        wall.Add(clock.Elapsed.TotalSeconds);
        cpu.Add(ChildCpuSeconds() - before);
    }

    private static double ChildCpuSeconds()
    {
        const int RusageChildren = -1;
        if (!OperatingSystem.IsLinux() || NativeMethods.getrusage(RusageChildren, out var usage) != 0) return double.NaN;
        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static void Report(ParseResult parsed, Option<bool> json, string bench, string input, string peerName, Timings t,
        bool identical, Dictionary<string, object>? extra = null)
    {
        var ours = Median(t.OursWall);
        var peer = Median(t.PeerWall);
        var oursCpu = Median(t.OursCpu);
        var peerCpu = Median(t.PeerCpu);
        var output = parsed.InvocationConfiguration.Output;
        if (parsed.GetValue(json))
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["bench"] = bench, ["input"] = input, ["peer"] = peerName, ["build"] = Build,
                ["oursSeconds"] = t.OursWall, ["peerSeconds"] = t.PeerWall, ["oursCpuSeconds"] = t.OursCpu, ["peerCpuSeconds"] = t.PeerCpu,
                ["oursMedian"] = ours, ["peerMedian"] = peer, ["ratio"] = peer / ours,
                ["oursCpuMedian"] = oursCpu, ["peerCpuMedian"] = peerCpu, ["cpuRatio"] = peerCpu / oursCpu,
                ["identical"] = identical,
            }.Concat(extra ?? []).ToDictionary(), CliJson.Default.DictionaryStringObject));
            return;
        }
        static string List(List<double> v) => string.Join(", ", v.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
        output.WriteLine($"{bench}: {input} (patchlab: {Build} build)");
        output.WriteLine($"  patchlab     wall median {ours:F3} s ({List(t.OursWall)}); CPU median {oursCpu:F3} s");
        output.WriteLine($"  {peerName,-12} wall median {peer:F3} s ({List(t.PeerWall)}); CPU median {peerCpu:F3} s");
        output.WriteLine($"  ratio (peer / patchlab): wall {peer / ours:F2}x, CPU {peerCpu / oursCpu:F2}x; output {(identical ? "identical" : "DIFFERS")}");
    }

    /// <summary>
    /// How the measured patchlab was built: natively (PublishAot), or for the .NET runtime (ReadyToRun in Release),
    /// which starts slower and runs slower code. The child processes are this same build.
    /// </summary>
    private static string Build => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "runtime" : "native";

    /// <summary>This CLI as a child process, started the way this one was (the dotnet host and our dll, or the apphost).</summary>
    private static string[] OurCommand(params string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        // Under the dotnet host our dll sits beside it in the app's directory (a natively compiled patchlab has none).
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [host, Path.Combine(AppContext.BaseDirectory, typeof(Program).Assembly.GetName().Name + ".dll"), .. args]
            : [host, .. args];
    }

    /// <summary>Runs a command with its standard output in a file (through the shell, the same for every tool); its exit code.</summary>
    private static int RunToFile(string outputFile, string[] command)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "out=$1; shift; exec \"$@\" > \"$out\"", "sh", outputFile, .. command])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new UserInputException($"{command[0]}: cannot be started");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode is 126 or 127) throw new UserInputException($"{command[0]}: cannot be run: {error.Trim()}");
        return process.ExitCode;
    }

    private static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static uint[] CodeWords(string path)
    {
        using var elf = ElfFile.Open(path);
        var words = new List<uint>();
        foreach (var section in elf.Sections)
        {
            if ((section.Flags & SectionFlags.ExecInstr) == 0 || section.Type == SectionType.NoBits) continue;
            var data = elf.GetSpan(section);
            for (var i = 0; i + 4 <= data.Length; i += 4)
                words.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
        }
        return [.. words];
    }

    private const int BenchSeed = 20261124;

    private static uint[] RandomWords(int count)
    {
        var random = new Random(BenchSeed);
        var words = new uint[count];
        for (var i = 0; i < words.Length; i++) words[i] = (uint)random.NextInt64(0, 1L << 32);
        return words;
    }

    private static string CacheDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "patchlab-bench");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A 64 MiB executable of seeded random words, with a symbol every 4 KiB, for machines without the kernel.</summary>
    private static string GeneratedElf()
    {
        var path = Path.Combine(CacheDirectory(), "random-text.elf");
        if (File.Exists(path)) return path;
        var image = new ExecutableImage { Entry = 0x400000 };
        var text = new ImageSection(".text", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr) { Address = 0x400000, Alignment = 4 };
        var words = RandomWords(1 << 24);
        text.Data = new byte[words.Length * 4];
        Buffer.BlockCopy(words, 0, text.Data, 0, text.Data.Length);
        var segment = new ImageSegment(SegmentFlags.Read | SegmentFlags.Execute);
        segment.Sections.Add(text);
        image.Segments.Add(segment);
        for (ulong offset = 0; offset < (ulong)text.Data.Length; offset += 4096)
        {
            image.Symbols.Add(new ImageSymbol($"f{offset / 4096}")
            {
                Section = text, Value = text.Address + offset, Size = 4096, Binding = SymbolBinding.Global, Type = SymbolType.Func,
            });
        }
        var temporary = path + $".{Environment.ProcessId}";
        using (var stream = File.Create(temporary)) ElfWriter.WriteExecutable(image, stream);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>The default exec workload, compiled with aarch64-linux-gnu-gcc into the cache at first use.</summary>
    private static string BuiltInProgram()
    {
        var dir = CacheDirectory();
        var source = Path.Combine(dir, "cpubound.c");
        var binary = Path.Combine(dir, "cpubound");
        using (var resource = typeof(Program).Assembly.GetManifestResourceStream("PatchLab.Cli.BenchPrograms.cpubound.c")
            ?? throw new InvalidOperationException("the built-in bench program is missing"))
        using (var reader = new StreamReader(resource))
        {
            var text = reader.ReadToEnd();
            if (File.Exists(binary) && File.Exists(source) && File.ReadAllText(source) == text) return binary;
            File.WriteAllText(source, text);
        }
        var gcc = RunToFile(Path.Combine(dir, "gcc.log"), ["aarch64-linux-gnu-gcc", "-O2", "-static", "-nostdlib", "-ffreestanding",
            "-mgeneral-regs-only", "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-o", binary, source, "-lgcc"]);
        if (gcc != 0) throw new UserInputException($"aarch64-linux-gnu-gcc failed on {source}");
        return binary;
    }

    private static class NativeMethods
    {
        /// <summary>struct rusage on 64-bit Linux: two timevals, then fourteen longs.</summary>
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        public struct Rusage
        {
            public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
            public long MaxRss, Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
        }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        public static extern int getrusage(int who, out Rusage usage);
    }

    /// <summary>A scratch directory for the outputs being compared, removed afterwards.</summary>
    private sealed class BenchDirectory : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("patchlab-bench-").FullName;
        private readonly Dictionary<string, List<string>> _runs = [];

        public string File(string name) => Path.Combine(_path, name);

        /// <summary>
        /// A new file for the next run of <paramref name="tool"/>. Truncating the last run's file instead would wait
        /// for the write-back ext4 starts when a truncated file is closed (auto_da_alloc): time that belongs to the
        /// file system and the run before, not to the tool.
        /// </summary>
        public string NextRun(string tool)
        {
            if (!_runs.TryGetValue(tool, out var files)) _runs[tool] = files = [];
            files.Add(File($"{tool}-{files.Count + 1}.txt"));
            return files[^1];
        }

        /// <summary>The file the last run of <paramref name="tool"/> wrote.</summary>
        public string LastRun(string tool) => _runs[tool][^1];

        /// <summary>Deletes every tool's files but the last run's: between timed runs, so no run pays for it.</summary>
        public void DropEarlierRuns()
        {
            foreach (var files in _runs.Values)
                foreach (var earlier in files.Take(files.Count - 1).Where(System.IO.File.Exists))
                    System.IO.File.Delete(earlier);
        }

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}
