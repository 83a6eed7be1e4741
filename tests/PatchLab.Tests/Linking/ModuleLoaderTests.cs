using PatchLab.Arm64;
using PatchLab.Elf;
using PatchLab.Linking;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Linking;

/// <summary>
/// GCC-compiled modules loaded like arm64 Linux loads them: PLTs counted before layout, emitted only for calls out of
/// range, deduplicated per target, and every call lands where it should when run on the machine.
/// </summary>
public class ModuleLoaderTests
{
    private const ulong KernelBase = 0xffff800008000000;

    private static readonly string[] KernelFunctions = ["kernel_add", "kernel_mul", "kernel_bump"];

    private static (Image Kernel, RelocatableObject Module) Build(TempDir dir, string flags)
    {
        var kernelObject = LinkPrograms.Objects(dir, "-O2", "kernel.c");
        var kernel = Linker.Link(LinkPrograms.Read(kernelObject), new LinkLayout { Entry = "kernel_entry", TextStart = KernelBase });
        var module = LinkPrograms.Read(LinkPrograms.Objects(dir, flags, "module.c"))[0];
        return (kernel, module);
    }

    public static TheoryData<ulong, string> Distances() => new()
    {
        { 16UL << 20, "-O2 -fno-common" },
        { 1UL << 30, "-O2 -fno-common" },
        { 3UL << 30, "-O2 -fno-common" },
        { 16UL << 20, "-O2 -fno-common -ffunction-sections" },
        { 1UL << 30, "-O2 -fno-common -ffunction-sections" },
        { 1UL << 30, "-O0 -fno-common" },
    };

    [Theory]
    [MemberData(nameof(Distances))]
    public void Calls_out_of_range_get_PLTs_and_every_call_lands_where_it_should(ulong distance, string flags)
    {
        using var dir = new TempDir();
        var (kernel, module) = Build(dir, flags);
        var loaded = ModuleLoader.Load(module, kernel, KernelBase + distance);
        Assert.Equal(ExpectedReservation(module), loaded.PltsReserved);
        Assert.Equal(loaded.PltsReserved, ModuleLoader.CountPlts(module));
        var far = !AArch64Relocation.BranchReaches(KernelBase + distance, KernelBase);
        if (!far) Assert.Empty(loaded.Plts);
        else
        {
            Assert.Equal(KernelFunctions.Order(), loaded.Plts.Select(p => p.TargetName).Distinct().Order());
            Assert.True(loaded.Plts.Count <= loaded.PltsReserved);
            if (!flags.Contains("function-sections", StringComparison.Ordinal))
                Assert.Equal(KernelFunctions.Length, loaded.Plts.Count);  // one text section: one entry per target
        }
        var plt = loaded.Sections.Single(s => s.Name == ".plt");
        Assert.Equal((ulong)(loaded.PltsReserved + 1) * 12, plt.Size);
        Assert.Equal(0UL, plt.Address % 64);
        var disassembler = new Disassembler();
        foreach (var entry in loaded.Plts)
        {
            var at = (int)(entry.Address - plt.Address);
            var words = Enumerable.Range(0, 3).Select(i => BitConverter.ToUInt32(plt.Data, at + 4 * i)).ToArray();
            Assert.StartsWith("adrp\tx16, ", disassembler.Format(words[0], entry.Address), StringComparison.Ordinal);
            Assert.Equal($"add\tx16, x16, #0x{entry.Target & 0xfff:x}", disassembler.Format(words[1], entry.Address + 4));
            Assert.Equal("br\tx16", disassembler.Format(words[2], entry.Address + 8));
            Assert.Equal(kernel.FindSymbol(entry.TargetName)!.Value, AdrpTarget(words[0], entry.Address) + (entry.Target & 0xfff));
        }

        var machine = ImageRunner.Boot(kernel.Sections.Concat(loaded.Sections));
        const long x = 17;
        Assert.Equal(Expected(x), (long)ImageRunner.Call(machine, loaded.FindSymbol("module_run")!.Value, x));
        Assert.Equal(6UL, machine.Memory.Read(kernel.FindSymbol("kernel_counter")!.Value, 8));
        Assert.Equal((ulong)((((x + 3) * 2) + 5)), machine.Memory.Read(loaded.FindSymbol("module_result")!.Value, 8));
        Assert.Equal(x * x + 1, (long)ImageRunner.Call(machine, loaded.FindSymbol("module_tail")!.Value, x));
    }

    [Fact]
    public void Modules_loaded_one_after_another_need_PLTs_only_for_the_kernel_and_use_each_others_symbols()
    {
        using var dir = new TempDir();
        var (kernel, first) = Build(dir, "-O2 -fno-common");
        var second = LinkPrograms.Read(LinkPrograms.Objects(dir, "-O2 -fno-common", "module2.c"))[0];
        var modules = ModuleLoader.LoadAll([first, second], kernel, KernelBase + (1UL << 30));
        Assert.Equal(2, modules.Count);
        Assert.True(modules[1].Base >= modules[0].End && modules[1].Base % 0x1000 == 0);
        Assert.Equal(["kernel_add"], modules[1].Plts.Select(p => p.TargetName));
        Assert.Equal(2, modules[1].PltsReserved);  // module_run and kernel_add: counted before layout
        var machine = ImageRunner.Boot(kernel.Sections.Concat(modules.SelectMany(m => m.Sections)));
        const long x = 4;
        Assert.Equal(Expected(x) + 1001, (long)ImageRunner.Call(machine, modules[1].FindSymbol("second_run")!.Value, x));
    }

    [Fact]
    public void An_unknown_symbol_is_a_user_error()
    {
        var module = PatchLab.Arm64.Assembler.SourceAssembler.Assemble(".text\n.globl f\nf: bl not_exported\n", "m.s");
        var kernel = new Image();
        Assert.Contains("unknown symbol `not_exported'", Assert.Throws<UserInputException>(() => ModuleLoader.Load(module, kernel, KernelBase)).Message, StringComparison.Ordinal);
    }

    /// <summary>module_run as C computes it, with kernel_counter starting at 5.</summary>
    private static long Expected(long x)
    {
        var c = (x + 3) * 2 + 5;
        return (c ^ 0x55) + 6;
    }

    /// <summary>
    /// Linux's count, from readelf's view of the object: per executable section, distinct (symbol, type, addend) of
    /// its B/BL relocations whose symbol is not in that section.
    /// </summary>
    private static int ExpectedReservation(RelocatableObject module) =>
        module.Sections.Where(s => (s.Flags & SectionFlags.ExecInstr) != 0).Sum(s => s.Relocations
            .Where(r => r.Type is (uint)RelocationType.Call26 or (uint)RelocationType.Jump26 && r.Symbol?.Section != s)
            .Select(r => (r.Symbol?.Name, r.Type, r.Addend)).Distinct().Count());

    private static ulong AdrpTarget(uint word, ulong address)
    {
        var immediate = (long)((((word >> 5) & 0x7ffff) << 2) | ((word >> 29) & 3));
        immediate = immediate << 43 >> 43;
        return (address & ~0xfffUL) + (ulong)(immediate << 12);
    }

}
