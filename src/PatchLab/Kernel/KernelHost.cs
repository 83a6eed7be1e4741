using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>
/// The kernel's exception entry on the host side: inter-processor interrupts run the cross calls queued for the
/// CPU (the kernel's smp_call_function), timer interrupts return, BRK halts the CPU (the scenarios' way to end a
/// task), and anything else goes to <see cref="Next"/> or stops the run.
/// </summary>
public sealed class KernelHost : IExceptionHandler
{
    private readonly AArch64Machine _machine;
    private readonly Queue<Action<Cpu>>[] _calls;

    public KernelHost(AArch64Machine machine)
    {
        _machine = machine;
        _calls = [.. machine.Cpus.Select(_ => new Queue<Action<Cpu>>())];
        machine.Handler = this;
    }

    public AArch64Machine Machine => _machine;

    /// <summary>Where system calls and faults go; without one they end the run.</summary>
    public IExceptionHandler? Next { get; set; }

    public ulong InterProcessorInterrupts { get; private set; }

    /// <summary>smp_call_function_single: <paramref name="work"/> runs on <paramref name="target"/> from its IPI handler.</summary>
    public void CallOn(Cpu from, int target, Action<Cpu> work)
    {
        _calls[target].Enqueue(work);
        _machine.SendIpi(from.Index, target);
    }

    public void Handle(Cpu cpu, in CpuException exception)
    {
        switch (exception.Kind)
        {
            case ExceptionKind.Interrupt when exception.Interrupt == InterruptSource.InterProcessor:
                InterProcessorInterrupts++;
                _machine.Trace?.Instant(cpu.Index, cpu.VirtualTimeNs, "IPI", $"from cpu{exception.IpiSender}");
                var calls = _calls[cpu.Index];
                while (calls.Count > 0) calls.Dequeue()(cpu);
                return;
            case ExceptionKind.Interrupt:
                return;
            case ExceptionKind.Breakpoint when Next is null:
                cpu.Halted = true;
                return;
        }
        if (Next is null) throw new MachineStopException($"cpu{cpu.Index}: {exception.Describe()}");
        Next.Handle(cpu, exception);
    }
}
