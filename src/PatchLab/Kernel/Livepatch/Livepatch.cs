using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>A line of the kernel log, at a virtual time.</summary>
public sealed record KernelLogLine(ulong TimeNs, string Text)
{
    public override string ToString() => Text;
}

/// <summary>Where a task's patch state changed.</summary>
public enum SwitchPoint
{
    /// <summary>klp_update_patch_state on the way back to user space.</summary>
    KernelExit,

    /// <summary>klp_update_patch_state in the idle loop.</summary>
    Idle,

    /// <summary>__klp_sched_try_switch: the task checked its own stack at a scheduling point.</summary>
    SchedulerHook,

    /// <summary>klp_try_complete_transition found the task off-CPU with a clean stack.</summary>
    Scan,

    /// <summary>klp_force_transition.</summary>
    Force,
}

public sealed record TaskSwitch(ulong TimeNs, int Pid, string Task, PatchState To, SwitchPoint Where);

/// <summary>How many tasks still had TIF_PATCH_PENDING at a time.</summary>
public sealed record PendingSample(ulong TimeNs, int Pending);

/// <summary>Why klp_try_switch_task left a task alone (its pr_debug lines), counted over a transition.</summary>
public enum SwitchRefusal
{
    Running,
    UnreliableStack,
    SleepingOnFunction,
}

/// <summary>
/// Livepatch with the per-task consistency model, as kernel/livepatch runs it: functions are redirected through
/// their patchable entry (the entry's second NOP becomes a BL to ftrace_caller; the host's klp_ftrace_handler picks
/// the old or the new code by the current task's patch state during a transition); a transition gives every task
/// its initial state and TIF_PATCH_PENDING and completes once every task has switched — at kernel exit, in the
/// idle loop, at the scheduler hook of the chosen strategy, or when the once-a-second retry finds it off-CPU with a
/// reliable stack holding none of the functions going out of use; fake signals from the 15th retry; force; reverse.
/// The operations that change kernel text are work items on the kworker (<see cref="Scheduler.QueueWork"/>).
/// </summary>
public sealed class Livepatch
{
    public const uint HvcUpdatePatchState = 16;
    public const uint HvcTrySwitch = 17;
    public const uint HvcFtrace = 18;

    /// <summary>klp_send_signals runs on every 15th retry.</summary>
    public const int SignalsTimeout = 15;

    public const ulong RetryNs = 1_000_000_000;

    private const int Einval = 22;
    private const int Ebusy = 16;

    /// <summary>Cycles of host work charged per task that klp_try_complete_transition or a force looks at.</summary>
    private const ulong TaskCheckCycles = 100;

    private readonly Scheduler _scheduler;
    private readonly TextPatcher _patcher;
    private readonly ISwitchPointHook _hook;
    private readonly ReliableStacktrace _unwinder;
    private readonly Dictionary<ulong, List<KlpFunc>> _ops = [];
    private readonly ulong _ftraceCaller;
    private readonly ulong _doNotifyResume;
    private int _signalsCount;

    public Livepatch(Scheduler scheduler, TextPatcher patcher, ISwitchPointHook hook)
    {
        _scheduler = scheduler;
        _patcher = patcher;
        _hook = hook;
        _unwinder = new ReliableStacktrace(scheduler);
        _ftraceCaller = scheduler.Image.Symbol("ftrace_caller");
        _doNotifyResume = scheduler.Image.Symbol("do_notify_resume");
        Checker = new ConsistencyChecker(scheduler, _unwinder, this);
        scheduler.RegisterHostCall(HvcUpdatePatchState, UpdatePatchStateCall);
        scheduler.RegisterHostCall(HvcTrySwitch, cpu => TrySwitchTask(cpu, scheduler.Current(cpu.Index), SwitchPoint.SchedulerHook));
        scheduler.RegisterHostCall(HvcFtrace, FtraceHandler);
        scheduler.Created += CopyProcess;
    }

    /// <summary>
    /// klp_copy_process: a child takes its parent's patch state and TIF_PATCH_PENDING. Tasks here are created by the
    /// host, so the parent is taken to be one that has not switched yet: the transition's initial state, pending.
    /// </summary>
    private void CopyProcess(KernelTask task)
    {
        if (!InTransition) return;
        _scheduler.SetPatchState(task, Opposite(TargetState));
        _scheduler.SetFlag(task, ThreadFlags.PatchPending);
    }

    /// <summary>The loaded modules, whose objects patches may patch (set by the kernel that owns both).</summary>
    public KernelModules? Modules { get; set; }

    /// <summary>klp_is_object_loaded: vmlinux always, a module's object while the module is loaded.</summary>
    public bool IsLoaded(KlpObject obj) => obj.Name is null || Modules?.Find(obj.Name) is not null;

    /// <summary>klp_patches: the registered patches in stack order.</summary>
    public List<KlpPatch> Patches { get; } = [];

    public KlpPatch? TransitionPatch { get; private set; }
    public PatchState TargetState { get; private set; } = PatchState.Idle;
    public List<KernelLogLine> Log { get; } = [];

    /// <summary>
    /// klp_try_switch_task's per-task pr_debug lines (the selftests turn them off: their timing is not deterministic
    /// on real hardware); the first <see cref="DebugLogLimit"/> are kept.
    /// </summary>
    public List<KernelLogLine> DebugLog { get; } = [];

    public const int DebugLogLimit = 10_000;

    public List<TaskSwitch> Switches { get; } = [];

    /// <summary>Pending tasks when each transition started and after each klp_try_complete_transition.</summary>
    public List<PendingSample> PendingOverTime { get; } = [];
    public Dictionary<SwitchRefusal, int> Refusals { get; } = [];
    public ConsistencyChecker Checker { get; }

    /// <summary>Retries: runs of klp_try_complete_transition after the first, from the delayed work.</summary>
    public int Retries { get; private set; }

    /// <summary>Fake signals sent (one per task per signalling round).</summary>
    public int SignalsSent { get; private set; }

    public ulong? TransitionStartNs { get; private set; }
    public ulong? TransitionEndNs { get; private set; }

    public bool InTransition => TransitionPatch is not null;

    /// <summary>Tasks, idle tasks included, that still have TIF_PATCH_PENDING.</summary>
    public int PendingTasks => _scheduler.Tasks.Count(t => !t.Exited && (_scheduler.Flags(t) & ThreadFlags.PatchPending) != 0);

    /// <summary>printk from the kernel or a test module: a line of the log.</summary>
    public void Printk(Cpu? cpu, string text)
    {
        Log.Add(new KernelLogLine(cpu?.VirtualTimeNs ?? 0, text));
        if (cpu is not null) _scheduler.Machine.Trace?.Instant(cpu.Index, cpu.VirtualTimeNs, "printk", text);
    }

    private void Notice(Cpu cpu, string text) => Printk(cpu, "livepatch: " + text);

    // ---- sysfs and module operations (each queues the kernel's work on the kworker) ----

    /// <summary>insmod of a livepatch module: klp_enable_patch. <paramref name="done"/> gets 0 or the negative errno.</summary>
    public void Load(KlpPatch patch, Action<int>? done = null) => _scheduler.QueueWork(cpu => EnablePatch(cpu, patch, done));

    /// <summary>echo 0|1 &gt; /sys/kernel/livepatch/&lt;patch&gt;/enabled; returns 0 or -EINVAL/-EBUSY as the store does.</summary>
    public int WriteEnabled(KlpPatch patch, bool enabled)
    {
        if (!Patches.Contains(patch) || patch.Enabled == enabled) return -Einval;
        if (patch == TransitionPatch)
        {
            _scheduler.QueueWork(ReverseTransition);
            return 0;
        }
        if (enabled) return -Einval;
        if (InTransition) return -Ebusy;
        _scheduler.QueueWork(cpu => DisablePatch(cpu, patch));
        return 0;
    }

    /// <summary>echo 1 &gt; /sys/kernel/livepatch/&lt;patch&gt;/force: only while this patch is in transition.</summary>
    public int WriteForce(KlpPatch patch)
    {
        if (patch != TransitionPatch) return -Einval;
        _scheduler.QueueWork(ForceTransition);
        return 0;
    }

    // ---- the ftrace handler and the switch points ----

    /// <summary>klp_ftrace_handler: x30 is the patched function's entry + 8; the target goes to x16.</summary>
    private void FtraceHandler(Cpu cpu)
    {
        var entry = cpu.X(30) - 8;
        var func = Effective(entry, _scheduler.GetPatchState(_scheduler.Current(cpu.Index)));
        var target = func is null || func.Nop ? entry + 8 : func.NewFunc;
        cpu.SetX(16, target);
        Checker.OnEntry(cpu, entry, func is null || func.Nop ? entry : func.NewFunc);
    }

    /// <summary>The klp_func whose code a task in <paramref name="state"/> runs for the function at <paramref name="entry"/>; null for the original.</summary>
    internal KlpFunc? Effective(ulong entry, PatchState state)
    {
        if (!_ops.TryGetValue(entry, out var stack) || stack.Count == 0) return null;
        var func = stack[0];
        if (func.Transition && state == PatchState.Unpatched) func = stack.Count > 1 ? stack[1] : null;
        return func;
    }

    internal IReadOnlyDictionary<ulong, List<KlpFunc>> Ops => _ops;

    private void UpdatePatchStateCall(Cpu cpu)
    {
        var task = _scheduler.Current(cpu.Index);
        var where = cpu.X(30) >= _doNotifyResume && cpu.X(30) < _doNotifyResume + 0x100 ? SwitchPoint.KernelExit : SwitchPoint.Idle;
        UpdatePatchState(cpu, task, where);
    }

    /// <summary>klp_update_patch_state: test_and_clear TIF_PATCH_PENDING, then patch_state = klp_target_state.</summary>
    private void UpdatePatchState(Cpu cpu, KernelTask task, SwitchPoint where)
    {
        if ((_scheduler.Flags(task) & ThreadFlags.PatchPending) == 0) return;
        _scheduler.ClearFlag(task, ThreadFlags.PatchPending);
        SwitchTo(cpu, task, where);
    }

    /// <summary>How many tasks are still pending, kept over time and shown as a counter in a trace.</summary>
    private void RecordPending(Cpu cpu)
    {
        PendingOverTime.Add(new PendingSample(cpu.VirtualTimeNs, PendingTasks));
        _scheduler.Machine.Trace?.Counter("tasks pending", cpu.VirtualTimeNs, PendingTasks);
    }

    private void SwitchTo(Cpu cpu, KernelTask task, SwitchPoint where)
    {
        _scheduler.SetPatchState(task, TargetState);
        Switches.Add(new TaskSwitch(cpu.VirtualTimeNs, task.Pid, task.Name, TargetState, where));
        _scheduler.Machine.Trace?.Instant(cpu.Index, cpu.VirtualTimeNs, "klp switch", $"{task.Name} to state {TargetState} at {where}");
        Checker.OnSwitch(cpu, task);
    }

    /// <summary>klp_try_switch_task: true if the task is (now) in the target state.</summary>
    private bool TrySwitchTask(Cpu cpu, KernelTask task, SwitchPoint where)
    {
        if (!InTransition || _scheduler.GetPatchState(task) == TargetState) return true;
        var current = _scheduler.Current(cpu.Index);
        SwitchRefusal? refusal = null;
        KlpFunc? blocking = null;
        if (task != current && _scheduler.IsRunning(task)) refusal = SwitchRefusal.Running;
        else
        {
            var trace = _unwinder.Walk(task, task == current ? cpu : null);
            if (!trace.Reliable) refusal = SwitchRefusal.UnreliableStack;
            else if ((blocking = FunctionOnStack(trace)) is not null) refusal = SwitchRefusal.SleepingOnFunction;
        }
        if (refusal is { } r)
        {
            Refusals[r] = Refusals.GetValueOrDefault(r) + 1;
            if (DebugLog.Count < DebugLogLimit)
            {
                var why = r switch
                {
                    SwitchRefusal.Running => "is running",
                    SwitchRefusal.UnreliableStack => "has an unreliable stack",
                    _ => $"is sleeping on function {blocking!.OldName}",
                };
                DebugLog.Add(new KernelLogLine(cpu.VirtualTimeNs, $"livepatch: klp_try_switch_task: {task.Name}:{task.Pid} {why}"));
            }
            return false;
        }
        _scheduler.ClearFlag(task, ThreadFlags.PatchPending);
        SwitchTo(cpu, task, where);
        return true;
    }

    /// <summary>klp_check_stack: the first function going out of use that the trace holds, or null.</summary>
    private KlpFunc? FunctionOnStack(StackTrace trace)
    {
        foreach (var obj in TransitionPatch!.Objects.Where(o => o.Patched))
        {
            foreach (var func in obj.Funcs)
            {
                var (start, size) = RangeGoingOutOfUse(func);
                if (trace.Entries.Any(a => a >= start && a < start + size)) return func;
            }
        }
        return null;
    }

    /// <summary>klp_check_stack_func's range: the new code when unpatching; the code the function runs now when patching.</summary>
    private (ulong Start, ulong Size) RangeGoingOutOfUse(KlpFunc func)
    {
        if (TargetState == PatchState.Unpatched) return (func.NewFunc, func.NewSize);
        var stack = _ops[func.OldFunc];
        var index = stack.IndexOf(func);
        if (index + 1 >= stack.Count) return (func.OldFunc, func.OldSize);
        var previous = stack[index + 1];
        return (previous.NewFunc, previous.NewSize);
    }

    // ---- enabling, disabling, the transition ----

    private IEnumerable<ulong> EnablePatch(Cpu cpu, KlpPatch patch, Action<int>? done)
    {
        if (!IsCompatible(patch))
        {
            Printk(cpu, $"livepatch: Livepatch patch ({patch.Name}) is not compatible with the already installed livepatches.");
            done?.Invoke(-Einval);
            yield break;
        }
        if (InTransition)
        {
            done?.Invoke(-Ebusy);
            yield break;
        }
        ResolveAndAddNops(patch);
        Patches.Add(patch);
        Notice(cpu, $"enabling patch '{patch.Name}'");
        InitTransition(cpu, patch, PatchState.Patched);
        foreach (var obj in patch.Objects.Where(IsLoaded))
        {
            var error = obj.Callbacks.PrePatch?.Invoke(obj) ?? 0;
            if (error != 0)
            {
                Printk(cpu, $"livepatch: pre-patch callback failed for object '{obj.DisplayName}'");
                Printk(cpu, $"livepatch: failed to enable patch '{patch.Name}'");
                foreach (var cost in CancelTransition(cpu)) yield return cost;
                done?.Invoke(error);
                yield break;
            }
            obj.PostUnpatchEnabled = true;
            foreach (var cost in PatchObject(cpu, obj)) yield return cost;
        }
        foreach (var cost in StartTransition(cpu)) yield return cost;
        patch.Enabled = true;
        done?.Invoke(0);
        foreach (var cost in TryCompleteTransition(cpu)) yield return cost;
    }

    private IEnumerable<ulong> DisablePatch(Cpu cpu, KlpPatch patch)
    {
        if (InTransition || !patch.Enabled) yield break;
        InitTransition(cpu, patch, PatchState.Unpatched);
        foreach (var obj in patch.Objects.Where(o => o.Patched)) obj.Callbacks.PreUnpatch?.Invoke(obj);
        foreach (var cost in StartTransition(cpu)) yield return cost;
        patch.Enabled = false;
        foreach (var cost in TryCompleteTransition(cpu)) yield return cost;
    }

    /// <summary>
    /// klp_is_patch_compatible: every state an installed patch modified must be handled by the new patch in the same
    /// or a newer version; a state it does not know is allowed only if it does not replace the others.
    /// </summary>
    private bool IsCompatible(KlpPatch patch) => Patches.SelectMany(p => p.States).All(old =>
        patch.States.FirstOrDefault(s => s.Id == old.Id) is { } state ? state.Version >= old.Version : !patch.Replace);

    /// <summary>klp_get_prev_state: the state with this id of the installed patches, during a transition only.</summary>
    public KlpState? PreviousState(ulong id) =>
        InTransition ? Patches.Where(p => p != TransitionPatch).SelectMany(p => p.States).LastOrDefault(s => s.Id == id) : null;

    /// <summary>klp_init_patch's lookups (kallsyms) and, for an atomic replace, klp_add_nops.</summary>
    private void ResolveAndAddNops(KlpPatch patch)
    {
        if (patch.Replace)
        {
            foreach (var old in Patches.Where(p => p.Enabled))
            {
                foreach (var oldFunc in old.Funcs)
                {
                    if (patch.Funcs.Any(f => f.OldName == oldFunc.OldName)) continue;
                    var obj = patch.Objects.Find(o => o.Name == oldFunc.Object.Name);
                    if (obj is null)
                    {
                        obj = new KlpObject(oldFunc.Object.Name, []) { Dynamic = true, Patch = patch };
                        patch.Objects.Add(obj);
                    }
                    obj.Funcs.Add(new KlpFunc(oldFunc.OldName, null) { Object = obj });
                }
            }
        }
        foreach (var obj in patch.Objects.Where(IsLoaded)) Resolve(obj);
    }

    /// <summary>klp_init_object_loaded: the old functions in the object (vmlinux or its module), the new ones anywhere.</summary>
    private void Resolve(KlpObject obj)
    {
        var module = Modules?.Find(obj.Name);
        foreach (var func in obj.Funcs)
        {
            var old = Lookup(func.OldName, module);
            (func.OldFunc, func.OldSize) = old;
            (func.NewFunc, func.NewSize) = func.Nop ? old : Lookup(func.NewName!, null);
        }
    }

    private (ulong Address, ulong Size) Lookup(string name, KernelModule? module)
    {
        var symbol = (module is null ? null : module.Loaded.FindSymbol(name)) ?? _scheduler.Image.Image.FindSymbol(name)
            ?? throw new UserInputException($"livepatch: kallsyms size lookup failed for '{name}'");
        return (symbol.Value, symbol.Size);
    }

    /// <summary>klp_module_coming: every registered patch with an object for the module patches it now.</summary>
    internal IEnumerable<ulong> ModuleComing(Cpu cpu, KernelModule module, Action<int> result)
    {
        foreach (var patch in Patches.ToList())
        {
            var obj = patch.Objects.Find(o => o.Name == module.Name);
            if (obj is null) continue;
            Resolve(obj);
            Notice(cpu, $"applying patch '{patch.Name}' to loading module '{module.Name}'");
            var error = obj.Callbacks.PrePatch?.Invoke(obj) ?? 0;
            obj.PostUnpatchEnabled = error == 0;
            if (error != 0)
            {
                Notice(cpu, $"pre-patch callback failed for object '{module.Name}'");
                Notice(cpu, $"patch '{patch.Name}' failed for module '{module.Name}', refusing to load module '{module.Name}'");
                result(error);
                yield break;
            }
            foreach (var cost in PatchObject(cpu, obj)) yield return cost;
            if (patch != TransitionPatch) obj.Callbacks.PostPatch?.Invoke(obj);
        }
    }

    /// <summary>klp_module_going: the module's objects are unpatched before it goes.</summary>
    internal IEnumerable<ulong> ModuleGoing(Cpu cpu, KernelModule module)
    {
        foreach (var patch in Patches.ToList())
        {
            var obj = patch.Objects.Find(o => o.Name == module.Name);
            if (obj is null) continue;
            if (patch != TransitionPatch) obj.Callbacks.PreUnpatch?.Invoke(obj);
            Notice(cpu, $"reverting patch '{patch.Name}' on unloading module '{module.Name}'");
            foreach (var cost in UnpatchFuncs(cpu, obj.Funcs)) yield return cost;
            obj.Patched = false;
            PostUnpatch(obj);
        }
    }

    /// <summary>klp_post_unpatch_callback: only after a pre_patch that succeeded, and once.</summary>
    private static void PostUnpatch(KlpObject obj)
    {
        if (obj.PostUnpatchEnabled) obj.Callbacks.PostUnpatch?.Invoke(obj);
        obj.PostUnpatchEnabled = false;
    }

    private void InitTransition(Cpu cpu, KlpPatch patch, PatchState state)
    {
        TransitionPatch = patch;
        TargetState = state;
        TransitionStartNs = cpu.VirtualTimeNs;
        TransitionEndNs = null;
        Notice(cpu, $"'{patch.Name}': initializing {Direction(state)} transition");
        var initial = state == PatchState.Patched ? PatchState.Unpatched : PatchState.Patched;
        foreach (var task in _scheduler.Tasks.Where(t => !t.Exited)) _scheduler.SetPatchState(task, initial);
        foreach (var func in patch.Funcs) func.Transition = true;
    }

    private static string Direction(PatchState state) => state == PatchState.Patched ? "patching" : "unpatching";

    /// <summary>klp_patch_object: each function goes on its func_stack; the first patch of a function registers the ftrace site.</summary>
    private IEnumerable<ulong> PatchObject(Cpu cpu, KlpObject obj)
    {
        foreach (var func in obj.Funcs)
        {
            func.Patched = true;
            if (_ops.TryGetValue(func.OldFunc, out var stack)) stack.Insert(0, func);
            else
            {
                _ops[func.OldFunc] = [func];
                var site = func.OldFunc + 4;
                var bl = 0x94000000u | (uint)(((long)(_ftraceCaller - site) >> 2) & 0x3ffffff);
                foreach (var cost in _patcher.PatchBatch(cpu, [(site, bl)])) yield return cost;
            }
        }
        obj.Patched = true;
    }

    /// <summary>klp_unpatch_object(s): functions leave their func_stack; an empty stack unregisters the ftrace site.</summary>
    private IEnumerable<ulong> UnpatchFuncs(Cpu cpu, IEnumerable<KlpFunc> funcs)
    {
        foreach (var func in funcs.Where(f => f.Patched).ToList())
        {
            var stack = _ops[func.OldFunc];
            stack.Remove(func);
            func.Patched = false;
            if (stack.Count > 0) continue;
            _ops.Remove(func.OldFunc);
            foreach (var cost in _patcher.PatchBatch(cpu, [(func.OldFunc + 4, StaticKeys.Nop)])) yield return cost;
        }
    }

    private IEnumerable<ulong> UnpatchObjects(Cpu cpu, KlpPatch patch)
    {
        foreach (var cost in UnpatchFuncs(cpu, patch.Funcs)) yield return cost;
        foreach (var obj in patch.Objects) obj.Patched = false;
    }

    private IEnumerable<ulong> StartTransition(Cpu cpu)
    {
        Notice(cpu, $"'{TransitionPatch!.Name}': starting {Direction(TargetState)} transition");
        foreach (var task in _scheduler.Tasks.Where(t => !t.Exited && _scheduler.GetPatchState(t) != TargetState))
            _scheduler.SetFlag(task, ThreadFlags.PatchPending);
        RecordPending(cpu);
        foreach (var cost in _hook.Enable(cpu)) yield return cost;
        _signalsCount = 0;
    }

    /// <summary>klp_try_complete_transition: try every task and idle task; retry in a second, or complete.</summary>
    private IEnumerable<ulong> TryCompleteTransition(Cpu cpu)
    {
        if (!InTransition) yield break;
        var complete = true;
        foreach (var task in _scheduler.Threads.ToList())
        {
            yield return TaskCheckCycles;
            if (!TrySwitchTask(cpu, task, SwitchPoint.Scan)) complete = false;
        }
        for (var c = 0; c < _scheduler.Machine.Cpus.Count; c++)
        {
            yield return TaskCheckCycles;
            if (!TrySwitchTask(cpu, _scheduler.IdleTask(c), SwitchPoint.Scan))
            {
                _scheduler.WakeUpIfIdle(cpu, c);
                complete = false;
            }
        }
        RecordPending(cpu);
        if (!complete)
        {
            if (_signalsCount != 0 && _signalsCount % SignalsTimeout == 0) SendSignals(cpu);
            _signalsCount++;
            var patch = TransitionPatch;
            _scheduler.QueueDelayedWork(RoundToSecond(cpu.VirtualTimeNs + RetryNs, cpu.VirtualTimeNs), c => Retry(c, patch!));
            yield break;
        }
        foreach (var cost in _hook.Disable(cpu)) yield return cost;
        foreach (var cost in CompleteTransition(cpu)) yield return cost;
    }

    /// <summary>
    /// round_jiffies (for CPU 0, where the work runs): to the whole second below if within a quarter second of it,
    /// else to the one above; the unrounded time if rounding would put it in the past.
    /// </summary>
    private static ulong RoundToSecond(ulong dueNs, ulong nowNs)
    {
        var remainder = dueNs % RetryNs;
        var rounded = remainder < RetryNs / 4 ? dueNs - remainder : dueNs - remainder + RetryNs;
        return rounded > nowNs ? rounded : dueNs;
    }

    private IEnumerable<ulong> Retry(Cpu cpu, KlpPatch patch)
    {
        if (TransitionPatch != patch) return [];
        Retries++;
        return TryCompleteTransition(cpu);
    }

    /// <summary>klp_send_signals: kthreads get an interruptible wake-up, other tasks TIF_NOTIFY_SIGNAL.</summary>
    private void SendSignals(Cpu cpu)
    {
        if (_signalsCount == SignalsTimeout) Notice(cpu, "signaling remaining tasks");
        foreach (var task in _scheduler.Threads.Where(t => _scheduler.GetPatchState(t) != TargetState))
        {
            SignalsSent++;
            if (task.Kind == TaskKind.KernelThread) _scheduler.WakeUp(task, TaskState.Interruptible);
            else
            {
                _scheduler.SetFlag(task, ThreadFlags.NotifySignal);
                _scheduler.WakeUp(task, TaskState.Interruptible);
                _scheduler.Kick(cpu, task);
            }
        }
    }

    private IEnumerable<ulong> CompleteTransition(Cpu cpu)
    {
        var patch = TransitionPatch!;
        Notice(cpu, $"'{patch.Name}': completing {Direction(TargetState)} transition");
        if (patch.Replace && TargetState == PatchState.Patched)
        {
            foreach (var old in Patches.Where(p => p != patch).ToList())
            {
                old.Enabled = false;
                foreach (var cost in UnpatchObjects(cpu, old)) yield return cost;
                Patches.Remove(old);
            }
            foreach (var cost in UnpatchFuncs(cpu, patch.Funcs.Where(f => f.Nop))) yield return cost;
            patch.Objects.RemoveAll(o => o.Dynamic);
            foreach (var obj in patch.Objects) obj.Funcs.RemoveAll(f => f.Nop);
        }
        if (TargetState == PatchState.Unpatched)
        {
            foreach (var cost in UnpatchObjects(cpu, patch)) yield return cost;
            foreach (var cost in _patcher.KickAllCpusSync(cpu)) yield return cost;
        }
        foreach (var func in patch.Funcs) func.Transition = false;
        if (TargetState == PatchState.Patched)
            foreach (var cost in _patcher.KickAllCpusSync(cpu)) yield return cost;
        foreach (var task in _scheduler.Tasks) _scheduler.SetPatchState(task, PatchState.Idle);
        foreach (var obj in patch.Objects.Where(IsLoaded))
        {
            if (TargetState == PatchState.Patched) obj.Callbacks.PostPatch?.Invoke(obj);
            else PostUnpatch(obj);
        }
        Notice(cpu, $"'{patch.Name}': {Direction(TargetState)} complete");
        if (TargetState == PatchState.Unpatched) Patches.Remove(patch);
        TransitionEndNs = cpu.VirtualTimeNs;
        TargetState = PatchState.Idle;
        TransitionPatch = null;
    }

    /// <summary>klp_cancel_transition: a failed enable unpatches what it had patched, at once.</summary>
    private IEnumerable<ulong> CancelTransition(Cpu cpu)
    {
        Notice(cpu, $"'{TransitionPatch!.Name}': canceling patching transition, going to unpatch");
        TargetState = PatchState.Unpatched;
        return CompleteTransition(cpu);
    }

    /// <summary>
    /// klp_reverse_transition: flags cleared, a synchronisation, then the opposite transition starts; the pending
    /// retry completes it.
    /// </summary>
    private IEnumerable<ulong> ReverseTransition(Cpu cpu)
    {
        var patch = TransitionPatch;
        if (patch is null) yield break;
        Notice(cpu, $"'{patch.Name}': reversing transition from {Direction(TargetState)} to {Direction(Opposite(TargetState))}");
        foreach (var task in _scheduler.Tasks) _scheduler.ClearFlag(task, ThreadFlags.PatchPending);
        foreach (var cost in _patcher.KickAllCpusSync(cpu)) yield return cost;
        patch.Enabled = !patch.Enabled;
        TargetState = Opposite(TargetState);
        foreach (var cost in StartTransition(cpu)) yield return cost;
    }

    private static PatchState Opposite(PatchState state) => state == PatchState.Patched ? PatchState.Unpatched : PatchState.Patched;

    /// <summary>
    /// klp_force_transition: every task switches now, whatever its stack holds (the documented break of the model);
    /// the patches being removed are marked forced. The next retry completes the transition.
    /// </summary>
    private IEnumerable<ulong> ForceTransition(Cpu cpu)
    {
        if (!InTransition) yield break;
        Notice(cpu, "forcing remaining tasks to the patched state");
        foreach (var task in _scheduler.Tasks.Where(t => !t.Exited))
        {
            yield return TaskCheckCycles;
            UpdatePatchState(cpu, task, SwitchPoint.Force);
        }
        if (TargetState == PatchState.Unpatched) TransitionPatch!.Forced = true;
        else foreach (var p in Patches.Where(p => p != TransitionPatch && TransitionPatch!.Replace)) p.Forced = true;
        Forced = true;
    }

    /// <summary>Whether any transition was forced (the consistency model was broken on purpose).</summary>
    public bool Forced { get; private set; }
}
