using System.Runtime.CompilerServices;
using PatchLab.Machine.Execution;

namespace PatchLab.Machine;

/// <summary>Why <see cref="AArch64Machine.Run"/> returned.</summary>
public enum StopReason
{
    AllHalted,
    TimeLimit,
    Requested,
    Violation,
    Deadlock,
}

/// <summary>
/// An emulated multi-CPU AArch64 machine: memory, CPUs, the modelled instruction fetch, interrupts, and a
/// deterministic scheduler that runs the CPU furthest behind in virtual time for a quantum of seeded random length.
/// </summary>
public sealed class AArch64Machine
{
    private readonly Random _random;
    private readonly Cpu[] _cpus;
    private readonly HashSet<(int Cpu, ulong Sequence)> _reported = [];
    private readonly ulong _timerPeriodCycles;
    private readonly bool _compileBlocks;
    private bool _stopRequested;

    public AArch64Machine(MachineOptions options)
    {
        if (options.Cpus is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(options), options.Cpus, "CPUs must be 1 to 64");
        Options = options;
        Memory = new Memory(new CodeCoherence(options.CacheType));
        _random = new Random(options.Seed);
        _cpus = new Cpu[options.Cpus];
        for (var i = 0; i < _cpus.Length; i++) _cpus[i] = new Cpu(i, this);
        _timerPeriodCycles = options.TimerPeriodNs == 0 ? 0 : NsToCycles(options.TimerPeriodNs);
        // A natively compiled patchlab cannot emit code: it interprets every instruction, with the same results.
        _compileBlocks = options.CompileBlocks && System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;
        if (_timerPeriodCycles != 0)
            foreach (var cpu in _cpus) cpu.TimerDeadline = _timerPeriodCycles;
    }

    public MachineOptions Options { get; }
    public Memory Memory { get; }
    public IReadOnlyList<Cpu> Cpus => _cpus;
    public IExceptionHandler? Handler { get; set; }
    public List<CmodxViolation> Violations { get; } = [];

    /// <summary>Where what happens on the machine is reported for a timeline; none by default.</summary>
    public ITraceSink? Trace { get; set; }

    /// <summary>A hash of the schedule and each quantum's end state: equal hashes for equal runs.</summary>
    public ulong TraceHash { get; private set; } = 14695981039346656037UL;

    public ulong CyclesToNs(ulong cycles) => (ulong)((UInt128)cycles * 1_000_000_000UL / Options.ClockHz);

    public ulong NsToCycles(ulong ns) => (ulong)((UInt128)ns * Options.ClockHz / 1_000_000_000UL);

    public ulong CounterTicks(Cpu cpu) => (ulong)((UInt128)cpu.VirtualTimeNs * Options.CounterHz / 1_000_000_000UL);

    /// <summary>Ends <see cref="Run"/> after the current instruction.</summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>Runs until every CPU has halted, a CPU reaches <paramref name="untilNs"/> of virtual time, or a stop.</summary>
    public StopReason Run(ulong untilNs = ulong.MaxValue)
    {
        try
        {
            return Schedule(untilNs);
        }
        finally
        {
            if (Trace is { } trace)
                foreach (var c in _cpus) trace.Stopped(c.Index, c.VirtualTimeNs);
        }
    }

    private StopReason Schedule(ulong untilNs)
    {
        var limit = untilNs == ulong.MaxValue ? ulong.MaxValue : NsToCycles(untilNs);
        _stopRequested = false;
        while (true)
        {
            var cpu = Earliest();
            if (cpu is null) return StopReason.AllHalted;
            if (cpu.Cycles >= limit) return StopReason.TimeLimit;
            if (cpu.HostWork is not null) cpu.StepHostWork();
            else if (cpu.Waiting && !Idle(cpu, limit)) return StopReason.Deadlock;
            else if (!cpu.Waiting) RunQuantum(cpu, _random.Next(Options.QuantumMin, Options.QuantumMax + 1), limit);
            TraceHash = (TraceHash ^ (ulong)cpu.Index ^ (cpu.Pc << 8) ^ (cpu.Cycles << 40)) * 1099511628211UL;
            if (_stopRequested)
                return Options.StopAtFirstViolation && Violations.Count > 0 ? StopReason.Violation : StopReason.Requested;
            if (Options.EvictionChance > 0 && _random.NextDouble() < Options.EvictionChance)
            {
                Memory.Coherence.CleanOneAtRandom(_random);
                _cpus[_random.Next(_cpus.Length)].Fetcher.EvictOneAtRandom(_random);
            }
        }
    }

    private Cpu? Earliest()
    {
        Cpu? best = null;
        foreach (var c in _cpus)
            if (!c.Halted && (best is null || c.Cycles < best.Cycles)) best = c;
        return best;
    }

    /// <summary>A waiting CPU skips ahead to its next event: its timer, or the time the next other CPU has reached.</summary>
    private bool Idle(Cpu cpu, ulong limit)
    {
        var wake = cpu.TimerDeadline;
        var othersRunning = false;
        foreach (var c in _cpus)
        {
            if (c == cpu || c.Halted || c.Waiting) continue;
            othersRunning = true;
            wake = Math.Min(wake, c.Cycles + 1);
        }
        if (wake == ulong.MaxValue)
        {
            if (!othersRunning && limit == ulong.MaxValue) return false;
            wake = limit;
        }
        if (wake > cpu.Cycles) cpu.Counters.IdleCycles += wake - cpu.Cycles;
        if (cpu.Cycles >= cpu.TimerDeadline) RaiseTimer(cpu);
        return true;
    }

    private void RaiseTimer(Cpu cpu)
    {
        cpu.TimerPending = true;
        cpu.Waiting = false;
        while (cpu.TimerDeadline <= cpu.Cycles) cpu.TimerDeadline += _timerPeriodCycles;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunQuantum(Cpu cpu, int budget, ulong limit)
    {
        var fetcher = cpu.Fetcher;
        var coherence = Memory.Coherence;
        FetchedLine? line = null;
        var syncs = -1;
        var checkCmodx = Options.CheckCmodx;
        var i = 0;
        while (i < budget && !cpu.Halted && !cpu.Waiting && cpu.HostWork is null && !_stopRequested)
        {
            i++;
            if (cpu.Cycles >= cpu.TimerDeadline) RaiseTimer(cpu);
            if ((cpu.TimerPending || cpu.IpiPendingFrom >= 0) && !cpu.InterruptsMasked)
            {
                TakeInterrupt(cpu);
                continue;
            }
            if (cpu.Cycles >= limit) return;
            var pc = cpu.Pc;
            if (line is null || line.Address != (pc & ~CacheType.LineMask) || syncs != fetcher.ContextSyncCount)
            {
                try
                {
                    if ((pc & 3) != 0) throw new MemoryFaultException(pc, AccessKind.Fetch, true);
                    line = fetcher.Fetch(pc);
                }
                catch (MemoryFaultException e)
                {
                    TakeException(cpu, new CpuException(ExceptionKind.InstructionAbort, pc, 0, e.Address));
                    line = null;
                    continue;
                }
                syncs = fetcher.ContextSyncCount;
            }
            var index = (int)((pc >> 2) & (CacheType.WordsPerLine - 1));
            var word = line.Words[index];
            ref var decoded = ref line.Decoded[index];
            if (decoded.Execute is null) decoded = Decode(word);
            if (checkCmodx && coherence.WriteSequence > fetcher.LastContextSync) CheckConcurrentModification(cpu, pc, word);
            if (cpu.BranchType != 0)
            {
                var branchType = cpu.BranchType;
                cpu.BranchType = 0;
                if (line.Guarded && !Bti.IsLandingPad(word, branchType))
                {
                    TakeException(cpu, new CpuException(ExceptionKind.BranchTargetFault, pc, word, Immediate: branchType));
                    continue;
                }
            }
            cpu.InGuardedPage = line.Guarded;
            cpu.InstructionAddress = pc;
            cpu.InstructionWord = word;
            cpu.Pc = pc + 4;
            var instructions = ++cpu.Counters.Instructions;
            try
            {
                decoded.Execute(cpu, word);
                if (decoded.ChangesControlState || syncs != fetcher.ContextSyncCount || _stopRequested) continue;
                // Nothing the checks above look at has changed but the PC and the clock: run straight on up to the
                // quantum's end, the timer's deadline or the run's limit, whichever comes first.
                var until = Math.Min(limit, cpu.TimerDeadline);
                var cycles = cpu.Cycles;
                if (cycles >= until) continue;
                var count = (int)Math.Min((ulong)(budget - i), until - cycles);
                if (checkCmodx) RunStraight<CheckingCmodx>(cpu, line, syncs, count);
                else RunStraight<NotCheckingCmodx>(cpu, line, syncs, count);
            }
            catch (MemoryFaultException e)
            {
                cpu.Pc = cpu.InstructionAddress;
                TakeException(cpu, new CpuException(ExceptionKind.DataAbort, cpu.InstructionAddress, cpu.InstructionWord, e.Address));
            }
            // Every instruction run straight on counts against the quantum, as it would one at a time.
            i += (int)(cpu.Counters.Instructions - instructions);
        }
    }

    private interface ICmodxChecking
    {
        static abstract bool Enabled { get; }
    }

    private struct CheckingCmodx : ICmodxChecking
    {
        public static bool Enabled => true;
    }

    private struct NotCheckingCmodx : ICmodxChecking
    {
        public static bool Enabled => false;
    }

    /// <summary>
    /// Executes up to <paramref name="count"/> instructions from lines this CPU has already fetched, without the
    /// per-instruction checks of <see cref="RunQuantum"/>, stopping before an instruction those checks could treat
    /// differently: one outside the fetched lines or misaligned, or after one that changed control state, took an
    /// exception, synchronised the context or stopped the run. A fault thrown by an instruction propagates with
    /// <see cref="Cpu.InstructionAddress"/> and <see cref="Cpu.InstructionWord"/> set.
    /// </summary>
    // Its own frame (RunQuantum's exception handler would keep its locals in memory), optimised from the first call:
    // a run spends its time here from the start, too soon for tiered compilation to help.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void RunStraight<TCmodx>(Cpu cpu, FetchedLine line, int syncs, int count)
        where TCmodx : struct, ICmodxChecking
    {
        var fetcher = cpu.Fetcher;
        var executed = 0;
        // Blocks start where control arrives (a branch target, the instruction after a branch or a block, the start
        // of the run), not at each instruction stepped through because a block was too long for what was left.
        var fallThrough = ulong.MaxValue;
        while (executed < count)
        {
            var pc = cpu.Pc;
            var offset = pc - line.Address;
            if ((offset & ~(CacheType.LineMask & ~3UL)) != 0)
            {
                if ((pc & 3) != 0 || fetcher.FindFetched(pc) is not { } next) break;
                line = next;
                offset = pc - line.Address;
                cpu.InGuardedPage = line.Guarded;
            }
            var index = (int)(offset >> 2);
            var block = line.Blocks[index];
            if (block is null && _compileBlocks && pc != fallThrough && ++line.Heat[index] is 1 or CompileThreshold
                && BlockCompiler.Find(line, index, TCmodx.Enabled, compile: line.Heat[index] == CompileThreshold) is { } found)
                block = line.Blocks[index] = found;
            if (block is not null && block.Words.Length <= count - executed)
            {
                var before = cpu.Counters.Instructions;
                block.Run(cpu, syncs, count - executed);
                executed += (int)(cpu.Counters.Instructions - before);
                if (syncs != fetcher.ContextSyncCount || (TCmodx.Enabled && _stopRequested)) break;
                fallThrough = ulong.MaxValue;
                continue;
            }
            var word = line.Words[index];
            ref var decoded = ref line.Decoded[index];
            if (decoded.Execute is null) decoded = Decode(word);
            if (TCmodx.Enabled && Memory.Coherence.WriteSequence > fetcher.LastContextSync)
            {
                CheckConcurrentModification(cpu, pc, word);
                if (_stopRequested) count = executed + 1;
            }
            cpu.InstructionAddress = pc;
            cpu.InstructionWord = word;
            cpu.Pc = pc + 4;
            cpu.Counters.Instructions++;
            executed++;
            fallThrough = pc + 4;
            decoded.Execute(cpu, word);
            if (decoded.ChangesControlState || syncs != fetcher.ContextSyncCount) break;
        }
    }

    internal static Semantic DecodeSemantic(uint word) => Semantics.Find(word) ?? UndefinedInstruction;

    private static DecodedInstruction Decode(uint word)
    {
        var semantic = DecodeSemantic(word);
        return new DecodedInstruction(semantic.Execute, semantic.ChangesControlState);
    }

    /// <summary>
    /// Straight-run steps that start at one word of a fetched line before the block there is compiled (a block
    /// compiled before, for a line fetched again, is found at the first step).
    /// </summary>
    private const int CompileThreshold = 256;

    /// <summary>A compiled block's CMODX check before each instruction, as <see cref="RunStraight"/> makes it.</summary>
    internal static void CheckStraight(Cpu cpu, ulong pc, uint word)
    {
        var machine = cpu.Machine;
        if (machine.Memory.Coherence.WriteSequence > cpu.Fetcher.LastContextSync) machine.CheckConcurrentModification(cpu, pc, word);
    }

    internal static bool StopRequested(Cpu cpu) => cpu.Machine._stopRequested;

    private static readonly Semantic UndefinedInstruction =
        new(-1, "undefined", Arm64.BitPattern.Parse("x".PadRight(32, 'x')), null, (cpu, w) => cpu.Machine.Undefined(cpu, w));

    private void CheckConcurrentModification(Cpu cpu, ulong pc, uint word)
    {
        if (Memory.Coherence.FindConcurrentModification(cpu.Fetcher, pc, Options.CmodxList) is not { } write) return;
        if (!_reported.Add((cpu.Index, write.Sequence))) return;
        var violation = new CmodxViolation(cpu.Index, write.Cpu, pc, write.OldWord, write.NewWord, word, cpu.VirtualTimeNs);
        Violations.Add(violation);
        Trace?.Instant(cpu.Index, violation.VirtualTimeNs, "CMODX violation", violation.ToString());
        if (Options.StopAtFirstViolation) _stopRequested = true;
    }

    /// <summary>An exception taken to the host handler; entry and return synchronise the CPU's context.</summary>
    public void TakeException(Cpu cpu, in CpuException exception)
    {
        cpu.Counters.Exceptions++;
        cpu.Fetcher.ContextSynchronize();
        if (Handler is null) throw new MachineStopException($"cpu{cpu.Index}: {exception.Describe()} with no handler");
        Handler.Handle(cpu, exception);
        cpu.Fetcher.ContextSynchronize();
    }

    private void TakeInterrupt(Cpu cpu)
    {
        cpu.Counters.Interrupts++;
        CpuException e;
        if (cpu.IpiPendingFrom >= 0)
        {
            e = new CpuException(ExceptionKind.Interrupt, cpu.Pc, 0, Interrupt: InterruptSource.InterProcessor, IpiSender: cpu.IpiPendingFrom);
            cpu.IpiPendingFrom = -1;
        }
        else
        {
            e = new CpuException(ExceptionKind.Interrupt, cpu.Pc, 0, Interrupt: InterruptSource.Timer);
            cpu.TimerPending = false;
        }
        TakeException(cpu, e);
    }

    public void Undefined(Cpu cpu, uint word)
    {
        cpu.Pc = cpu.InstructionAddress;
        TakeException(cpu, new CpuException(ExceptionKind.Undefined, cpu.InstructionAddress, word));
    }

    /// <summary>ERET in emulated code: PC from ELR_EL1, PSTATE from SPSR_EL1.</summary>
    public void ExceptionReturn(Cpu cpu)
    {
        cpu.Pc = cpu.ElrEl1;
        var spsr = cpu.SpsrEl1;
        cpu.Nzcv = (uint)spsr & 0xf000_0000;
        cpu.Daif = (uint)spsr & 0x3c0;
        cpu.ExceptionLevel = (int)((spsr >> 2) & 3) == 0 ? 0 : 1;
        cpu.SpSel = (spsr & 1) != 0;
        cpu.Fetcher.ContextSynchronize();
    }

    public void WaitForInterrupt(Cpu cpu)
    {
        if (!cpu.TimerPending && cpu.IpiPendingFrom < 0) cpu.Waiting = true;
    }

    public void WaitForEvent(Cpu cpu)
    {
        if (cpu.EventRegister) cpu.EventRegister = false;
        else if (!cpu.TimerPending && cpu.IpiPendingFrom < 0) cpu.Waiting = true;
    }

    public void SendEvent()
    {
        foreach (var c in _cpus)
        {
            c.EventRegister = true;
            c.Waiting = false;
        }
    }

    /// <summary>Raises an inter-processor interrupt on <paramref name="target"/>.</summary>
    public void SendIpi(int from, int target)
    {
        var cpu = _cpus[target];
        cpu.IpiPendingFrom = from;
        cpu.Waiting = false;
    }

    /// <summary>A store clears other CPUs' exclusive reservations that it overlaps.</summary>
    internal void OnStore(Cpu writer, ulong address, int size)
    {
        foreach (var c in _cpus)
        {
            if (c == writer || c.ExclusiveAddress is not { } reserved) continue;
            if (address < reserved + (ulong)c.ExclusiveSize && reserved < address + (ulong)size) c.ExclusiveAddress = null;
        }
    }
}
