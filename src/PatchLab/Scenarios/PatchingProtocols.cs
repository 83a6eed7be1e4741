using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>A way of changing one instruction while other CPUs run through it.</summary>
public sealed record PatchingProtocol(string Name, string Description, PatchingOmissions Omissions, bool StopMachine,
    bool CmodxSafePair);

/// <summary>What one protocol did over a run: the checkers' findings and what it cost.</summary>
public sealed record ProtocolResult(
    PatchingProtocol Protocol,
    int Rounds,
    ulong SiteExecutions,
    int RoundsLeavingStaleViews,
    int StaleAtPointOfUnification,
    int StaleInInstructionCaches,
    int StaleInFetchedInstructions,
    int CmodxViolations,
    double NsPerRound,
    ulong TraceHash)
{
    /// <summary>Correct when every round left all CPUs on the new instruction and nothing was modified unsafely.</summary>
    public bool Correct => RoundsLeavingStaleViews == 0 && CmodxViolations == 0;
}

/// <summary>
/// The patching-protocol experiment: CPU 0 rewrites one instruction again and again, with the kernel's
/// text-patching primitives (<see cref="TextPatcher"/>), while CPUs 1..N-1 execute it in a loop. After each round the
/// machine's checkers look for CPUs still seeing the old instruction (and at which level), and the CMODX checker for
/// unsafe concurrent modification. The variants leave out one step each, so each checker is seen to fire.
/// </summary>
public static class PatchingProtocols
{
    private const uint Nop = 0xd503201f;
    private const uint AddX23 = 0x910006f7;   // add x23, x23, #1
    private const uint SubX23 = 0xd10006f7;   // sub x23, x23, #1

    public static readonly IReadOnlyList<PatchingProtocol> All =
    [
        new("full", "aarch64_insn_patch_text_nosync (STR; DC CVAU; DSB; IC IVAU; DSB; ISB) + kick_all_cpus_sync",
            PatchingOmissions.None, false, true),
        new("no-dc", "as full, without DC CVAU", PatchingOmissions.CleanToPoU, false, true),
        new("no-ic", "as full, without IC IVAU", PatchingOmissions.InvalidateInstructionCache, false, true),
        new("no-sync", "as full, without the IPI round", PatchingOmissions.SynchronisationRound, false, true),
        new("unsafe", "ADD <-> SUB (not on the CMODX list) written the same way, other CPUs running",
            PatchingOmissions.CmodxCheck, false, false),
        new("stop-machine", "ADD <-> SUB under stop_machine (aarch64_insn_patch_text)", PatchingOmissions.None, true, false),
    ];

    public static ProtocolResult Run(PatchingProtocol protocol, int cpus = 4, int rounds = 20, int seed = 1, ITraceSink? trace = null)
    {
        var rig = new PatchSiteRig(protocol.CmodxSafePair ? "nop" : "add x23, x23, #1", cpus, seed);
        rig.Machine.Trace = trace;
        var patcher = new TextPatcher(rig.Host, omissions: protocol.Omissions);
        var (first, second) = protocol.CmodxSafePair ? (rig.BranchToNewPath, Nop) : (SubX23, AddX23);
        var result = rig.Run(rounds, (cpu, round) =>
        {
            (ulong, uint)[] change = [(rig.Site, round % 2 == 0 ? first : second)];
            return protocol.StopMachine ? patcher.PatchStopMachine(cpu, change) : patcher.PatchBatch(cpu, change);
        });
        int Count(StaleLevel level) => result.StaleViewsByRound.Sum(r => r.Count(v => v.Level == level));
        return new ProtocolResult(protocol, rounds, result.SiteExecutions,
            result.StaleViewsByRound.Count(r => r.Count > 0),
            Count(StaleLevel.PointOfUnification), Count(StaleLevel.InstructionCache), Count(StaleLevel.Fetched),
            result.Violations.Count, result.CyclesByRound.Average(c => (double)rig.Machine.CyclesToNs(c)), result.TraceHash);
    }
}
