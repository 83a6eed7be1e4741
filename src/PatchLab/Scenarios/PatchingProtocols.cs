using System.Globalization;
using PatchLab.Arm64.Assembler;
using PatchLab.Machine;

namespace PatchLab.Scenarios;

/// <summary>A way of changing one instruction while other CPUs run through it.</summary>
public sealed record PatchingProtocol(string Name, string Description, bool Clean, bool Invalidate, bool SyncRound,
    bool StopMachine, bool CmodxSafePair);

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
/// The patching-protocol experiment: CPU 0 rewrites one instruction again and again while CPUs 1..N-1 execute it in
/// a loop, following one protocol; after each round the machine's checkers look for CPUs still seeing the old
/// instruction (and at which level) and the CMODX checker for unsafe concurrent modification. The variants leave
/// out one step each, so each checker is seen to fire.
/// </summary>
public static class PatchingProtocols
{
    private const uint Nop = 0xd503201f;
    private const uint BranchToNewPath = 0x14000003;   // b .+12, from the site to new_path
    private const uint AddX23 = 0x910006f7;            // add x23, x23, #1
    private const uint SubX23 = 0xd10006f7;            // sub x23, x23, #1

    public static readonly IReadOnlyList<PatchingProtocol> All =
    [
        new("full", "STR; DC CVAU; DSB; IC IVAU; DSB; ISB; IPI every CPU (aarch64_insn_patch_text_nosync + kick_all_cpus_sync)",
            true, true, true, false, true),
        new("no-dc", "as full, without DC CVAU", false, true, true, false, true),
        new("no-ic", "as full, without IC IVAU", true, false, true, false, true),
        new("no-sync", "as full, without the IPI round", true, true, false, false, true),
        new("unsafe", "ADD <-> SUB (not on the CMODX list) with the full protocol, other CPUs running", true, true, true, false, false),
        new("stop-machine", "ADD <-> SUB with every other CPU parked, then ISB (aarch64_insn_patch_text)", true, true, false, true, false),
    ];

    public static ProtocolResult Run(PatchingProtocol protocol, int cpus = 4, int rounds = 20, int seed = 1)
    {
        var readers = cpus - 1;
        var source = Source(protocol, readers, rounds);
        var obj = SourceAssembler.Assemble(source, $"<{protocol.Name} protocol>");
        var text = obj.FindSection(".text") ?? throw new InvalidOperationException("no .text");
        if (text.Relocations.Count > 0) throw new InvalidOperationException("the protocol code must not need relocation");
        // Fine interleaving (quanta of 1 to 8 instructions), so the window between the store and the
        // synchronisation round is as open to the other CPUs as it is on real hardware running in parallel.
        var machine = new AArch64Machine(new MachineOptions { Cpus = cpus, Seed = seed, QuantumMin = 1, QuantumMax = 8 });
        const ulong textBase = 0xffff800008000000;
        machine.Memory.Map(textBase, (ulong)text.Data.Length, PagePermissions.ReadExecute | PagePermissions.Write);
        machine.Memory.Load(textBase, text.Data);
        var shared = textBase + Symbol(obj, "shared");
        machine.Memory.Map(shared, Memory.PageSize, PagePermissions.ReadWrite);
        var site = textBase + Symbol(obj, "site");
        foreach (var cpu in machine.Cpus)
        {
            cpu.Pc = textBase;
            cpu.Daif = 0;   // interrupts on: the synchronisation round is made of IPIs
            cpu.SetX(0, (ulong)cpu.Index);
        }
        var host = new Host(machine, shared, site);
        machine.Handler = host;
        var stop = machine.Run(untilNs: 100_000_000);
        if (stop != StopReason.AllHalted) throw new InvalidOperationException($"the {protocol.Name} run did not finish: {stop}");
        // Each reader counts its passes through the site in x24.
        var siteExecutions = machine.Cpus.Skip(1).Aggregate(0UL, (sum, c) => sum + c.X(24));
        return new ProtocolResult(protocol, rounds, siteExecutions, host.StaleRounds, host.Stale[0], host.Stale[1], host.Stale[2],
            machine.Violations.Count, host.RoundNs.Count == 0 ? 0 : host.RoundNs.Average(), machine.TraceHash);
    }

    private static ulong Symbol(Elf.RelocatableObject obj, string name) =>
        obj.FindSymbol(name)?.Value ?? throw new InvalidOperationException($"no symbol {name}");

    /// <summary>The host's part: IPIs for the synchronisation round, and the stale-view check after each round.</summary>
    private sealed class Host(AArch64Machine machine, ulong shared, ulong site) : IExceptionHandler
    {
        public readonly int[] Stale = new int[3];
        public readonly List<double> RoundNs = [];
        public int StaleRounds;
        private ulong _roundStart;

        public void Handle(Cpu cpu, in CpuException e)
        {
            switch (e.Kind)
            {
                case ExceptionKind.HypervisorCall when e.Immediate == 1:
                    foreach (var other in machine.Cpus)
                        if (other != cpu) machine.SendIpi(cpu.Index, other.Index);
                    break;
                case ExceptionKind.HypervisorCall when e.Immediate == 2:
                    var views = machine.Memory.Coherence.FindStaleViews(machine.Memory, site, 4).ToList();
                    if (views.Count > 0) StaleRounds++;
                    foreach (var v in views) Stale[(int)v.Level]++;
                    RoundNs.Add(cpu.VirtualTimeNs - _roundStart);
                    break;
                case ExceptionKind.HypervisorCall when e.Immediate == 3:
                    _roundStart = cpu.VirtualTimeNs;
                    break;
                case ExceptionKind.Interrupt:
                    // The IPI's work is the exception entry and return themselves: each is a context synchronisation.
                    var acks = machine.Memory.Read(shared + 16, 8);
                    machine.Memory.Write(shared + 16, 8, acks + 1, cpu.Index, cpu.Cycles);
                    break;
                case ExceptionKind.Breakpoint:
                    cpu.Halted = true;
                    break;
                default:
                    throw new MachineStopException(e.Describe());
            }
        }
    }

    internal static string Source(PatchingProtocol p, int readers, int rounds)
    {
        var (first, second) = p.CmodxSafePair ? (BranchToNewPath, Nop) : (SubX23, AddX23);
        var initial = p.CmodxSafePair ? "nop" : "add x23, x23, #1";
        string Hex(uint w) => "0x" + w.ToString("x8", CultureInfo.InvariantCulture);
        return $$"""
            // shared: +0 park request, +8 CPUs parked (each leaves after its ISB), +16 IPI acknowledgements, +24 done
                .text
                cbnz x0, reader
            writer:
                adr x20, shared
                mov x19, #{{rounds}}
                adr x1, site
                ldr w2, first_word
                ldr w3, second_word
            1:  hvc #3
                tst x19, #1
                csel w4, w2, w3, eq
            {{(p.StopMachine ? $"""
                mov x5, #1
                str x5, [x20]
            4:  ldr x6, [x20, #8]
                cmp x6, #{readers}
                b.ne 4b
            """ : "")}}
                str w4, [x1]
            {{(p.Clean ? "    dc cvau, x1" : "")}}
                dsb ish
            {{(p.Invalidate ? "    ic ivau, x1" : "")}}
                dsb ish
                isb
            {{(p.SyncRound ? $"""
                hvc #1
            6:  ldr x6, [x20, #16]
                cmp x6, #{readers}
                b.lo 6b
                str xzr, [x20, #16]
            """ : "")}}
            {{(p.StopMachine ? """
                str xzr, [x20]
            8:  ldr x6, [x20, #8]
                cbnz x6, 8b
            """ : "")}}
                hvc #2
                mov x7, #300
            5:  subs x7, x7, #1
                b.ne 5b
                subs x19, x19, #1
                b.ne 1b
                mov x5, #1
                str x5, [x20, #24]
                brk #0

            reader:
                adr x20, shared
            1:  ldr x1, [x20]
                cbnz x1, park
                add x24, x24, #1
            site:
                {{initial}}
                add x21, x21, #1
                b 2f
            new_path:
                add x22, x22, #1
            2:  ldr x1, [x20, #24]
                cbz x1, 1b
                brk #0
            park:
                add x2, x20, #8
            3:  ldaxr x3, [x2]
                add x3, x3, #1
                stlxr w4, x3, [x2]
                cbnz w4, 3b
            7:  ldr x1, [x20]
                cbnz x1, 7b
                isb
            9:  ldaxr x3, [x2]
                sub x3, x3, #1
                stlxr w4, x3, [x2]
                cbnz w4, 9b
                b 1b

            first_word:  .word {{Hex(first)}}
            second_word: .word {{Hex(second)}}
                .balign 4096
            shared:
                .quad 0, 0, 0, 0
            """;
    }
}
