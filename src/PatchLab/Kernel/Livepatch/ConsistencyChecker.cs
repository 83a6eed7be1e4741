using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>A task found running a version of a patched function that the consistency model does not allow.</summary>
public sealed record ConsistencyViolation(ulong TimeNs, int Pid, string Task, string Function, string Found, string Allowed, bool Mixed)
{
    public override string ToString() =>
        $"{Task}:{Pid} runs the {Found} version of {Function} where its patch state allows the {Allowed} one" +
        (Mixed ? ", while running another patched function's other version" : "") + $" ({TimeNs} ns)";
}

/// <summary>
/// The consistency checker: whenever a task enters a patched function and whenever its patch state changes, it
/// unwinds the task's stack and places every address in the version of a patched function it belongs to (the
/// original, or one patch's replacement). Each must be the version the task's patch state allows; a task holding
/// the new version of one function and the old version of another at once is flagged as mixed.
/// </summary>
public sealed class ConsistencyChecker(Scheduler scheduler, ReliableStacktrace unwinder, Livepatch livepatch)
{
    private readonly HashSet<(int Pid, ulong Entry, ulong Found, bool Mixed)> _seen = [];

    public List<ConsistencyViolation> Violations { get; } = [];

    /// <summary>The current task enters the function at <paramref name="entry"/>, in the version at <paramref name="version"/>.</summary>
    internal void OnEntry(Cpu cpu, ulong entry, ulong version)
    {
        var task = scheduler.Current(cpu.Index);
        // ftrace_caller has no frame: the caller's return address is in x9 and its frame record at x29.
        var trace = unwinder.Walk(task, cpu);
        Check(cpu, task, [version, cpu.X(9), .. trace.Entries.Skip(1)]);
    }

    internal void OnSwitch(Cpu cpu, KernelTask task)
    {
        var trace = unwinder.Walk(task, scheduler.Current(cpu.Index) == task ? cpu : null);
        Check(cpu, task, trace.Entries);
    }

    private void Check(Cpu cpu, KernelTask task, IEnumerable<ulong> addresses)
    {
        var state = scheduler.GetPatchState(task);
        var found = new List<(ulong Entry, ulong Version, bool IsNew, bool Allowed)>();
        foreach (var address in addresses)
        {
            foreach (var (entry, stack) in livepatch.Ops)
            {
                if (stack.Count == 0 || Version(entry, stack, address) is not { } version) continue;
                var allowed = livepatch.Effective(entry, state) is { Nop: false } f ? f.NewFunc : entry;
                found.Add((entry, version, version != entry, version == allowed));
            }
        }
        var mixed = found.Any(f => f.IsNew) && found.Any(f => !f.IsNew);
        foreach (var (entry, version, isNew, allowed) in found)
        {
            if (allowed || !_seen.Add((task.Pid, entry, version, mixed))) continue;
            Violations.Add(new ConsistencyViolation(cpu.VirtualTimeNs, task.Pid, task.Name, Name(entry),
                isNew ? "new" : "old", isNew ? "old" : "new", mixed));
        }
    }

    /// <summary>Which version of the function at <paramref name="entry"/> holds the address: its entry for the original, the new function's address for a replacement.</summary>
    private static ulong? Version(ulong entry, List<KlpFunc> stack, ulong address)
    {
        var original = stack[0];
        if (address >= entry && address < entry + original.OldSize) return entry;
        foreach (var func in stack)
            if (!func.Nop && address >= func.NewFunc && address < func.NewFunc + func.NewSize) return func.NewFunc;
        return null;
    }

    private string Name(ulong entry) => livepatch.Ops[entry][0].OldName;
}
