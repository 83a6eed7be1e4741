using PatchLab.Arm64;

namespace PatchLab.Machine;

/// <summary>
/// How a machine is built and scheduled. Every random choice (quantum lengths, cache evictions) comes from
/// <see cref="Seed"/>: the same options give the same run, bit for bit.
/// </summary>
public sealed record MachineOptions
{
    public int Cpus { get; init; } = 1;

    /// <summary>Instructions per second of virtual time, per CPU (one instruction per cycle).</summary>
    public ulong ClockHz { get; init; } = 1_000_000_000;

    /// <summary>CNTFRQ_EL0: the generic timer's counter frequency.</summary>
    public ulong CounterHz { get; init; } = 100_000_000;

    public int Seed { get; init; } = 1;

    public CacheType CacheType { get; init; } = CacheType.Default;

    public CmodxList CmodxList { get; init; } = CmodxList.Strict;

    /// <summary>Quanta are drawn uniformly from [QuantumMin, QuantumMax] instructions.</summary>
    public int QuantumMin { get; init; } = 1;

    public int QuantumMax { get; init; } = 64;

    /// <summary>Chance, after each quantum, that the memory system writes back a line or a CPU drops a cached one.</summary>
    public double EvictionChance { get; init; } = 0.05;

    /// <summary>Per-CPU timer interrupt period in virtual nanoseconds; 0 for none.</summary>
    public ulong TimerPeriodNs { get; init; }

    public bool StopAtFirstViolation { get; init; }

    /// <summary>Checks every executed instruction against concurrent modification (the CMODX checker).</summary>
    public bool CheckCmodx { get; init; } = true;

    /// <summary>
    /// Compiles hot runs of instructions into host code (see <see cref="Execution.CompiledBlock"/>). They compute
    /// exactly what interpreting does, so this changes speed only; off, every instruction is interpreted.
    /// </summary>
    public bool CompileBlocks { get; init; } = true;
}

/// <summary>An instruction executed while it was being modified, where old and new are not both on the CMODX list.</summary>
public readonly record struct CmodxViolation(int ExecutingCpu, int WriterCpu, ulong Address, uint OldWord, uint NewWord,
    uint ExecutedWord, ulong VirtualTimeNs)
{
    public override string ToString() =>
        $"CMODX violation at 0x{Address:x}: cpu{ExecutingCpu} executed 0x{ExecutedWord:x8} while cpu{WriterCpu} changed " +
        $"0x{OldWord:x8} to 0x{NewWord:x8} ({VirtualTimeNs} ns)";
}
