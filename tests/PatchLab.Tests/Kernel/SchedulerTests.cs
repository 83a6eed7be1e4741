using PatchLab.Kernel;

namespace PatchLab.Tests.Kernel;

/// <summary>The kernel's tasks and scheduler: kthreads, user tasks through SVC and kernel exit, sleeping, the tick.</summary>
public class SchedulerTests
{
    [Fact]
    public void Kthreads_and_user_tasks_share_a_CPU_through_the_tick_and_cond_resched()
    {
        var kernel = KernelRig.Boot(cpus: 2);
        kernel.Worker(0, cpu: 1);
        kernel.Scheduler.CreateKernelThread("producer", "vhost_producer", 1, cpu: 0);
        kernel.Scheduler.CreateUserTask("getpid", "user_getpid_loop", cpu: 1);
        kernel.RunUntil(200 * KernelRig.Ms);
        var done = kernel.Scheduler.Read(kernel.Image.Symbol("vhost_devs") + 8, 8);
        Assert.True(done > 1000, $"the worker processed {done} items (seed {TestSeed.Value})");
        Assert.True(kernel.Counter("getpid_calls") > 100, $"getpid ran {kernel.Counter("getpid_calls")} times");
        // The worker and the user task alternate on CPU 1 once per tick or so.
        Assert.InRange(kernel.Scheduler.ContextSwitches, 50UL, 1000UL);
        Assert.Empty(kernel.Machine.Violations);
    }

    [Fact]
    public void A_sleeper_sleeps_for_its_ticks_and_the_idle_task_runs_meanwhile()
    {
        var kernel = KernelRig.Boot(cpus: 1);
        var sleeper = kernel.Scheduler.CreateKernelThread("sleeper", "sleeper", 10, cpu: 0);
        kernel.RunUntil(20 * KernelRig.Ms);
        Assert.False(sleeper.Runnable);
        Assert.Equal(TaskState.Uninterruptible, kernel.Scheduler.State(sleeper));
        Assert.Equal(kernel.Scheduler.IdleTask(0), kernel.Scheduler.Current(0));
        kernel.RunUntil(100 * KernelRig.Ms);
        // 10 ticks in sleepy_wait and 1 outside: about 2 rounds of sleeping in 100 ms, CPU idle nearly all the time.
        Assert.True(kernel.Machine.Cpus[0].Counters.IdleCycles > 90_000, $"idle cycles {kernel.Machine.Cpus[0].Counters.IdleCycles}");
        Assert.InRange(kernel.Scheduler.ContextSwitches, 4UL, 12UL);
    }

    [Fact]
    public void Current_is_reached_through_SP_EL0_and_holds_the_pid()
    {
        var kernel = KernelRig.Boot(cpus: 1);
        var task = kernel.Scheduler.CreateUserTask("getpid", "user_getpid_loop", cpu: 0);
        kernel.RunUntil(10 * KernelRig.Ms);
        Assert.Equal(task, kernel.Scheduler.Current(0));
        // User space sees its own stack in SP_EL0 while it runs; the kernel's entry swapped it with current.
        var cpu = kernel.Machine.Cpus[0];
        Assert.Equal(cpu.ExceptionLevel == 0 ? task.Address + TaskLayout.UserStackTop : task.Address, cpu.SpEl0);
        Assert.Equal((ulong)task.Pid, kernel.Scheduler.Read(task.Address + TaskLayout.Pid, 4));
    }
}
