using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using PatchLab.Arm64.Assembler;
using PatchLab.Linking;

namespace PatchLab.Machine.Litmus;

/// <summary>How many executions of each test, from which seed, and how long each may run.</summary>
public sealed record LitmusRunOptions
{
    public int Runs { get; init; } = 200;
    public int Seed { get; init; } = 1;

    /// <summary>Virtual time after which an execution that has not finished (a thread spinning) is left out.</summary>
    public ulong TimeLimitNs { get; init; } = 100_000;
}

/// <summary>What the executions of one test showed: how many finished, and in how many the proposition held.</summary>
public sealed record LitmusResult(
    LitmusTest Test,
    CacheType CacheType,
    int Runs,
    int Finished,
    int Held,
    int CmodxViolations,
    IReadOnlyDictionary<string, int> Outcomes);

/// <summary>
/// Runs a litmus test on the machine: each thread's code on its own CPU, in its own pages, over many seeded
/// executions that vary the interleaving quantum and the cache evictions, recording the final state of every one.
/// </summary>
public static partial class LitmusRunner
{
    private const ulong CodeBase = 0xffff800010000000;
    private const ulong CodeStride = 0x10000;
    private const ulong DataBase = 0xffff800020000000;
    private static readonly int[] Quanta = [1, 2, 5, 16];
    private static readonly double[] EvictionChances = [0, 0.05, 0.5];

    [GeneratedRegex(@"^\s*([A-Za-z_]\w*)\s*:(?!\w)")]
    private static partial Regex LeadingLabel();

    /// <summary>The cache type a catalogue test is written for: its folder or name says DIC1/IDC1; otherwise neither.</summary>
    public static CacheType CacheTypeFor(string path)
    {
        var name = Path.GetFileName(path);
        if (path.Contains("DIC1-IDC1", StringComparison.Ordinal) || name.StartsWith("DIC1.", StringComparison.Ordinal)) return new CacheType(Idc: true, Dic: true);
        if (path.Contains("DIC0-IDC1", StringComparison.Ordinal) || name.StartsWith("IDC1.", StringComparison.Ordinal)) return new CacheType(Idc: true, Dic: false);
        return CacheType.Default;
    }

    public static LitmusResult Run(LitmusTest test, CacheType cacheType, LitmusRunOptions options)
    {
        var image = Build(test);
        var encodings = new Dictionary<string, uint>();
        var outcomes = new Dictionary<string, int>();
        int finished = 0, held = 0, violations = 0;
        for (var run = 0; run < options.Runs; run++)
        {
            var machine = new AArch64Machine(new MachineOptions
            {
                Cpus = test.Threads.Count,
                Seed = options.Seed + run,
                CacheType = cacheType,
                QuantumMin = 1,
                QuantumMax = Quanta[run % Quanta.Length],
                EvictionChance = EvictionChances[run / Quanta.Length % EvictionChances.Length],
            });
            ImageLoader.Load(image, machine.Memory);
            var outcome = new Outcome(test, image, machine, encodings);
            machine.Handler = outcome;
            foreach (var thread in test.Threads)
            {
                var cpu = machine.Cpus[thread.Index];
                cpu.Pc = Symbol(test.File, image, StartOf(thread.Index));
                foreach (var ((t, register), value) in test.Registers)
                    if (t == thread.Index) cpu.SetX(register, outcome.Resolve(value));
            }
            var stop = machine.Run(options.TimeLimitNs);
            violations += machine.Violations.Count;
            if (stop != StopReason.AllHalted) continue;
            finished++;
            if (test.Condition.Holds(outcome)) held++;
            var key = outcome.Describe();
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }
        return new LitmusResult(test, cacheType, options.Runs, finished, held, violations, outcomes);
    }

    /// <summary>
    /// The test as one assembled and linked image: thread n's code in section <c>pn</c> at its own address (labels
    /// prefixed <c>Pn_</c>, ending in BRK), and every memory location on a cache line of its own in <c>.data</c>.
    /// </summary>
    private static Image Build(LitmusTest test)
    {
        var source = new StringBuilder();
        var starts = new Dictionary<string, ulong>();
        foreach (var thread in test.Threads)
        {
            var section = $"p{thread.Index}";
            starts[section] = CodeBase + (ulong)thread.Index * CodeStride;
            source.Append($"\t.section {section}, \"ax\"\n\t.globl {StartOf(thread.Index)}\n{StartOf(thread.Index)}:\n");
            var labels = new HashSet<string>();
            foreach (var line in thread.Lines)
                for (var rest = line; LeadingLabel().Match(rest) is { Success: true } m; rest = rest[m.Length..])
                    labels.Add(m.Groups[1].Value);
            foreach (var line in thread.Lines)
                source.Append(Prefixed(line, labels, thread.Index)).Append('\n');
            source.Append("\tbrk #0\n");
        }
        starts[".data"] = DataBase;
        source.Append("\t.data\n");
        foreach (var (name, value) in test.Locations)
        {
            var initial = value switch
            {
                LitmusValue.Number n => $"0x{n.Value:x}",
                LitmusValue.Label l => LabelSymbol(l.Thread, l.Name),
                LitmusValue.Location l => LocationSymbol(l.Name),
                LitmusValue.Instruction i => $"0x{Encode(test.File, i.Text):x}",
                _ => throw new InvalidOperationException(),
            };
            source.Append($"\t.balign 64\n{LocationSymbol(name)}:\t.quad {initial}\n");
        }
        try
        {
            var obj = SourceAssembler.Assemble(source.ToString(), test.File);
            return Linker.Link([obj], new LinkLayout { Entry = StartOf(0), TextStart = CodeBase, SectionStarts = starts, PageSize = Memory.PageSize });
        }
        catch (UserInputException e)
        {
            throw new LitmusFormatException(test.File, 1, $"the threads' code does not assemble: {e.Message}");
        }
    }

    /// <summary>A thread's line with its labels (definitions and uses) renamed apart from other threads' labels.</summary>
    private static string Prefixed(string line, HashSet<string> labels, int thread) =>
        Regex.Replace(line, @"(?<![\w.])[A-Za-z_]\w*(?![\w])", m => labels.Contains(m.Value) ? LabelSymbol(thread, m.Value) : m.Value);

    private static string StartOf(int thread) => $"P{thread}__start";
    private static string LabelSymbol(int thread, string label) => $"P{thread}_{label}";
    private static string LocationSymbol(string name) => $"loc_{name}";

    private static ulong Symbol(string file, Image image, string name) =>
        image.FindSymbol(name)?.Value ?? throw new LitmusFormatException(file, 1, $"no label or location `{name}'");

    /// <summary>The encoding of one instruction written as herd writes it (<c>NOP</c>, <c>B .+12</c>).</summary>
    private static uint Encode(string file, string instruction)
    {
        var obj = SourceAssembler.Assemble($"\t.text\n\t{instruction}\n", "instr");
        var text = obj.Sections.First(s => s.Name == ".text");
        if (text.Data.Length != 4 || text.Relocations.Count != 0)
            throw new LitmusFormatException(file, 1, $"instr:\"{instruction}\" is not one position-independent instruction");
        return BinaryPrimitives.ReadUInt32LittleEndian(text.Data);
    }

    /// <summary>One execution's final state, and the exception handler that ends each thread (BRK) or records its fault.</summary>
    private sealed class Outcome(LitmusTest test, Image image, AArch64Machine machine, Dictionary<string, uint> encodings)
        : ILitmusOutcome, IExceptionHandler
    {
        private readonly List<(int Thread, ulong Pc, ExceptionKind Kind)> _faults = [];

        public void Handle(Cpu cpu, in CpuException exception)
        {
            if (exception.Kind != ExceptionKind.Breakpoint) _faults.Add((cpu.Index, exception.Pc, exception.Kind));
            cpu.Halted = true;
        }

        public ulong Register(int thread, int register) => machine.Cpus[thread].X(register);

        public ulong Location(string name) => machine.Memory.Read(Symbol(test.File, image, LocationSymbol(name)), 8);

        public ulong Resolve(LitmusValue value) => value switch
        {
            LitmusValue.Number n => n.Value,
            LitmusValue.Label l => Symbol(test.File, image, LabelSymbol(l.Thread, l.Name)),
            LitmusValue.Location l => Symbol(test.File, image, LocationSymbol(l.Name)),
            LitmusValue.Instruction i => encodings.TryGetValue(i.Text, out var word) ? word : encodings[i.Text] = Encode(test.File, i.Text),
            _ => throw new InvalidOperationException(),
        };

        public bool Faulted(int thread, string label, string kind) =>
            _faults.Any(f => f.Thread == thread && f.Pc == Symbol(test.File, image, LabelSymbol(thread, label)) && HerdName(f.Kind) == kind);

        private static string HerdName(ExceptionKind kind) => kind == ExceptionKind.Undefined ? "UndefinedInstruction" : kind.ToString();

        /// <summary>The final values the condition reads, as herd prints a state: <c>1:X3=1; x=0;</c>.</summary>
        public string Describe()
        {
            var text = new StringBuilder();
            foreach (var (thread, register) in test.Condition.Registers().Distinct().Order())
                text.Append($"{thread}:X{register}=0x{Register(thread, register):x}; ");
            foreach (var name in test.Condition.Locations().Distinct().Order(StringComparer.Ordinal))
                text.Append($"{name}=0x{Location(name):x}; ");
            foreach (var (thread, pc, kind) in _faults)
                text.Append($"fault(P{thread}:0x{pc:x},{HerdName(kind)}); ");
            return text.ToString().TrimEnd();
        }
    }
}
