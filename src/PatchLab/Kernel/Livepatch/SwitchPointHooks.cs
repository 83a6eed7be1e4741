using PatchLab.Machine;

namespace PatchLab.Kernel;

/// <summary>
/// The livepatch scheduler hook, turned on when a transition starts and off when it completes
/// (klp_cond_resched_enable/disable in 6.4–6.15, klp_resched_enable/disable from 6.16).
/// </summary>
public interface ISwitchPointHook
{
    IEnumerable<ulong> Enable(Cpu cpu);
    IEnumerable<ulong> Disable(Cpu cpu);
}

/// <summary>Kernels before 6.4: nothing to turn on.</summary>
public sealed class NoSwitchPointHook : ISwitchPointHook
{
    public IEnumerable<ulong> Enable(Cpu cpu) => [];
    public IEnumerable<ulong> Disable(Cpu cpu) => [];
}

/// <summary>klp_sched_try_switch_key: tested in cond_resched (6.4, arm64) or in __schedule (6.16).</summary>
public sealed class StaticKeySwitchPointHook(StaticKeys keys, ulong key) : ISwitchPointHook
{
    public IEnumerable<ulong> Enable(Cpu cpu) => keys.Enable(cpu, key);
    public IEnumerable<ulong> Disable(Cpu cpu) => keys.Disable(cpu, key);
}

/// <summary>
/// The cond_resched static call as this kernel builds it. The seam where the static-call flavours plug in: the
/// library's own flavour is an out-of-line trampoline holding one B to the target.
/// </summary>
public interface ICondReschedCall
{
    /// <summary>The target the call has outside transitions (__cond_resched, or a return-0 under full preemption).</summary>
    ulong DefaultTarget { get; }

    /// <summary>static_call_update(cond_resched, target).</summary>
    IEnumerable<ulong> Update(Cpu cpu, ulong target);
}

/// <summary>
/// The cond_resched static call (x86's PREEMPT_DYNAMIC) in the image's static-call flavour, updated by
/// static_call_update: the trampoline or literal first, then every site, in one batch and one synchronisation round.
/// </summary>
public sealed class StaticCallCondReschedCall(StaticCalls calls, KernelImage image, bool preemptFull) : ICondReschedCall
{
    private readonly ulong _key = calls["cond_resched"].Address;

    public ulong DefaultTarget { get; } = image.Symbol(preemptFull ? "cond_resched_ret0" : "__cond_resched");

    public IEnumerable<ulong> Update(Cpu cpu, ulong target) => calls.Update(cpu, _key, target);
}

/// <summary>sched_dynamic_klp_enable/disable: the cond_resched static call goes to klp_cond_resched during a transition.</summary>
public sealed class StaticCallSwitchPointHook(ICondReschedCall call, ulong klpCondResched) : ISwitchPointHook
{
    public IEnumerable<ulong> Enable(Cpu cpu) => call.Update(cpu, klpCondResched);
    public IEnumerable<ulong> Disable(Cpu cpu) => call.Update(cpu, call.DefaultTarget);
}
