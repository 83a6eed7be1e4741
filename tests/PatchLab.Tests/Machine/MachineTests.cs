using PatchLab.Machine;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Machine;

/// <summary>Programs made by GNU as run on the machine with the architecture's results.</summary>
public class MachineTests
{
    internal const ulong TextAddress = 0xffff800008000000;
    private const ulong Text = TextAddress;
    private const ulong Data = 0xffff800009000000;

    /// <summary>Halts a CPU at BRK and records what the CPUs trapped on.</summary>
    internal sealed class HaltOnBreak : IExceptionHandler
    {
        public List<CpuException> Taken { get; } = [];

        public void Handle(Cpu cpu, in CpuException exception)
        {
            Taken.Add(exception);
            if (exception.Kind == ExceptionKind.Breakpoint) cpu.Halted = true;
            else if (exception.Kind != ExceptionKind.Interrupt) throw new MachineStopException(exception.Describe());
        }
    }

    internal static AArch64Machine Boot(string source, MachineOptions? options = null)
    {
        var machine = new AArch64Machine(options ?? new MachineOptions());
        var code = GnuAs.AssembleText(source);
        machine.Memory.Map(Text, (ulong)code.Length, PagePermissions.ReadExecute | PagePermissions.Write);
        machine.Memory.Load(Text, code);
        machine.Memory.Map(Data, 0x10000, PagePermissions.ReadWrite);
        foreach (var cpu in machine.Cpus)
        {
            cpu.Pc = Text;
            cpu.SpEl1 = Data + 0x8000 - (ulong)cpu.Index * 0x1000;
            cpu.SetX(0, (ulong)cpu.Index);
        }
        machine.Handler = new HaltOnBreak();
        return machine;
    }

    [Fact]
    public void A_loop_with_calls_loads_and_stores_computes_what_the_architecture_says()
    {
        var machine = Boot("""
                mov x19, #0
                mov x20, #1
            1:  mov x0, x20
                bl square
                add x19, x19, x0
                add x20, x20, #1
                cmp x20, #10
                b.ls 1b
                stp x19, x20, [sp, #-16]!
                ldp x1, x2, [sp], #16
                movz x3, #0xbeef
                movk x3, #0xdead, lsl #16
                ubfx x4, x3, #16, #8
                csel x5, x3, x4, hi
                brk #0
            square:
                mul x0, x0, x0
                ret
            """);
        Assert.Equal(StopReason.AllHalted, machine.Run());
        var cpu = machine.Cpus[0];
        Assert.Equal(385UL, cpu.X(19));   // 1² + … + 10²
        Assert.Equal((385UL, 11UL), (cpu.X(1), cpu.X(2)));
        Assert.Equal(0xdeadbeefUL, cpu.X(3));
        Assert.Equal(0xadUL, cpu.X(4));
        Assert.Equal(0xdeadbeefUL, cpu.X(5));
        Assert.Equal(Data + 0x8000, cpu.SpEl1);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another_interleaving()
    {
        const string counter = """
                adr x1, 2f
            1:  ldaxr x2, [x1]
                add x2, x2, #1
                stlxr w3, x2, [x1]
                cbnz w3, 1b
                add x4, x4, #1
                cmp x4, #200
                b.ne 1b
                brk #0
            .balign 64
            2:  .quad 0
            """;
        ulong Hash(int seed)
        {
            var m = Boot(counter, new MachineOptions { Cpus = 4, Seed = seed });
            Assert.Equal(StopReason.AllHalted, m.Run());
            Assert.Equal(800UL, m.Memory.Read(Text + 64, 8));
            return m.TraceHash;
        }
        Assert.Equal(Hash(7), Hash(7));
        Assert.NotEqual(Hash(7), Hash(8));
    }
}
