using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>A reliable stack trace, or why the unwinder refused to give one.</summary>
public sealed record StackTrace(IReadOnlyList<ulong> Entries, string? Refusal)
{
    public bool Reliable => Refusal is null;
}

/// <summary>
/// arch_stack_walk_reliable on frame records (arm64 with frame pointers): from the task's pc and x29, follow each
/// {previous x29, return address} record up the task's kernel stack until the final frame record in its pt_regs.
/// It refuses — the trace is unreliable — when a record lies outside the stack or does not go up it, a return
/// address is not kernel text, the chain ends anywhere but at the final record, an exception's pt_regs (a
/// PT_REGS meta record) is in the way, or there are more than 100 entries.
/// </summary>
public sealed class ReliableStacktrace(Scheduler scheduler)
{
    public const int MaxEntries = 100;

    /// <summary>The trace of a task that is not running, or of the one running on <paramref name="self"/> (current).</summary>
    public StackTrace Walk(KernelTask task, Cpu? self = null)
    {
        var (pc, fp) = self is not null ? (self.Pc, self.X(29)) : scheduler.SavedFrame(task);
        var entries = new List<ulong>();
        if (!scheduler.IsKernelText(pc)) return new StackTrace(entries, $"pc 0x{pc:x} is not kernel text");
        entries.Add(pc);
        while (true)
        {
            if (fp < task.StackBottom || fp + 24 > task.StackTop || (fp & 15) != 0)
                return new StackTrace(entries, $"frame record 0x{fp:x} is not on the task's stack");
            var previous = scheduler.Read(fp, 8);
            var returnAddress = scheduler.Read(fp + 8, 8);
            if (previous == 0 && returnAddress == 0)
            {
                var type = scheduler.Read(fp + 16, 8);
                if (type == TaskLayout.FrameMetaFinal && fp == task.FinalFrame) return new StackTrace(entries, null);
                return new StackTrace(entries, type == TaskLayout.FrameMetaPtRegs
                    ? $"exception frame at 0x{fp:x}"
                    : $"the frame chain ends at 0x{fp:x}, not at the final frame record 0x{task.FinalFrame:x}");
            }
            if (previous <= fp) return new StackTrace(entries, $"frame record 0x{fp:x} links down the stack to 0x{previous:x}");
            if (!scheduler.IsKernelText(returnAddress)) return new StackTrace(entries, $"return address 0x{returnAddress:x} is not kernel text");
            if (entries.Count == MaxEntries) return new StackTrace(entries, "more than 100 entries");
            entries.Add(returnAddress);
            fp = previous;
        }
    }
}
