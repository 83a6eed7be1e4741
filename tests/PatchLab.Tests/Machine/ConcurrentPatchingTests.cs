using PatchLab.Machine;

namespace PatchLab.Tests.Machine;

/// <summary>
/// One CPU patches an instruction while another executes it, in real code: the writer stores the new word, does
/// the cache maintenance, and publishes a flag; the reader synchronises (ISB) once it sees the flag.
/// </summary>
public class ConcurrentPatchingTests
{
    private static string Program(string siteInstruction, uint newWord, bool maintenance) => $$"""
            cbnz x0, reader
        writer:
            adr x1, site
            ldr w2, newinsn
            mov x5, #50
        0:  subs x5, x5, #1
            b.ne 0b
            str w2, [x1]
            {{(maintenance ? "dc cvau, x1\n    dsb ish\n    ic ivau, x1\n    dsb ish\n    isb" : "")}}
            mov x5, #200
        0:  subs x5, x5, #1
            b.ne 0b
            adr x3, flag
            mov x4, #1
            str x4, [x3]
            brk #0
        reader:
            adr x3, flag
        1:  ldr x4, [x3]
            cbz x4, 2f
            add x10, x10, #1
            isb
            cmp x10, #100
            b.hi done
        2:
        site:
            {{siteInstruction}}
            b 1b
        taken:
            brk #1
        done:
            brk #2
        newinsn: .word 0x{{newWord:x8}}
        .balign 64
        flag: .quad 0
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NOP_to_B_with_the_full_protocol_is_seen_after_the_reader_synchronises_with_no_violation(int seed)
    {
        // b .+8 from site lands on `taken`.
        var machine = MachineTests.Boot(Program("nop", 0x14000002, maintenance: true), new MachineOptions { Cpus = 2, Seed = seed });
        Assert.Equal(StopReason.AllHalted, machine.Run());
        Assert.Empty(machine.Violations);
        var handler = (MachineTests.HaltOnBreak)machine.Handler!;
        Assert.Contains(handler.Taken, e => e.Immediate == 1);   // the reader took the new branch
    }

    [Fact]
    public void ADD_to_MOV_under_a_running_CPU_is_reported_as_a_CMODX_violation()
    {
        var machine = MachineTests.Boot(Program("add x9, x9, #1", 0xd28000a9, maintenance: true), new MachineOptions { Cpus = 2, Seed = 1 });
        Assert.Equal(StopReason.AllHalted, machine.Run());
        var violation = Assert.Single(machine.Violations.Select(v => (v.ExecutingCpu, v.WriterCpu, v.OldWord, v.NewWord)).Distinct());
        Assert.Equal((1, 0, 0x91000529u, 0xd28000a9u), violation);
    }

    [Fact]
    public void Without_cache_maintenance_the_reader_keeps_running_the_old_instruction_after_its_ISB()
    {
        var machine = MachineTests.Boot(Program("nop", 0x14000002, maintenance: false),
            new MachineOptions { Cpus = 2, Seed = 1, EvictionChance = 0 });
        Assert.Equal(StopReason.AllHalted, machine.Run());
        var handler = (MachineTests.HaltOnBreak)machine.Handler!;
        Assert.DoesNotContain(handler.Taken, e => e.Immediate == 1);
        Assert.Contains(handler.Taken, e => e.Immediate == 2);   // ran out its 100 ISBs on the old NOP
        var site = MachineTests.TextAddress + (ulong)0;
        Assert.NotEmpty(machine.Memory.Coherence.FindStaleViews(machine.Memory, site, 0x100));
    }
}
