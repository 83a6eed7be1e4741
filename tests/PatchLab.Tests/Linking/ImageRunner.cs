using PatchLab.Elf;
using PatchLab.Linking;
using PatchLab.Machine;
using PatchLab.Tests.Machine;

namespace PatchLab.Tests.Linking;

/// <summary>Loads linked sections into a one-CPU machine and calls functions in them at EL1.</summary>
internal static class ImageRunner
{
    private const ulong StackTop = 0xffff700000010000;
    private const ulong ReturnTrap = 0xffff700000100000;

    /// <summary>Maps each section's pages (read, write, execute) and loads its bytes.</summary>
    public static AArch64Machine Boot(IEnumerable<ImageSection> sections, int cpus = 1)
    {
        var machine = new AArch64Machine(new MachineOptions { Cpus = cpus, Seed = TestSeed.Value }) { Handler = new MachineTests.HaltOnBreak() };
        foreach (var section in sections)
        {
            var start = section.Address & ~0xfffUL;
            machine.Memory.Map(start, Linker.AlignUp(section.Address + section.Size, 0x1000) - start, PagePermissions.ReadExecute | PagePermissions.Write);
            if (section.Type != SectionType.NoBits) machine.Memory.Load(section.Address, section.Data);
        }
        machine.Memory.Map(StackTop - 0x10000, 0x10000, PagePermissions.ReadWrite);
        machine.Memory.Map(ReturnTrap, 0x1000, PagePermissions.ReadExecute);
        machine.Memory.Load(ReturnTrap, BitConverter.GetBytes(0xd4200000u));  // brk #0
        return machine;
    }

    /// <summary>Calls a function with one argument on CPU 0; it returns to a BRK that halts the CPU.</summary>
    public static ulong Call(AArch64Machine machine, ulong function, long argument)
    {
        var cpu = machine.Cpus[0];
        Start(cpu, function, (ulong)argument);
        machine.Run();
        Assert.Equal(ReturnTrap, cpu.Pc);
        return cpu.X(0);
    }

    /// <summary>Sets a CPU up to call a function with arguments in x0…, on a stack of its own, returning to the BRK.</summary>
    public static void Start(Cpu cpu, ulong function, params ulong[] arguments)
    {
        cpu.Halted = false;
        cpu.Pc = function;
        cpu.SpEl1 = StackTop - (ulong)cpu.Index * 0x1000;
        for (var i = 0; i < arguments.Length; i++) cpu.SetX(i, arguments[i]);
        cpu.SetX(30, ReturnTrap);
    }
}
