using PatchLab.Arm64.Assembler;
using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>What a run of patch rounds left behind: per round, the places an old instruction was still visible.</summary>
public sealed record PatchRunResult(
    IReadOnlyList<IReadOnlyList<StaleView>> StaleViewsByRound,
    IReadOnlyList<CmodxViolation> Violations,
    IReadOnlyList<ulong> CyclesByRound,
    ulong SiteExecutions,
    ulong NewPathExecutions,
    ulong TraceHash);

/// <summary>
/// One patch site under load: CPUs 1..N-1 run a loop through <see cref="Site"/> (counting passes, and passes
/// through <see cref="NewPath"/> once the site branches there), while CPU 0 idles and runs the patching as host
/// work. After each round every CPU's view of the site is checked; the readers stop when all rounds are done.
/// </summary>
public sealed class PatchSiteRig
{
    private const ulong TextBase = 0xffff800008000000;
    private readonly ulong _flag;

    public PatchSiteRig(string siteInstruction, int cpus, int seed)
    {
        var source = $$"""
                cbz x0, idle
                adr x20, flag
            1:  add x24, x24, #1
            site:
                {{siteInstruction}}
                add x21, x21, #1
                b 2f
            new_path:
                add x22, x22, #1
            2:  ldr x1, [x20]
                cbz x1, 1b
                brk #0
            idle:
                wfi
                b idle
                .balign 64
            flag: .quad 0
            """;
        var obj = SourceAssembler.Assemble(source, "<patch site>");
        var text = obj.FindSection(".text")!;
        // Fine interleaving (quanta of 1 to 8 instructions), so the window between a store and the synchronisation
        // round is as open to the other CPUs as it is on hardware running in parallel.
        Machine = new AArch64Machine(new MachineOptions { Cpus = cpus, Seed = seed, QuantumMin = 1, QuantumMax = 8 });
        Machine.Memory.Map(TextBase, (ulong)text.Data.Length, PagePermissions.ReadExecute | PagePermissions.Write);
        Machine.Memory.Load(TextBase, text.Data);
        foreach (var cpu in Machine.Cpus)
        {
            cpu.Pc = TextBase;
            cpu.Daif = 0;
            cpu.SetX(0, (ulong)cpu.Index);
        }
        Host = new KernelHost(Machine);
        Site = TextBase + obj.FindSymbol("site")!.Value;
        NewPath = TextBase + obj.FindSymbol("new_path")!.Value;
        _flag = TextBase + obj.FindSymbol("flag")!.Value;
    }

    public AArch64Machine Machine { get; }
    public KernelHost Host { get; }
    public ulong Site { get; }
    public ulong NewPath { get; }

    /// <summary><c>b new_path</c>, as it would be written at the site.</summary>
    public uint BranchToNewPath => 0x14000000 | (uint)(((NewPath - Site) >> 2) & 0x3ffffff);

    /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="patch"/> on CPU 0 (given the round number).</summary>
    public PatchRunResult Run(int rounds, Func<Cpu, int, IEnumerable<ulong>> patch)
    {
        var writer = Machine.Cpus[0];
        var stale = new List<IReadOnlyList<StaleView>>();
        var cycles = new List<ulong>();
        IEnumerable<ulong> Work()
        {
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < 100; i++) yield return 1;   // the readers run the site for a while
                var start = writer.Cycles;
                foreach (var cost in patch(writer, round)) yield return cost;
                cycles.Add(writer.Cycles - start);
                stale.Add([.. Machine.Memory.Coherence.FindStaleViews(Machine.Memory, Site, 4)]);
            }
            for (var i = 0; i < 100; i++) yield return 1;
            Machine.Memory.Write(_flag, 8, 1, writer.Index, writer.Cycles);
        }
        Machine.Trace?.Running(writer.Index, writer.VirtualTimeNs, "patcher");
        foreach (var reader in Machine.Cpus.Skip(1)) Machine.Trace?.Running(reader.Index, reader.VirtualTimeNs, "site loop");
        writer.RunHostWork(Work());
        var stop = Machine.Run(untilNs: 1_000_000_000);
        if (stop != StopReason.TimeLimit && Machine.Cpus.Skip(1).Any(c => !c.Halted) || stale.Count != rounds)
            throw new InvalidOperationException($"the patch run did not finish ({stop})");
        var readers = Machine.Cpus.Skip(1).ToList();
        return new PatchRunResult(stale, Machine.Violations, cycles,
            readers.Aggregate(0UL, (s, c) => s + c.X(24)), readers.Aggregate(0UL, (s, c) => s + c.X(22)), Machine.TraceHash);
    }
}
