using PatchLab.Arm64;
using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>A change to kernel text the patcher will not make: one line naming the place and the reason.</summary>
public sealed class TextPatchingException(string message) : Exception(message);

/// <summary>
/// Steps of the protocol a patcher may be told to leave out, so tests and experiments can show each checker
/// catching the omission. The kernel leaves out none.
/// </summary>
[Flags]
public enum PatchingOmissions
{
    None = 0,
    CleanToPoU = 1,
    InvalidateInstructionCache = 2,
    SynchronisationRound = 4,

    /// <summary>Write non-CMODX-safe changes with other CPUs running instead of refusing them.</summary>
    CmodxCheck = 8,
}

/// <summary>
/// The arm64 text-patching primitives (arch/arm64/kernel/patching.c), written as host work on a CPU so that every
/// store, cache-maintenance operation, barrier and IPI is a machine operation interleaved with the other CPUs:
/// <list type="bullet">
/// <item><see cref="PatchNosync"/>: aarch64_insn_patch_text_nosync — one store, then caches_clean_inval_pou.</item>
/// <item><see cref="KickAllCpusSync"/>: an IPI to every other CPU, waiting until each has taken it (a context
/// synchronisation event on each).</item>
/// <item><see cref="PatchBatch"/>: the jump-label way — every store with its maintenance, then one round.</item>
/// <item><see cref="PatchStopMachine"/>: aarch64_insn_patch_text — every other CPU parked, the writes, then each
/// parked CPU's ISB before it returns.</item>
/// </list>
/// Outside stop-machine, a change whose old or new instruction is not on the CMODX list is refused.
/// </summary>
public sealed class TextPatcher(KernelHost host, CmodxList list = CmodxList.Strict, PatchingOmissions omissions = PatchingOmissions.None)
{
    /// <summary>Cycles charged per operation: a store, a cache-maintenance instruction, a barrier.</summary>
    private const ulong OperationCycles = 1;

    /// <summary>Cycles per iteration of a wait loop (a load, a compare, a branch, cpu_relax).</summary>
    private const ulong PollCycles = 4;

    private bool _stopped;

    public ulong Writes { get; private set; }
    public ulong SynchronisationRounds { get; private set; }
    public ulong StopMachines { get; private set; }

    private AArch64Machine Machine => host.Machine;

    public IEnumerable<ulong> PatchNosync(Cpu cpu, ulong address, uint instruction)
    {
        if ((address & 3) != 0) throw new TextPatchingException($"0x{address:x}: instructions are word aligned");
        var old = Machine.Memory.PeekWord(address);
        if (!_stopped && (omissions & PatchingOmissions.CmodxCheck) == 0 && !Cmodx.IsSafePair(old, instruction, list))
        {
            var d = new Disassembler();
            throw new TextPatchingException(
                $"0x{address:x}: {d.Format(old, address)} -> {d.Format(instruction, address)} is not CMODX-safe " +
                "while other CPUs run; use stop-machine");
        }
        Machine.Memory.Write(address, 4, instruction, cpu.Index, cpu.Cycles);
        Writes++;
        yield return OperationCycles;
        foreach (var cost in CleanInvalidateToPoU(cpu, address, 4)) yield return cost;
    }

    /// <summary>caches_clean_inval_pou: DC CVAU per line unless IDC, DSB ISH, IC IVAU per line unless DIC, DSB ISH, ISB.</summary>
    public IEnumerable<ulong> CleanInvalidateToPoU(Cpu cpu, ulong start, ulong length)
    {
        var cacheType = Machine.Memory.Coherence.CacheType;
        var first = CacheType.LineOf(start);
        var end = start + length;
        if (!cacheType.DataCoherentToPoU && (omissions & PatchingOmissions.CleanToPoU) == 0)
        {
            for (var line = first; line < end; line += CacheType.LineSize)
            {
                Machine.Memory.Coherence.CleanToPoU(line);
                yield return OperationCycles;
            }
        }
        cpu.Fetcher.DataSynchronizationBarrier();
        yield return OperationCycles;
        if (!cacheType.Dic && (omissions & PatchingOmissions.InvalidateInstructionCache) == 0)
        {
            for (var line = first; line < end; line += CacheType.LineSize)
            {
                cpu.Fetcher.InvalidateInstructionCacheLine(line);
                yield return OperationCycles;
            }
            cpu.Fetcher.DataSynchronizationBarrier();
            yield return OperationCycles;
        }
        cpu.Fetcher.ContextSynchronize();
        yield return OperationCycles;
    }

    /// <summary>kick_all_cpus_sync: every other CPU takes an IPI (exception entry and return synchronise it); waits for all.</summary>
    public IEnumerable<ulong> KickAllCpusSync(Cpu cpu)
    {
        if ((omissions & PatchingOmissions.SynchronisationRound) != 0) yield break;
        var outstanding = 0;
        foreach (var other in Machine.Cpus)
        {
            if (other == cpu || other.Halted) continue;
            outstanding++;
            host.CallOn(cpu, other.Index, _ => outstanding--);
            yield return OperationCycles;
        }
        while (outstanding > 0) yield return PollCycles;
        SynchronisationRounds++;
    }

    /// <summary>Every change with its cache maintenance, then one synchronisation round for the whole batch.</summary>
    public IEnumerable<ulong> PatchBatch(Cpu cpu, IReadOnlyList<(ulong Address, uint Instruction)> patches)
    {
        foreach (var (address, instruction) in patches)
            foreach (var cost in PatchNosync(cpu, address, instruction)) yield return cost;
        foreach (var cost in KickAllCpusSync(cpu)) yield return cost;
    }

    /// <summary>
    /// aarch64_insn_patch_text under stop_machine: the other CPUs are sent to spin in a stopper until released, the
    /// writes are made (any instruction may change: nobody runs it), then each stopped CPU executes ISB before it
    /// returns, and the call returns once all have.
    /// </summary>
    public IEnumerable<ulong> PatchStopMachine(Cpu cpu, IReadOnlyList<(ulong Address, uint Instruction)> patches)
    {
        var others = Machine.Cpus.Where(c => c != cpu && !c.Halted).ToList();
        var arrived = 0;
        var left = 0;
        var released = false;
        IEnumerable<ulong> Stopper(Cpu stopped)
        {
            arrived++;
            yield return OperationCycles;
            while (!released) yield return PollCycles;
            stopped.Fetcher.ContextSynchronize();
            yield return OperationCycles;
            left++;
        }
        foreach (var other in others)
        {
            host.CallOn(cpu, other.Index, c => c.RunHostWork(Stopper(c)));
            yield return OperationCycles;
        }
        while (arrived < others.Count) yield return PollCycles;
        _stopped = true;
        try
        {
            foreach (var (address, instruction) in patches)
                foreach (var cost in PatchNosync(cpu, address, instruction)) yield return cost;
        }
        finally
        {
            _stopped = false;
        }
        released = true;
        while (left < others.Count) yield return PollCycles;
        StopMachines++;
    }
}
