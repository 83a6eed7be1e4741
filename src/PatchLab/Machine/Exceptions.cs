namespace PatchLab.Machine;

/// <summary>Why a CPU left the instruction stream.</summary>
public enum ExceptionKind
{
    SupervisorCall,
    HypervisorCall,
    SecureMonitorCall,
    Breakpoint,
    Undefined,
    InstructionAbort,
    DataAbort,
    BranchTargetFault,
    Interrupt,
}

/// <summary>Where an interrupt came from.</summary>
public enum InterruptSource
{
    None,
    Timer,
    InterProcessor,
}

/// <summary>
/// An exception as the host handler sees it. <see cref="Pc"/> is the address of the instruction that caused it
/// (for interrupts, the next instruction to run); <see cref="Cpu.Pc"/> holds the preferred return address when the
/// handler is called (the next instruction for SVC/HVC/SMC, the instruction itself for faults).
/// </summary>
public readonly record struct CpuException(
    ExceptionKind Kind,
    ulong Pc,
    uint Word,
    ulong FaultAddress = 0,
    uint Immediate = 0,
    InterruptSource Interrupt = InterruptSource.None,
    int IpiSender = -1)
{
    public string Describe() => Kind switch
    {
        ExceptionKind.Interrupt => $"{Interrupt} interrupt at pc 0x{Pc:x}",
        ExceptionKind.DataAbort or ExceptionKind.InstructionAbort =>
            $"{Kind} at pc 0x{Pc:x} (instruction 0x{Word:x8}), address 0x{FaultAddress:x}",
        ExceptionKind.SupervisorCall or ExceptionKind.HypervisorCall or ExceptionKind.SecureMonitorCall or ExceptionKind.Breakpoint =>
            $"{Kind} #0x{Immediate:x} at pc 0x{Pc:x}",
        _ => $"{Kind} at pc 0x{Pc:x} (instruction 0x{Word:x8})",
    };
}

/// <summary>
/// The host side that takes exceptions (the kernel layer, or the Linux user-mode ABI). It may change the CPU's
/// registers and PC; execution continues from <see cref="Cpu.Pc"/>. Entry and return are context synchronisation
/// events, applied by the machine around the call.
/// </summary>
public interface IExceptionHandler
{
    void Handle(Cpu cpu, in CpuException exception);
}

/// <summary>Thrown by a handler (or the machine without one) to end the run with one clear line.</summary>
public sealed class MachineStopException(string message) : Exception(message);
