namespace PatchLab.Kernel;

/// <summary>The task structure's layout and the constants kernel.S defines, for the host side.</summary>
public static class TaskLayout
{
    public const int Flags = 0;
    public const int PreemptCount = 8;
    public const int State = 16;
    public const int PatchState = 20;
    public const int Pid = 24;
    public const int CpuField = 28;
    public const int CpuContext = 32;

    /// <summary>Offsets in cpu_context of the saved fp, sp and pc (after x19–x28).</summary>
    public const ulong ContextFp = 80;
    public const ulong ContextSp = 88;
    public const ulong ContextPc = 96;
    public const int Size = 256;

    public const int PtRegsSize = 304;
    public const int PtRegsSp = 248;
    public const int PtRegsPc = 256;
    public const int PtRegsPstate = 264;
    public const int StackFrame = 272;
    public const int StackFrameType = 288;
    public const ulong FrameMetaFinal = 1;
    public const ulong FrameMetaPtRegs = 2;

    /// <summary>Each task's slot: the task structure, then its kernel stack, then (user tasks) its user stack.</summary>
    public const ulong SlotSize = 0x8000;
    public const ulong KernelStackBase = 0x1000;
    public const ulong KernelStackSize = 0x4000;
    public const ulong UserStackTop = SlotSize;

    /// <summary>Where task slots live (the linear map).</summary>
    public const ulong Region = 0xffff000010000000;
}

/// <summary>Thread flags (thread_info.flags) as bit masks.</summary>
[Flags]
public enum ThreadFlags : ulong
{
    None = 0,
    SigPending = 1 << 0,
    NeedResched = 1 << 1,
    NotifyResume = 1 << 2,
    NotifySignal = 1 << 6,
    PatchPending = 1 << 13,
    WorkMask = SigPending | NeedResched | NotifyResume | NotifySignal | PatchPending,
}

/// <summary>Task states (task_struct.__state).</summary>
public static class TaskState
{
    public const uint Running = 0;
    public const uint Interruptible = 1;
    public const uint Uninterruptible = 2;
    public const uint Freezable = 0x2000;
}

/// <summary>task->patch_state: KLP_TRANSITION_IDLE (no transition), UNPATCHED, PATCHED.</summary>
public enum PatchState
{
    Idle = -1,
    Unpatched = 0,
    Patched = 1,
}

public enum TaskKind
{
    KernelThread,
    User,
    Idle,
}

/// <summary>
/// A task as the host side tracks it; its thread flags, state, patch state and saved registers live in the task
/// structure in emulated memory at <see cref="Address"/> (what SP_EL0 holds while it runs).
/// </summary>
public sealed class KernelTask
{
    internal KernelTask(int pid, string name, TaskKind kind, ulong address, int cpu, bool pinned)
    {
        Pid = pid;
        Name = name;
        Kind = kind;
        Address = address;
        Cpu = cpu;
        Pinned = pinned;
    }

    public int Pid { get; }
    public string Name { get; }
    public TaskKind Kind { get; }
    public ulong Address { get; }

    /// <summary>The CPU whose run queue holds the task.</summary>
    public int Cpu { get; internal set; }

    public bool Pinned { get; }
    public ulong StackBottom => Address + TaskLayout.KernelStackBase;
    public ulong StackTop => StackBottom + TaskLayout.KernelStackSize;
    public ulong PtRegs => StackTop - TaskLayout.PtRegsSize;

    /// <summary>The final frame record, in the pt_regs at the top of the stack: where every reliable unwind ends.</summary>
    public ulong FinalFrame => PtRegs + TaskLayout.StackFrame;

    /// <summary>Runnable (on a run queue or running), as opposed to sleeping or dead.</summary>
    public bool Runnable { get; internal set; } = true;

    public bool Exited { get; internal set; }

    /// <summary>When a schedule_timeout sleep ends, in virtual ns; ulong.MaxValue for none.</summary>
    internal ulong TimeoutNs = ulong.MaxValue;

    public override string ToString() => $"{Name}:{Pid}";
}
