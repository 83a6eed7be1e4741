using PatchLab.Kernel;

namespace PatchLab.Tests.Kernel;

/// <summary>The reliable frame-pointer unwinder and its refusal rules.</summary>
public class ReliableStacktraceTests
{
    private static string Symbolize(BootedKernel kernel, ulong address) =>
        kernel.Image.Image.Symbols.Where(s => s.Size > 0 && address >= s.Value && address < s.Value + s.Size).Select(s => s.Name).FirstOrDefault() ?? "?";

    private static (BootedKernel Kernel, KernelTask Sleeper) Sleeping()
    {
        var kernel = KernelRig.Boot(cpus: 1);
        var sleeper = kernel.Scheduler.CreateKernelThread("sleeper", "sleeper", 100, cpu: 0);
        kernel.RunUntil(20 * KernelRig.Ms);
        return (kernel, sleeper);
    }

    [Fact]
    public void A_sleeping_kthread_unwinds_to_its_final_frame_record_through_every_caller()
    {
        var (kernel, sleeper) = Sleeping();
        var trace = new ReliableStacktrace(kernel.Scheduler).Walk(sleeper);
        Assert.True(trace.Reliable, trace.Refusal);
        Assert.Equal(["__schedule", "schedule", "schedule_timeout", "sleepy_wait", "sleeper", "ret_from_fork"],
            trace.Entries.Select(a => Symbolize(kernel, a)));
    }

    [Fact]
    public void A_frame_record_linking_down_the_stack_is_refused()
    {
        var (kernel, sleeper) = Sleeping();
        var (_, fp) = kernel.Scheduler.SavedFrame(sleeper);
        var next = kernel.Scheduler.Read(fp, 8);
        kernel.Scheduler.Write(next, 8, fp - 16);
        var trace = new ReliableStacktrace(kernel.Scheduler).Walk(sleeper);
        Assert.False(trace.Reliable);
        Assert.Contains("links down the stack", trace.Refusal);
    }

    [Fact]
    public void A_chain_that_ends_before_the_final_frame_record_is_refused()
    {
        var (kernel, sleeper) = Sleeping();
        var (_, fp) = kernel.Scheduler.SavedFrame(sleeper);
        var next = kernel.Scheduler.Read(fp, 8);
        kernel.Scheduler.Write(next, 8, 0);
        kernel.Scheduler.Write(next + 8, 8, 0);
        var trace = new ReliableStacktrace(kernel.Scheduler).Walk(sleeper);
        Assert.False(trace.Reliable);
        Assert.Contains("not at the final frame record", trace.Refusal);
    }

    [Fact]
    public void A_task_preempted_by_an_interrupt_has_an_exception_frame_in_the_way()
    {
        var kernel = KernelRig.Boot(cpus: 1, preemptFull: true);
        var first = kernel.Worker(0, cpu: 0);
        var second = kernel.Worker(1, cpu: 0);
        kernel.Scheduler.CreateKernelThread("producer", "vhost_producer", 2, cpu: 0);
        kernel.RunUntil(100 * KernelRig.Ms);
        var waiting = kernel.Scheduler.Current(0) == first ? second : first;
        Assert.Equal(kernel.Image.Symbol("ret_from_irq_preempt"), kernel.Scheduler.SavedFrame(waiting).Pc);
        var trace = new ReliableStacktrace(kernel.Scheduler).Walk(waiting);
        Assert.False(trace.Reliable);
        Assert.Contains("exception frame", trace.Refusal);
    }
}
