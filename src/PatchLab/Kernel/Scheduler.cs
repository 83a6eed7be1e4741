using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>
/// The kernel's core on the host side: tasks in emulated memory, per-CPU run queues (round robin), the tick, sleeping
/// and waking, kernel entry from user space (SVC and interrupts) and the final step of kernel exit, the context
/// switch behind __schedule, a kworker running queued work items, and the host calls other parts of the kernel
/// register (<see cref="RegisterHostCall"/>). Exceptions it does not handle go to the <see cref="KernelHost"/>.
/// </summary>
public sealed class Scheduler : IExceptionHandler
{
    public const uint HvcSchedule = 1;
    public const uint HvcWakeUp = 2;
    public const uint HvcTimeout = 3;
    public const uint HvcExit = 4;
    public const uint HvcRetToUser = 5;
    public const uint HvcRetFromIrq = 6;
    public const uint HvcNextWork = 7;
    public const uint HvcSignal = 8;

    private const ulong ModeNone = 0;

    /// <summary>Cycles charged for a context switch, a wake-up and a tick's bookkeeping (the C parts).</summary>
    private const ulong SwitchCycles = 200;

    private readonly KernelHost _host;
    private readonly Dictionary<uint, Action<Cpu>> _hostCalls = [];
    private readonly List<KernelTask> _tasks = [];
    private readonly KernelTask[] _current;
    private readonly KernelTask[] _idle;
    private readonly Queue<KernelTask>[] _runQueues;
    private readonly Queue<Func<Cpu, IEnumerable<ulong>>> _work = new();
    private readonly List<(ulong DueNs, Func<Cpu, IEnumerable<ulong>> Work)> _delayedWork = [];
    private readonly ulong _retFromFork, _el0Svc, _retToUser, _retFromIrqPreempt, _doIdle;
    private readonly ulong _textStart, _textEnd;

    public Scheduler(KernelHost host, KernelImage image, KernelConfig config)
    {
        _host = host;
        Image = image;
        Config = config;
        TickNs = host.Machine.Options.TimerPeriodNs;
        if (TickNs == 0) throw new ArgumentException("the kernel needs a timer tick (MachineOptions.TimerPeriodNs)", nameof(host));
        var cpus = host.Machine.Cpus.Count;
        _current = new KernelTask[cpus];
        _idle = new KernelTask[cpus];
        _runQueues = [.. Enumerable.Range(0, cpus).Select(_ => new Queue<KernelTask>())];
        _retFromFork = image.Symbol("ret_from_fork");
        _el0Svc = image.Symbol("el0_svc");
        _retToUser = image.Symbol("ret_to_user");
        _retFromIrqPreempt = image.Symbol("ret_from_irq_preempt");
        _doIdle = image.Symbol("do_idle");
        var text = image.Image.FindSection(".text")!;
        (_textStart, _textEnd) = (text.Address, text.Address + text.Size);
        image.LoadInto(Machine);
        FtraceInitNops();
        host.Machine.Handler = this;
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            var idle = Create($"swapper/{cpu}", TaskKind.Idle, _doIdle, 0, cpu, true);
            _idle[cpu] = idle;
            _current[cpu] = idle;
            var c = Machine.Cpus[cpu];
            LoadContext(c, idle);
            SetFlag(idle, ThreadFlags.NeedResched);
        }
        Kworker = CreateKernelThread("kworker/0", "worker_thread", 0, cpu: 0);
    }

    public AArch64Machine Machine => _host.Machine;
    public KernelHost Host => _host;
    public KernelImage Image { get; }
    public KernelConfig Config { get; }
    public ulong TickNs { get; }
    public KernelTask Kworker { get; }
    public IReadOnlyList<KernelTask> Tasks => _tasks;
    public ulong ContextSwitches { get; private set; }

    /// <summary>Every task but the idle tasks (for_each_process_thread).</summary>
    public IEnumerable<KernelTask> Threads => _tasks.Where(t => t.Kind != TaskKind.Idle && !t.Exited);

    public KernelTask IdleTask(int cpu) => _idle[cpu];

    /// <summary>The task running on <paramref name="cpu"/> (rq->curr).</summary>
    public KernelTask Current(int cpu) => _current[cpu];

    /// <summary>task_curr: whether the task is running on some CPU.</summary>
    public bool IsRunning(KernelTask task) => _current[task.Cpu] == task;

    /// <summary>Whether an address lies in the kernel's text (__kernel_text_address).</summary>
    public bool IsKernelText(ulong address) => address >= _textStart && address < _textEnd;

    /// <summary>Lets another part of the kernel take the HVC with this immediate.</summary>
    public void RegisterHostCall(uint immediate, Action<Cpu> handler) => _hostCalls.Add(immediate, handler);

    public KernelTask CreateKernelThread(string name, string function, ulong argument, int cpu = -1) =>
        Enqueue(Create(name, TaskKind.KernelThread, Image.Symbol(function), argument, cpu < 0 ? NextCpu() : cpu, cpu >= 0));

    /// <summary>A user task that starts at <paramref name="entry"/> in user mode with its own user stack.</summary>
    public KernelTask CreateUserTask(string name, string entry, int cpu = -1)
    {
        var task = Create(name, TaskKind.User, 0, 0, cpu < 0 ? NextCpu() : cpu, cpu >= 0);
        Write(task.PtRegs + TaskLayout.PtRegsPc, 8, Image.Symbol(entry));
        Write(task.PtRegs + TaskLayout.PtRegsSp, 8, task.Address + TaskLayout.UserStackTop);
        Write(task.PtRegs + TaskLayout.PtRegsPstate, 8, 0);
        return Enqueue(task);
    }

    private int NextCpu() => _tasks.Count(t => t.Kind != TaskKind.Idle) % _current.Length;

    private KernelTask Create(string name, TaskKind kind, ulong function, ulong argument, int cpu, bool pinned)
    {
        var address = TaskLayout.Region + (ulong)_tasks.Count * TaskLayout.SlotSize;
        Machine.Memory.Map(address, TaskLayout.SlotSize, PagePermissions.ReadWrite);
        var task = new KernelTask(_tasks.Count, name, kind, address, cpu, pinned);
        _tasks.Add(task);
        Write(address + TaskLayout.PatchState, 4, unchecked((uint)PatchState.Idle));
        Write(address + TaskLayout.Pid, 4, (ulong)task.Pid);
        Write(address + TaskLayout.CpuField, 4, (ulong)cpu);
        Write(task.PtRegs + TaskLayout.StackFrameType, 8, TaskLayout.FrameMetaFinal);
        // cpu_context: a new task's first switch lands in ret_from_fork with x19 = function, x20 = argument.
        var context = address + TaskLayout.CpuContext;
        Write(context, 8, function);
        Write(context + 8, 8, argument);
        Write(context + TaskLayout.ContextFp, 8, task.FinalFrame);
        Write(context + TaskLayout.ContextSp, 8, task.PtRegs);
        Write(context + TaskLayout.ContextPc, 8, _retFromFork);
        return task;
    }

    /// <summary>Called for every new task before it first runs (where klp_copy_process would act).</summary>
    public event Action<KernelTask>? Created;

    private KernelTask Enqueue(KernelTask task)
    {
        Created?.Invoke(task);
        _runQueues[task.Cpu].Enqueue(task);
        Resched(task.Cpu, null);
        return task;
    }

    // ---- memory of the task structure ----

    public ulong Read(ulong address, int size) => Machine.Memory.Read(address, size);

    public void Write(ulong address, int size, ulong value) => Machine.Memory.Write(address, size, value, -1, 0);

    public ThreadFlags Flags(KernelTask task) => (ThreadFlags)Read(task.Address + TaskLayout.Flags, 8);

    public void SetFlag(KernelTask task, ThreadFlags flag) => Write(task.Address + TaskLayout.Flags, 8, (ulong)(Flags(task) | flag));

    public void ClearFlag(KernelTask task, ThreadFlags flag) => Write(task.Address + TaskLayout.Flags, 8, (ulong)(Flags(task) & ~flag));

    public uint State(KernelTask task) => (uint)Read(task.Address + TaskLayout.State, 4);

    public void SetState(KernelTask task, uint state) => Write(task.Address + TaskLayout.State, 4, state);

    public PatchState GetPatchState(KernelTask task) => (PatchState)(int)(uint)Read(task.Address + TaskLayout.PatchState, 4);

    public void SetPatchState(KernelTask task, PatchState state) => Write(task.Address + TaskLayout.PatchState, 4, unchecked((uint)state));

    /// <summary>The saved (pc, fp) of a task that is not running: where its unwind starts.</summary>
    public (ulong Pc, ulong Fp) SavedFrame(KernelTask task)
    {
        var context = task.Address + TaskLayout.CpuContext;
        return (Read(context + TaskLayout.ContextPc, 8), Read(context + TaskLayout.ContextFp, 8));
    }

    // ---- work items ----

    /// <summary>queue_work on the kworker: the work runs as host work on CPU 0 in the kworker's context.</summary>
    public void QueueWork(Func<Cpu, IEnumerable<ulong>> work)
    {
        _work.Enqueue(work);
        WakeUp(Kworker, TaskState.Interruptible | TaskState.Uninterruptible);
    }

    /// <summary>schedule_delayed_work: queued once virtual time passes <paramref name="dueNs"/>.</summary>
    public void QueueDelayedWork(ulong dueNs, Func<Cpu, IEnumerable<ulong>> work) => _delayedWork.Add((dueNs, work));

    // ---- sleeping and waking ----

    /// <summary>wake_up_state: wakes the task if its state matches <paramref name="states"/>; true if it did.</summary>
    public bool WakeUp(KernelTask task, uint states = TaskState.Interruptible | TaskState.Uninterruptible)
    {
        if (task.Exited) return false;
        var state = State(task);
        if (state == TaskState.Running || (state & states) == 0)
        {
            return false;
        }
        SetState(task, TaskState.Running);
        task.TimeoutNs = ulong.MaxValue;
        if (task.Runnable) return true;   // between set_current_state and schedule: it simply keeps running
        task.Runnable = true;
        _runQueues[task.Cpu].Enqueue(task);
        Resched(task.Cpu, null);
        return true;
    }

    /// <summary>Asks a CPU to reschedule: NEED_RESCHED on its current task, and an IPI if it is idle elsewhere.</summary>
    public void Resched(int cpu, Cpu? from)
    {
        var current = _current[cpu];
        if (current.Kind != TaskKind.Idle) return;   // the tick takes care of busy CPUs
        SetFlag(current, ThreadFlags.NeedResched);
        if (from is not null && from.Index != cpu) _host.CallOn(from, cpu, _ => { });
        else Machine.Cpus[cpu].Waiting = false;
    }

    /// <summary>wake_up_if_idle: an idle CPU goes around its idle loop (through schedule_idle) once.</summary>
    public void WakeUpIfIdle(Cpu from, int cpu)
    {
        if (_current[cpu].Kind == TaskKind.Idle) Resched(cpu, from);
    }

    /// <summary>Kicks a running task's CPU so that it passes through its exception return path.</summary>
    public void Kick(Cpu from, KernelTask task)
    {
        if (IsRunning(task) && task.Cpu != from.Index) _host.CallOn(from, task.Cpu, _ => { });
    }

    // ---- exceptions ----

    public void Handle(Cpu cpu, in CpuException exception)
    {
        switch (exception.Kind)
        {
            case ExceptionKind.Interrupt:
                if (exception.Interrupt == InterruptSource.Timer) Tick(cpu);
                else _host.Handle(cpu, exception);
                AfterInterrupt(cpu);
                return;
            case ExceptionKind.SupervisorCall when cpu.ExceptionLevel == 0:
                EnterFromUser(cpu, _el0Svc);
                return;
            case ExceptionKind.HypervisorCall:
                HostCall(cpu, exception.Immediate);
                return;
            default:
                throw new MachineStopException($"cpu{cpu.Index} ({_current[cpu.Index]}): {exception.Describe()}");
        }
    }

    private void HostCall(Cpu cpu, uint immediate)
    {
        var current = _current[cpu.Index];
        switch (immediate)
        {
            case HvcSchedule:
                Schedule(cpu, cpu.X(0));
                break;
            case HvcWakeUp:
                WakeUp(TaskAt(cpu.X(0)));
                break;
            case HvcTimeout:
                current.TimeoutNs = cpu.VirtualTimeNs + cpu.X(0) * TickNs;
                break;
            case HvcExit:
                current.Exited = true;
                current.Runnable = false;
                Switch(cpu, current, PickNext(cpu.Index, current), save: false);
                break;
            case HvcRetToUser:
                RestoreUser(cpu, current);
                break;
            case HvcRetFromIrq:
                RestoreKernel(cpu);
                break;
            case HvcNextWork when _work.Count > 0:
                cpu.SetX(0, 1);
                cpu.RunHostWork(_work.Dequeue()(cpu));
                break;
            case HvcNextWork:
                SetState(current, TaskState.Interruptible);
                cpu.SetX(0, 0);
                break;
            case HvcSignal:
                ClearFlag(current, ThreadFlags.SigPending | ThreadFlags.NotifySignal);
                break;
            default:
                if (!_hostCalls.TryGetValue(immediate, out var handler))
                    throw new MachineStopException($"cpu{cpu.Index} ({current}): unknown host call hvc #{immediate} at 0x{cpu.Pc - 4:x}");
                handler(cpu);
                break;
        }
    }

    private KernelTask TaskAt(ulong address) =>
        _tasks.Find(t => t.Address == address) ?? throw new MachineStopException($"0x{address:x} is not a task");

    /// <summary>scheduler_tick and the timers: timeouts expire, delayed work is queued, a busy CPU with waiting tasks reschedules.</summary>
    private void Tick(Cpu cpu)
    {
        var now = cpu.VirtualTimeNs;
        foreach (var task in _tasks)
            if (task.TimeoutNs <= now) WakeUp(task);
        for (var i = 0; i < _delayedWork.Count; i++)
        {
            if (_delayedWork[i].DueNs > now) continue;
            QueueWork(_delayedWork[i].Work);
            _delayedWork.RemoveAt(i--);
        }
        var current = _current[cpu.Index];
        if (current.Kind != TaskKind.Idle && _runQueues[cpu.Index].Count > 0) SetFlag(current, ThreadFlags.NeedResched);
        cpu.Counters.HostCycles += SwitchCycles / 4;
    }

    /// <summary>Returning from an interrupt: to user space through ret_to_user when there is work; in kernel mode, preemption under full preemption.</summary>
    private void AfterInterrupt(Cpu cpu)
    {
        var current = _current[cpu.Index];
        if ((Flags(current) & ThreadFlags.WorkMask) == 0) return;
        if (cpu.ExceptionLevel == 0)
        {
            EnterFromUser(cpu, _retToUser);
            return;
        }
        if (!Config.PreemptFull || current.Kind == TaskKind.Idle || (Flags(current) & ThreadFlags.NeedResched) == 0) return;
        if (cpu.HostWork is not null || Read(current.Address + TaskLayout.PreemptCount, 8) != 0) return;
        PreemptIrq(cpu, current);
    }

    /// <summary>Kernel entry from EL0: the user state goes into the task's pt_regs, x29 to its final frame record.</summary>
    private void EnterFromUser(Cpu cpu, ulong continueAt)
    {
        var task = _current[cpu.Index];
        var regs = task.PtRegs;
        for (var i = 0; i < 31; i++) Write(regs + (ulong)i * 8, 8, cpu.X(i));
        Write(regs + TaskLayout.PtRegsSp, 8, cpu.SpEl0);
        Write(regs + TaskLayout.PtRegsPc, 8, cpu.Pc);
        Write(regs + TaskLayout.PtRegsPstate, 8, cpu.Nzcv);
        cpu.ExceptionLevel = 1;
        cpu.SpSel = true;
        cpu.SpEl1 = regs;
        cpu.SpEl0 = task.Address;
        cpu.SetX(29, task.FinalFrame);
        cpu.Daif = 0;
        cpu.Pc = continueAt;
    }

    private void RestoreUser(Cpu cpu, KernelTask task)
    {
        var regs = task.PtRegs;
        for (var i = 0; i < 31; i++) cpu.SetX(i, Read(regs + (ulong)i * 8, 8));
        cpu.Pc = Read(regs + TaskLayout.PtRegsPc, 8);
        cpu.Nzcv = (uint)Read(regs + TaskLayout.PtRegsPstate, 8) & 0xf000_0000;
        cpu.SpEl0 = Read(regs + TaskLayout.PtRegsSp, 8);
        cpu.SpEl1 = task.StackTop;
        cpu.ExceptionLevel = 0;
        cpu.Daif = 0;
    }

    /// <summary>An interrupt preempting kernel code: pt_regs pushed on the kernel stack with a PT_REGS meta frame record.</summary>
    private void PreemptIrq(Cpu cpu, KernelTask task)
    {
        var regs = cpu.SpEl1 - TaskLayout.PtRegsSize;
        for (var i = 0; i < 31; i++) Write(regs + (ulong)i * 8, 8, cpu.X(i));
        Write(regs + TaskLayout.PtRegsSp, 8, cpu.SpEl1);
        Write(regs + TaskLayout.PtRegsPc, 8, cpu.Pc);
        Write(regs + TaskLayout.PtRegsPstate, 8, cpu.Nzcv | 5);
        Write(regs + TaskLayout.StackFrame, 8, 0);
        Write(regs + TaskLayout.StackFrame + 8, 8, 0);
        Write(regs + TaskLayout.StackFrameType, 8, TaskLayout.FrameMetaPtRegs);
        cpu.SpEl1 = regs;
        cpu.SetX(29, regs + TaskLayout.StackFrame);
        cpu.Pc = _retFromIrqPreempt;
        ClearFlag(task, ThreadFlags.NeedResched);
        Switch(cpu, task, PickNext(cpu.Index, task), save: true);
    }

    private void RestoreKernel(Cpu cpu)
    {
        var regs = cpu.SpEl1;
        for (var i = 0; i < 31; i++) cpu.SetX(i, Read(regs + (ulong)i * 8, 8));
        cpu.Pc = Read(regs + TaskLayout.PtRegsPc, 8);
        cpu.Nzcv = (uint)Read(regs + TaskLayout.PtRegsPstate, 8) & 0xf000_0000;
        cpu.SpEl1 = Read(regs + TaskLayout.PtRegsSp, 8);
        cpu.Daif = 0;
    }

    /// <summary>__schedule: a task whose state is not TASK_RUNNING sleeps (unless a signal is pending for an interruptible sleep); the next task runs.</summary>
    private void Schedule(Cpu cpu, ulong mode)
    {
        var prev = _current[cpu.Index];
        var state = State(prev);
        if (mode == ModeNone && prev.Kind != TaskKind.Idle && state != TaskState.Running)
        {
            if ((state & TaskState.Interruptible) != 0 && (Flags(prev) & (ThreadFlags.SigPending | ThreadFlags.NotifySignal)) != 0)
                SetState(prev, TaskState.Running);
            else
                prev.Runnable = false;
        }
        ClearFlag(prev, ThreadFlags.NeedResched);
        Switch(cpu, prev, PickNext(cpu.Index, prev), save: true);
    }

    private KernelTask PickNext(int cpu, KernelTask prev)
    {
        var queue = _runQueues[cpu];
        if (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (prev.Runnable && prev.Kind != TaskKind.Idle && !prev.Exited) queue.Enqueue(prev);
            return next;
        }
        return prev.Runnable && !prev.Exited ? prev : _idle[cpu];
    }

    /// <summary>cpu_switch_to: callee-saved registers, fp, sp and pc into prev's cpu_context; next's loaded.</summary>
    private void Switch(Cpu cpu, KernelTask prev, KernelTask next, bool save)
    {
        cpu.Counters.HostCycles += SwitchCycles;
        if (next == prev) return;
        ContextSwitches++;
        if (save)
        {
            var context = prev.Address + TaskLayout.CpuContext;
            for (var i = 0; i < 11; i++) Write(context + (ulong)i * 8, 8, cpu.X(19 + i));
            Write(context + TaskLayout.ContextSp, 8, cpu.SpEl1);
            Write(context + TaskLayout.ContextPc, 8, cpu.Pc);
        }
        _current[cpu.Index] = next;
        Machine.Trace?.Running(cpu.Index, cpu.VirtualTimeNs, next.Name);
        LoadContext(cpu, next);
        Switched?.Invoke(cpu, prev, next);
    }

    private void LoadContext(Cpu cpu, KernelTask next)
    {
        var context = next.Address + TaskLayout.CpuContext;
        for (var i = 0; i < 11; i++) cpu.SetX(19 + i, Read(context + (ulong)i * 8, 8));
        cpu.SpEl1 = Read(context + TaskLayout.ContextSp, 8);
        cpu.Pc = Read(context + TaskLayout.ContextPc, 8);
        cpu.SpEl0 = next.Address;
        cpu.ExceptionLevel = 1;
        cpu.SpSel = true;
        cpu.Daif = 0;
        next.Cpu = cpu.Index;
    }

    /// <summary>Called after every context switch (prev was switched out on the CPU).</summary>
    public event Action<Cpu, KernelTask, KernelTask>? Switched;

    /// <summary>ftrace_init: the first NOP of every patchable function entry becomes MOV X9, X30 at boot.</summary>
    private void FtraceInitNops()
    {
        var section = Image.Image.FindSection("__patchable_function_entries");
        if (section is null) return;
        for (var i = 0; i + 8 <= section.Data.Length; i += 8)
        {
            var entry = BitConverter.ToUInt64(section.Data, i);
            Machine.Memory.Load(entry, BitConverter.GetBytes(MovX9X30));
        }
    }

    /// <summary>MOV X9, X30: the first slot of an ftrace site, saving the return address for ftrace_caller.</summary>
    public const uint MovX9X30 = 0xaa1e03e9;
}
