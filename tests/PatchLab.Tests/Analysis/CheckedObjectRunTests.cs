using PatchLab.Analysis;
using PatchLab.Arm64.Assembler;
using PatchLab.Arm64;
using PatchLab.Kernel;
using PatchLab.Machine;

namespace PatchLab.Tests.Analysis;

/// <summary>
/// An object as a compiler leaves it, run through the checker, linked into a kernel whose static calls come from
/// static_call.S in the inline flavour: static_call_init and static_call_update patch the checked sites.
/// </summary>
public class CheckedObjectRunTests
{
    private const string Kernel = """
            .include "static_call.S"
            DEFINE_STATIC_CALL_RETURN0
            DEFINE_STATIC_CALL foo, target1
            DEFINE_STATIC_CALL_NULL nullcall
            .text
            .globl _start, target1, target2
        _start:
            bl caller
            brk #0
        target1:
            add x21, x21, #1
            ret
        target2:
            add x22, x22, #1
            ret
        """;

    private const string Caller = """
            .text
            .globl caller
        caller:
            mov x28, x30
            bl __SCT__foo
            bl __SCT__nullcall
            bl __SCT__foo
            mov x30, x28
            ret
        """;

    [Fact]
    public void Checked_sites_are_patched_at_init_and_on_update()
    {
        var kernel = KernelImage.Assemble("kernel.s", Kernel, StaticCallFlavour.Inline);
        var caller = SourceAssembler.Assemble(Caller, "caller.o");
        var check = StaticCallChecker.Check([caller, kernel], new StaticCallCheckOptions { Inline = true });
        Assert.Empty(check.Rejections);
        var image = KernelImage.Link([kernel, caller], "_start", StaticCallFlavour.Inline);

        // static_call_init points the foo sites at target1; the nullcall site stays a NOP.
        var (cpu, calls) = Start(image);
        Assert.Equal(3, calls["foo"].Sites.Count + calls["nullcall"].Sites.Count);
        Assert.Equal(PatchInstructions.Branch(calls["foo"].Sites[0].Address, image.Symbol("target1"), link: true),
            cpu.Machine.Memory.PeekWord(calls["foo"].Sites[0].Address));
        cpu.Machine.Run(untilNs: 1_000_000);
        Assert.Equal((2UL, 0UL), (cpu.X(21), cpu.X(22)));

        // static_call_update(foo, target2) and static_call_update(nullcall, target1), then the same calls again.
        (cpu, calls) = Start(image);
        var updates = calls.Update(cpu, calls["foo"].Address, image.Symbol("target2"))
            .Concat(calls.Update(cpu, calls["nullcall"].Address, image.Symbol("target1")));
        cpu.RunHostWork(updates);
        cpu.Machine.Run(untilNs: 1_000_000);
        Assert.Equal((1UL, 2UL), (cpu.X(21), cpu.X(22)));
        Assert.Empty(cpu.Machine.Violations);
    }

    private static (Cpu Cpu, StaticCalls Calls) Start(KernelImage image)
    {
        var machine = new AArch64Machine(new MachineOptions { Cpus = 1 });
        image.LoadInto(machine);
        var host = new KernelHost(machine);
        var patcher = new TextPatcher(host);
        var calls = new StaticCalls(host, image, patcher, new StaticKeys(host, image, patcher));
        var cpu = machine.Cpus[0];
        cpu.Pc = image.Image.Entry;
        return (cpu, calls);
    }
}
