using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>What a static call's target is while its cost is measured.</summary>
public enum StaticCallState
{
    /// <summary>A function in kernel text, within BL range of the site.</summary>
    Near,

    /// <summary>A function in the module region, out of BL range: a PLT or a literal is needed.</summary>
    Far,

    /// <summary>NULL, called with static_call_cond.</summary>
    Null,

    /// <summary>__static_call_return0; the stub's instructions count as the call's.</summary>
    Ret0,
}

/// <summary>The cost of one call through a static call, the callee's own instructions taken out.</summary>
public sealed record CallCost(StaticCallFlavour Flavour, StaticCallState State, double Instructions, double Loads, double IndirectBranches);

/// <summary>
/// Measures a static call by the machine's counters: one CPU runs a loop of <c>calls</c> calls through a site, an
/// empty loop of the same shape, and a loop of direct BLs to the target. A call costs (site loop − empty loop) −
/// (direct loop − empty loop − one BL) per iteration: what the static call adds to calling the function itself
/// with one BL, plus that BL. The floor, inline and near, is 1 instruction, no load, no indirect branch.
/// </summary>
public static class StaticCallCost
{
    private const string Source = """
            .include "static_call.S"
            DEFINE_STATIC_CALL_RETURN0
            DEFINE_STATIC_CALL bench, near_fn
            .text
            .globl call_loop, cond_loop, empty_loop, direct_near, direct_far
        call_loop:
            mov x19, x0
        1:  STATIC_CALL bench
            subs x19, x19, #1
            b.ne 1b
            brk #0
        cond_loop:
            mov x19, x0
        1:  STATIC_CALL_COND bench
            subs x19, x19, #1
            b.ne 1b
            brk #0
        empty_loop:
            mov x19, x0
        1:  subs x19, x19, #1
            b.ne 1b
            brk #0
        direct_near:
            mov x19, x0
        1:  bl near_fn
            subs x19, x19, #1
            b.ne 1b
            brk #0
            .globl near_fn
        near_fn:
            bti c
            mov x0, #1
            ret
            .pushsection .module.text, "ax"
        direct_far:
            mov x19, x0
        1:  bl far_fn
            subs x19, x19, #1
            b.ne 1b
            brk #0
            .globl far_fn
        far_fn:
            bti c
            mov x0, #2
            ret
            .popsection
        """;

    /// <summary>Every flavour in every state.</summary>
    public static IReadOnlyList<CallCost> MeasureAll(int calls = 1000) =>
        [.. Enum.GetValues<StaticCallFlavour>().SelectMany(f => Measure(f, calls))];

    /// <summary>One flavour in every state.</summary>
    public static IEnumerable<CallCost> Measure(StaticCallFlavour flavour, int calls = 1000)
    {
        var image = KernelImage.Build([("static_call_cost.s", Source)], "call_loop", flavour);
        var empty = Run(image, "empty_loop", calls, null);
        foreach (var state in Enum.GetValues<StaticCallState>())
        {
            var site = Run(image, state == StaticCallState.Null ? "cond_loop" : "call_loop", calls, state);
            var callee = state switch
            {
                StaticCallState.Near => Minus(Run(image, "direct_near", calls, null), empty, instructions: (ulong)calls),
                StaticCallState.Far => Minus(Run(image, "direct_far", calls, null), empty, instructions: (ulong)calls),
                _ => default,
            };
            var cost = Minus(Minus(site, empty, 0), callee, 0);
            yield return new CallCost(flavour, state, cost.Instructions / (double)calls, cost.Loads / (double)calls,
                cost.IndirectBranches / (double)calls);
        }
    }

    /// <summary>The counters of one run of the loop at <paramref name="entry"/>, after retargeting for <paramref name="state"/>.</summary>
    private static CpuCounters Run(KernelImage image, string entry, int calls, StaticCallState? state)
    {
        var machine = new AArch64Machine(new MachineOptions { Cpus = 1 });
        image.LoadInto(machine);
        var host = new KernelHost(machine);
        var patcher = new TextPatcher(host);
        var staticCalls = new StaticCalls(host, image, patcher, new StaticKeys(host, image, patcher));
        var cpu = machine.Cpus[0];
        cpu.Pc = image.Symbol(entry);
        cpu.SetX(0, (ulong)calls);
        if (state is { } s)
        {
            var target = s switch
            {
                StaticCallState.Near => image.Symbol("near_fn"),
                StaticCallState.Far => image.Symbol("far_fn"),
                StaticCallState.Ret0 => staticCalls.Return0,
                _ => 0UL,
            };
            cpu.RunHostWork(staticCalls.Update(cpu, staticCalls["bench"].Address, target));
        }
        if (machine.Run(untilNs: 1_000_000_000) != StopReason.AllHalted)
            throw new InvalidOperationException($"the {entry} loop did not finish");
        return cpu.Counters;
    }

    private static CpuCounters Minus(CpuCounters a, CpuCounters b, ulong instructions) => new()
    {
        Instructions = a.Instructions - b.Instructions - instructions,
        Loads = a.Loads - b.Loads,
        IndirectBranches = a.IndirectBranches - b.IndirectBranches,
    };
}
