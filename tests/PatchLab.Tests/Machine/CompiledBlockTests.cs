using PatchLab.Machine;

namespace PatchLab.Tests.Machine;

/// <summary>Compiled blocks change nothing but speed: the same schedule, the same counts, the same results.</summary>
public class CompiledBlockTests
{
    /// <summary>
    /// Four CPUs under a timer run a loop of data processing, loads, stores and branches taken and not taken, long
    /// enough for its blocks to be compiled; the run with blocks and the run that interprets every instruction agree.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_run_with_compiled_blocks_is_the_run_without(bool checkCmodx)
    {
        const string program = """
                mov x1, #30000
                mov x2, x0
            1:  eor x3, x2, x1, lsl #3
                add x2, x2, x3, lsr #1
                ubfx x4, x2, #3, #9
                ldr x5, [sp, x4]
                add x2, x2, x5
                str x2, [sp, #8]
                cbz x4, 2f
                sub x1, x1, #1
            2:  cbnz x1, 1b
                brk #0
            """;
        var seed = TestSeed.Value;
        (ulong Hash, ulong[] Counts, ulong[] Results) Run(bool compile)
        {
            var m = MachineTests.Boot(program, new MachineOptions
            {
                Cpus = 4, Seed = seed, TimerPeriodNs = 20_000, CheckCmodx = checkCmodx, CompileBlocks = compile,
            });
            foreach (var cpu in m.Cpus) cpu.Daif = 0;
            Assert.Equal(StopReason.AllHalted, m.Run());
            return (m.TraceHash,
                [.. m.Cpus.SelectMany(c => new[] { c.Counters.Instructions, c.Counters.Loads, c.Counters.Stores, c.Counters.Branches, c.Counters.Interrupts })],
                [.. m.Cpus.Select(c => c.X(2))]);
        }
        var interpreted = Run(false);
        var compiled = Run(true);
        Assert.True(interpreted.Counts[0] > 100_000, "the loop is long enough for blocks to be compiled");
        Assert.True(interpreted.Hash == compiled.Hash, $"seed {seed}: the trace hashes differ");
        Assert.Equal(interpreted.Counts, compiled.Counts);
        Assert.Equal(interpreted.Results, compiled.Results);
    }
}
