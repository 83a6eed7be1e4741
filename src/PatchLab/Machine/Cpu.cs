using System.Runtime.CompilerServices;

namespace PatchLab.Machine;

/// <summary>Per-CPU event counters, read by benchmarks and cost-per-call measures.</summary>
public struct CpuCounters
{
    public ulong Instructions;
    public ulong Loads;
    public ulong Stores;
    public ulong Branches;
    public ulong IndirectBranches;
    public ulong Exceptions;
    public ulong Interrupts;
    public ulong IdleCycles;

    /// <summary>Cycles spent in host work: kernel code written in C# that runs on this CPU (see <see cref="Cpu.RunHostWork"/>).</summary>
    public ulong HostCycles;
}

/// <summary>
/// One AArch64 CPU's architectural state: X0–X30, the stack pointers, PC, NZCV, DAIF, the exception level, the
/// system registers kernel code uses, the SIMD&amp;FP registers (for save and restore), and the exclusive monitor.
/// </summary>
public sealed class Cpu
{
    /// <summary>X0–X30 inside the CPU object: one load from the CPU reaches a register, with no array in between.</summary>
    [InlineArray(32)]
    private struct GeneralRegisters
    {
        private ulong _first;
    }

    private GeneralRegisters _x;

    internal Cpu(int index, AArch64Machine machine)
    {
        Index = index;
        Machine = machine;
        Memory = machine.Memory;
        Fetcher = new InstructionFetcher(index, machine.Memory);
        MpidrEl1 = 0x8000_0000UL | (uint)index;
    }

    public int Index { get; }
    public AArch64Machine Machine { get; }
    public Memory Memory { get; }
    public InstructionFetcher Fetcher { get; }

    public ulong Pc;

    /// <summary>N, Z, C, V in bits 31–28, as in the NZCV register.</summary>
    public uint Nzcv;

    /// <summary>D, A, I, F in bits 9–6, as in the DAIF register.</summary>
    public uint Daif = 0x3c0;

    /// <summary>0 (user) or 1 (kernel).</summary>
    public int ExceptionLevel = 1;

    /// <summary>PSTATE.SP: at EL1, 1 selects SP_EL1, 0 selects SP_EL0.</summary>
    public bool SpSel = true;

    public ulong SpEl0;
    public ulong SpEl1;

    public ulong TpidrEl0, TpidrroEl0, TpidrEl1;
    public ulong ElrEl1, SpsrEl1, EsrEl1, FarEl1, VbarEl1;
    public ulong SctlrEl1 = 0x30d0_0980;
    public ulong MpidrEl1;
    public ulong Fpcr, Fpsr;

    /// <summary>The 128-bit SIMD&amp;FP registers V0–V31.</summary>
    public readonly UInt128[] V = new UInt128[32];

    /// <summary>Address and size of the exclusive monitor's reservation, or null.</summary>
    public ulong? ExclusiveAddress;

    public int ExclusiveSize;

    /// <summary>In WFI/WFE: not executing until an event or interrupt.</summary>
    public bool Waiting;

    /// <summary>The event register WFE consumes and SEV sets.</summary>
    public bool EventRegister;

    /// <summary>Interrupts raised and not yet taken (timer, IPIs), and who sent the IPI.</summary>
    public bool TimerPending;

    public int IpiPendingFrom = -1;

    /// <summary>The cycle count at which this CPU's timer next fires (ulong.MaxValue: never).</summary>
    public ulong TimerDeadline = ulong.MaxValue;

    /// <summary>The address of the instruction being executed.</summary>
    public ulong InstructionAddress;

    /// <summary>The word of the instruction being executed.</summary>
    public uint InstructionWord;

    /// <summary>PSTATE.BTYPE: what kind of indirect branch brought the CPU here (0 none, 1 BR x16/x17 or unguarded, 2 BLR, 3 BR).</summary>
    public uint BranchType;

    /// <summary>Whether the instruction being executed lies in a BTI-guarded page.</summary>
    public bool InGuardedPage;

    /// <summary>Stopped for good (the program exited, or the run ended it).</summary>
    public bool Halted;

    public CpuCounters Counters;

    /// <summary>Cycles so far (instructions plus idle time skipped); virtual time at the machine's clock rate.</summary>
    public ulong Cycles => Counters.Instructions + Counters.IdleCycles + Counters.HostCycles;

    /// <summary>
    /// Host work this CPU is running instead of its instruction stream: kernel code written in C#, as an iterator
    /// whose every step is one machine operation and yields its cost in cycles. The scheduler interleaves the steps
    /// with the other CPUs' instructions; when the work ends the CPU resumes at <see cref="Pc"/>.
    /// </summary>
    public IEnumerator<ulong>? HostWork { get; private set; }

    /// <summary>Puts <paramref name="work"/> on this CPU; it runs before the CPU executes another instruction.</summary>
    public void RunHostWork(IEnumerable<ulong> work)
    {
        if (HostWork is not null) throw new InvalidOperationException($"cpu{Index} is already running host work");
        HostWork = work.GetEnumerator();
        Waiting = false;
    }

    /// <summary>Runs one step of the host work; false once it has finished.</summary>
    internal bool StepHostWork()
    {
        if (HostWork!.MoveNext())
        {
            Counters.HostCycles += Math.Max(1, HostWork.Current);
            return true;
        }
        HostWork.Dispose();
        HostWork = null;
        return false;
    }

    public ulong VirtualTimeNs => Machine.CyclesToNs(Cycles);

    public ref ulong Sp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref (ExceptionLevel == 0 || !SpSel ? ref SpEl0 : ref SpEl1);
    }

    /// <summary>Xn with register 31 reading as zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong X(int n) => n == 31 ? 0 : Register(n);

    /// <summary>Xn with register 31 reading as the current stack pointer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong XOrSp(int n) => n == 31 ? Sp : Register(n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetX(int n, ulong value)
    {
        if (n != 31) Register(n) = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetXOrSp(int n, ulong value)
    {
        if (n == 31) Sp = value;
        else Register(n) = value;
    }

    /// <summary>X0–X30 without a bounds check on every access: a five-bit register number always lies in the 32 slots.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ulong Register(int n) => ref Unsafe.Add(ref Unsafe.As<GeneralRegisters, ulong>(ref _x), n & 31);

    public bool N => (Nzcv & 0x8000_0000) != 0;
    public bool Z => (Nzcv & 0x4000_0000) != 0;
    public bool C => (Nzcv & 0x2000_0000) != 0;
    public bool V_ => (Nzcv & 0x1000_0000) != 0;

    public bool InterruptsMasked => (Daif & 0x80) != 0;

    /// <summary>The architectural condition check (ConditionHolds in the Arm ARM pseudocode).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ConditionHolds(uint cond)
    {
        var result = (cond >> 1) switch
        {
            0 => Z,
            1 => C,
            2 => N,
            3 => V_,
            4 => C && !Z,
            5 => N == V_,
            6 => N == V_ && !Z,
            _ => true,
        };
        return (cond & 1) != 0 && cond != 15 ? !result : result;
    }

    /// <summary>A data load, counted; faults become aborts delivered by the interpreter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Load(ulong address, int size)
    {
        Counters.Loads++;
        return Memory.Read(address, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ulong address, int size, ulong value)
    {
        Counters.Stores++;
        Memory.Write(address, size, value, Index, Cycles);
        Machine.OnStore(this, address, size);
    }

    public override string ToString() => $"cpu{Index} pc=0x{Pc:x16}";
}
