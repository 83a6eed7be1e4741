using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using PatchLab.Machine;
using PatchLab.Machine.Linux;

namespace PatchLab.Cli;

internal static partial class Commands
{
    /// <summary>`patchlab exec BIN [ARGS…] [--stats]`: runs a static AArch64 Linux executable on the machine.</summary>
    public static Command Exec()
    {
        var binary = new Argument<string>("BIN") { Description = "A static AArch64 Linux executable." };
        var arguments = new Argument<string[]>("ARGS") { Description = "Arguments for the program.", Arity = ArgumentArity.ZeroOrMore };
        var stats = new Option<bool>("--stats") { Description = "Print instructions executed and the emulation rate to stderr." };
        var json = new Option<bool>("--json") { Description = "Print the statistics of --stats to stderr as one JSON object (implies --stats)." };
        var trace = TraceOption();
        var command = new Command("exec", "Run a static AArch64 Linux executable on the emulated machine; exits with its exit code.\n" +
            "Example: patchlab exec ./hello --stats --trace hello.json")
        {
            binary,
            arguments,
            stats,
            json,
            trace,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parsed =>
        {
            var path = parsed.GetRequiredValue(binary);
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            if (!File.Exists(path)) throw new UserInputException($"{path}: no such file");
            var traceFile = StartTrace(parsed, trace);
            using var stdout = StreamFor(output, Console.OpenStandardOutput);
            using var stderr = StreamFor(error, Console.OpenStandardError);
            var process = LinuxProcess.Load(path, parsed.GetValue(arguments) ?? [], stdout, stderr, LinuxProcess.StandaloneOptions);
            process.Machine.Trace = traceFile?.Run(Path.GetFileName(path));
            var clock = Stopwatch.StartNew();
            int exit;
            try
            {
                exit = process.Run();
            }
            catch (MachineStopException e)
            {
                stdout.Flush();
                error.WriteLine($"patchlab: exec: {path}: {e.Message}");
                return ExitCodes.BadInput;
            }
            finally
            {
                SaveTrace(parsed, trace, traceFile);
            }
            if (parsed.GetValue(stats) || parsed.GetValue(json))
            {
                var counters = process.Machine.Cpus[0].Counters;
                var seconds = clock.Elapsed.TotalSeconds;
                var mips = counters.Instructions / Math.Max(seconds, 1e-9) / 1e6;
                error.WriteLine(parsed.GetValue(json)
                    ? new JsonObject
                    {
                        ["instructions"] = counters.Instructions,
                        ["seconds"] = seconds,
                        ["mips"] = mips,
                        ["loads"] = counters.Loads,
                        ["stores"] = counters.Stores,
                        ["exit_code"] = exit,
                    }.ToJsonString()
                    : $"patchlab: {counters.Instructions} instructions in {seconds:F3} s ({mips:F1} MIPS), " +
                      $"{counters.Loads} loads, {counters.Stores} stores");
            }
            return exit;
        });
        return command;
    }

    /// <summary>The program's bytes go to the real console stream, or through a writer when a test captures output.</summary>
    private static Stream StreamFor(TextWriter writer, Func<Stream> console) =>
        ReferenceEquals(writer, Console.Out) || ReferenceEquals(writer, Console.Error) ? console() : new WriterStream(writer);

    private sealed class WriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chars = new char[_decoder.GetCharCount(buffer, offset, count)];
            _decoder.GetChars(buffer, offset, count, chars, 0);
            writer.Write(chars);
        }

        public override void Flush() => writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
