using PatchLab.Kernel;

namespace PatchLab.Tests.Kernel;

/// <summary>Livepatch's per-task consistency model on PatchLab's kernel.</summary>
public class LivepatchTests
{
    private const ulong Ms = KernelRig.Ms;

    private static KlpPatch GetpidPatch() => KlpPatch.Of("test_klp_syscall", ("__arm64_sys_getpid", "livepatch_sys_getpid"));

    private static KlpPatch SleepyPatch() => KlpPatch.Of("test_klp_sleepy", ("sleepy_wait", "livepatch_sleepy_wait"));

    [Fact]
    public void Enabling_and_disabling_a_patch_logs_the_kernels_lines_and_redirects_the_function_only_meanwhile()
    {
        var kernel = KernelRig.Boot(cpus: 2);
        for (var i = 0; i < 4; i++) kernel.Scheduler.CreateUserTask($"getpid-{i}", "user_getpid_loop", cpu: i % 2);
        kernel.RunUntil(50 * Ms);
        var lp = kernel.Livepatch;
        var patch = GetpidPatch();
        var getpid = kernel.Image.Symbol("__arm64_sys_getpid");
        Assert.Equal(StaticKeys.Nop, kernel.Machine.Memory.PeekWord(getpid + 4));
        Assert.Equal(Scheduler.MovX9X30, kernel.Machine.Memory.PeekWord(getpid));
        lp.Load(patch);
        Assert.True(kernel.RunUntil(() => lp.TransitionEndNs is not null, 3000 * Ms));
        Assert.True(patch.Enabled);
        Assert.Equal(0x94000000u, kernel.Machine.Memory.PeekWord(getpid + 4) & 0xfc000000u);
        var before = kernel.Counter("livepatched_calls");
        kernel.RunUntil(kernel.NowNs + 50 * Ms);
        Assert.True(kernel.Counter("livepatched_calls") > before);
        Assert.Equal(0, lp.WriteEnabled(patch, false));
        Assert.True(kernel.RunUntil(() => !lp.Patches.Contains(patch), kernel.NowNs + 3000 * Ms));
        Assert.Equal(StaticKeys.Nop, kernel.Machine.Memory.PeekWord(getpid + 4));
        var after = kernel.Counter("livepatched_calls");
        kernel.RunUntil(kernel.NowNs + 50 * Ms);
        Assert.Equal(after, kernel.Counter("livepatched_calls"));
        Assert.Equal(
        [
            "livepatch: enabling patch 'test_klp_syscall'",
            "livepatch: 'test_klp_syscall': initializing patching transition",
            "livepatch: 'test_klp_syscall': starting patching transition",
            "livepatch: 'test_klp_syscall': completing patching transition",
            "livepatch: 'test_klp_syscall': patching complete",
            "livepatch: 'test_klp_syscall': initializing unpatching transition",
            "livepatch: 'test_klp_syscall': starting unpatching transition",
            "livepatch: 'test_klp_syscall': completing unpatching transition",
            "livepatch: 'test_klp_syscall': unpatching complete",
        ], lp.Log.Select(l => l.Text));
        Assert.Empty(lp.Checker.Violations);
        Assert.Empty(kernel.Machine.Violations);
    }

    [Fact]
    public void User_tasks_hammering_the_patched_syscall_all_switch_at_kernel_exit()
    {
        var kernel = KernelRig.Boot(cpus: 2);
        var users = Enumerable.Range(0, 6).Select(i => kernel.Scheduler.CreateUserTask($"getpid-{i}", "user_getpid_loop", cpu: i % 2)).ToList();
        kernel.RunUntil(50 * Ms);
        kernel.Livepatch.Load(GetpidPatch());
        Assert.True(kernel.RunUntil(() => kernel.Livepatch.TransitionEndNs is not null, 3000 * Ms));
        var switched = kernel.Livepatch.Switches.Where(s => users.Any(u => u.Pid == s.Pid)).ToList();
        Assert.Equal(users.Count, switched.Count);
        // The two running when the scan came switched on their way back to user space; the rest off-CPU in the scan.
        Assert.Contains(switched, s => s.Where == SwitchPoint.KernelExit);
        Assert.All(switched, s => Assert.True(s.Where is SwitchPoint.KernelExit or SwitchPoint.Scan, s.ToString()));
        Assert.Empty(kernel.Livepatch.Checker.Violations);
    }

    [Fact]
    public void A_stack_holding_the_old_function_blocks_the_switch_until_the_function_returns()
    {
        var kernel = KernelRig.Boot(SwitchPointStrategy.ScheduleFreezable, cpus: 2);
        // sleepy_wait sleeps 500 ticks (2 s) uninterruptibly, then the sleeper sleeps freezably for a tick outside it.
        var sleeper = kernel.Scheduler.CreateKernelThread("sleeper", "sleeper", 500, cpu: 1);
        kernel.RunUntil(100 * Ms);
        var lp = kernel.Livepatch;
        lp.Load(SleepyPatch());
        Assert.True(kernel.RunUntil(() => lp.TransitionEndNs is not null, 5000 * Ms));
        var sw = Assert.Single(lp.Switches, s => s.Pid == sleeper.Pid);
        Assert.True(sw.TimeNs >= 2000 * Ms, $"the sleeper switched at {sw.TimeNs} ns, inside sleepy_wait");
        Assert.Equal(SwitchPoint.SchedulerHook, sw.Where);
        Assert.True(lp.Refusals[SwitchRefusal.SleepingOnFunction] >= 2);
        Assert.Contains($"livepatch: klp_try_switch_task: sleeper:{sleeper.Pid} is sleeping on function sleepy_wait", lp.DebugLog.Select(l => l.Text));
        // CPU 1's idle task was running when the retry looked from CPU 0; it switched in its own idle loop.
        Assert.Contains(lp.Switches, s => s.Task == "swapper/1" && s.Where == SwitchPoint.Idle);
        Assert.Empty(lp.Checker.Violations);
    }

    [Fact]
    public void Busy_pinned_workers_are_never_switched_without_a_hook_and_get_no_help_from_fake_signals()
    {
        var kernel = KernelRig.Boot(SwitchPointStrategy.None, cpus: 3);
        var workers = new[] { kernel.Worker(0, cpu: 1), kernel.Worker(1, cpu: 2) };
        kernel.Scheduler.CreateKernelThread("producer", "vhost_producer", 2, cpu: 0);
        kernel.RunUntil(100 * Ms);
        var lp = kernel.Livepatch;
        lp.Load(KlpPatch.Of("livepatch_vhost", ("vhost_handle_work", "livepatch_vhost_handle_work")));
        kernel.RunUntil(16_500 * Ms);
        Assert.True(lp.InTransition);
        Assert.Equal(16, lp.Retries);
        Assert.Contains("livepatch: signaling remaining tasks", lp.Log.Select(l => l.Text));
        Assert.Equal(2, lp.SignalsSent);
        Assert.All(workers, w => Assert.Equal(PatchState.Unpatched, kernel.Scheduler.GetPatchState(w)));
        Assert.True(lp.Refusals[SwitchRefusal.Running] >= 32);
        Assert.Contains($"livepatch: klp_try_switch_task: vhost-0:{workers[0].Pid} is running", lp.DebugLog.Select(l => l.Text));
        Assert.Empty(lp.Checker.Violations);
    }

    [Theory]
    [InlineData(SwitchPointStrategy.CondReschedKey, CondReschedFlavour.Plain, false)]
    [InlineData(SwitchPointStrategy.CondReschedKey, CondReschedFlavour.StaticKey, true)]
    [InlineData(SwitchPointStrategy.CondReschedCall, CondReschedFlavour.StaticCall, false)]
    [InlineData(SwitchPointStrategy.CondReschedCall, CondReschedFlavour.StaticCall, true)]
    public void Every_cond_resched_flavour_carries_the_hook_under_either_preemption_model(SwitchPointStrategy strategy,
        CondReschedFlavour flavour, bool preemptFull)
    {
        var kernel = KernelRig.Boot(strategy, cpus: 2, preemptFull, flavour);
        var worker = kernel.Worker(0, cpu: 1);
        kernel.Scheduler.CreateKernelThread("producer", "vhost_producer", 1, cpu: 0);
        kernel.RunUntil(100 * Ms);
        kernel.Livepatch.Load(KlpPatch.Of("livepatch_vhost", ("vhost_handle_work", "livepatch_vhost_handle_work")));
        // Done at the first check or at the once-a-second retry.
        Assert.True(kernel.RunUntil(() => kernel.Livepatch.TransitionEndNs is not null, 1200 * Ms));
        Assert.Contains(kernel.Livepatch.Switches, s => s.Pid == worker.Pid && s.Where == SwitchPoint.SchedulerHook);
        Assert.Empty(kernel.Livepatch.Checker.Violations);
        Assert.Empty(kernel.Machine.Violations);
    }

    [Fact]
    public void A_task_created_during_a_transition_starts_unswitched_and_switches_on_its_own()
    {
        var kernel = KernelRig.Boot(SwitchPointStrategy.None, cpus: 2);
        kernel.Scheduler.CreateKernelThread("sleeper", "sleeper", 1000, cpu: 0);
        kernel.RunUntil(100 * Ms);
        var lp = kernel.Livepatch;
        lp.Load(SleepyPatch());
        kernel.RunUntil(300 * Ms);
        var late = kernel.Scheduler.CreateUserTask("late", "user_getpid_loop", cpu: 1);
        Assert.Equal(PatchState.Unpatched, kernel.Scheduler.GetPatchState(late));
        Assert.True((kernel.Scheduler.Flags(late) & ThreadFlags.PatchPending) != 0);
        kernel.RunUntil(400 * Ms);
        Assert.Contains(lp.Switches, s => s.Pid == late.Pid && s.Where == SwitchPoint.KernelExit);
        Assert.Empty(lp.Checker.Violations);
    }

    [Fact]
    public void Force_switches_every_task_and_is_recorded_and_the_checker_sees_the_broken_model()
    {
        var kernel = KernelRig.Boot(SwitchPointStrategy.None, cpus: 1);
        var sleeper = kernel.Scheduler.CreateKernelThread("sleeper", "sleeper", 1000, cpu: 0);
        kernel.RunUntil(100 * Ms);
        var lp = kernel.Livepatch;
        var patch = SleepyPatch();
        lp.Load(patch);
        kernel.RunUntil(1500 * Ms);
        Assert.True(lp.InTransition);
        Assert.Equal(-22, lp.WriteForce(KlpPatch.Of("other", ("sleepy_wait", "livepatch_sleepy_wait"))));
        Assert.Equal(0, lp.WriteForce(patch));
        Assert.True(kernel.RunUntil(() => lp.TransitionEndNs is not null, 3000 * Ms));
        Assert.True(lp.Forced);
        Assert.Contains("livepatch: forcing remaining tasks to the patched state", lp.Log.Select(l => l.Text));
        Assert.Contains(lp.Switches, s => s.Pid == sleeper.Pid && s.Where == SwitchPoint.Force);
        // The sleeper was forced while sleeping in the old sleepy_wait: the consistency model was broken.
        var violation = Assert.Single(lp.Checker.Violations);
        Assert.Equal(("sleepy_wait", "old", "new"), (violation.Function, violation.Found, violation.Allowed));
    }

    [Fact]
    public void The_checker_flags_a_forced_task_entering_a_new_function_from_an_old_one_as_mixed()
    {
        var kernel = KernelRig.Boot(SwitchPointStrategy.None, cpus: 1);
        var sleeper = kernel.Scheduler.CreateKernelThread("pair", "pair_sleeper", 300, cpu: 0);
        kernel.RunUntil(100 * Ms);
        var lp = kernel.Livepatch;
        var patch = KlpPatch.Of("test_klp_pair", ("sleepy_pair", "livepatch_sleepy_pair"), ("sleepy_wait", "livepatch_sleepy_wait"));
        lp.Load(patch);
        kernel.RunUntil(500 * Ms);
        Assert.Equal(0, lp.WriteForce(patch));
        // Woken at 1.2 s, the sleeper returns into the old sleepy_pair and calls the new sleepy_wait from there.
        kernel.RunUntil(1500 * Ms);
        var violations = lp.Checker.Violations.Where(v => v.Pid == sleeper.Pid).ToList();
        Assert.Contains(violations, v => v is { Function: "sleepy_pair", Found: "old", Mixed: true });
        Assert.Contains(violations, v => v is { Function: "sleepy_wait", Found: "old", Mixed: false });
    }

    [Fact]
    public void A_reverse_transition_leaves_no_task_on_new_code()
    {
        var kernel = KernelRig.Boot(SwitchPointStrategy.CondReschedKey, cpus: 2);
        var sleeper = kernel.Scheduler.CreateKernelThread("sleeper", "sleeper", 1000, cpu: 0);
        kernel.Worker(0, cpu: 1);
        kernel.Scheduler.CreateKernelThread("producer", "vhost_producer", 1, cpu: 0);
        kernel.RunUntil(100 * Ms);
        var lp = kernel.Livepatch;
        var patch = KlpPatch.Of("test_klp_busy", ("sleepy_wait", "livepatch_sleepy_wait"), ("vhost_handle_work", "livepatch_vhost_handle_work"));
        lp.Load(patch);
        kernel.RunUntil(1500 * Ms);
        Assert.True(lp.InTransition);
        Assert.Contains(lp.Switches, s => s.Where == SwitchPoint.SchedulerHook);
        Assert.Equal(PatchState.Unpatched, kernel.Scheduler.GetPatchState(sleeper));
        Assert.Equal(0, lp.WriteEnabled(patch, false));
        Assert.True(kernel.RunUntil(() => !lp.InTransition, 4000 * Ms));
        Assert.Contains("livepatch: 'test_klp_busy': reversing transition from patching to unpatching", lp.Log.Select(l => l.Text));
        Assert.Equal("livepatch: 'test_klp_busy': unpatching complete", lp.Log[^1].Text);
        Assert.Empty(lp.Patches);
        var unwinder = new ReliableStacktrace(kernel.Scheduler);
        var newCode = patch.Funcs.Select(f => (f.NewFunc, f.NewSize)).ToList();
        foreach (var task in kernel.Scheduler.Tasks.Where(t => !kernel.Scheduler.IsRunning(t)))
        {
            Assert.Equal(PatchState.Idle, kernel.Scheduler.GetPatchState(task));
            Assert.DoesNotContain(unwinder.Walk(task).Entries, a => newCode.Any(c => a >= c.NewFunc && a < c.NewFunc + c.NewSize));
        }
        var calls = kernel.Counter("livepatched_calls");
        kernel.RunUntil(kernel.NowNs + 100 * Ms);
        Assert.Equal(calls, kernel.Counter("livepatched_calls"));
        Assert.Empty(lp.Checker.Violations);
    }
}
