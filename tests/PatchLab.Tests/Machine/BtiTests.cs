using PatchLab.Machine;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Machine;

/// <summary>BTI on guarded pages: indirect branches must land on a compatible landing pad, with the BR x16/x17 rule.</summary>
public class BtiTests
{
    private const ulong Text = 0xffff800008000000;

    /// <summary>Branches with <paramref name="branch"/> (using x16 or x2) to a target that starts with <paramref name="pad"/>.</summary>
    private static (ExceptionKind? Fault, bool Reached) Run(string branch, string pad, bool guarded)
    {
        var code = GnuAs.AssembleText($$"""
                adr x16, target
                adr x2, target
                {{branch}}
                brk #1
                .balign 64
            target:
                {{pad}}
                mov x9, #1
                brk #2
            """);
        var machine = new AArch64Machine(new MachineOptions());
        var permissions = PagePermissions.ReadExecute | (guarded ? PagePermissions.Guarded : 0);
        machine.Memory.Map(Text, (ulong)code.Length, permissions);
        machine.Memory.Load(Text, code);
        machine.Cpus[0].Pc = Text;
        var handler = new MachineTests.HaltOnBreak();
        ExceptionKind? fault = null;
        machine.Handler = new FaultRecorder(handler, kind => fault = kind);
        machine.Run();
        return (fault, machine.Cpus[0].X(9) == 1);
    }

    private sealed class FaultRecorder(IExceptionHandler next, Action<ExceptionKind> record) : IExceptionHandler
    {
        public void Handle(Cpu cpu, in CpuException exception)
        {
            if (exception.Kind == ExceptionKind.BranchTargetFault)
            {
                record(exception.Kind);
                cpu.Halted = true;
                return;
            }
            next.Handle(cpu, exception);
        }
    }

    [Theory]
    [InlineData("blr x2", "bti c", true)]
    [InlineData("blr x2", "bti j", false)]
    [InlineData("blr x2", "paciasp", true)]
    [InlineData("br x16", "bti c", true)]    // the veneer/PLT rule: BR x16/x17 lands on BTI c
    [InlineData("br x2", "bti c", false)]
    [InlineData("br x2", "bti j", true)]
    [InlineData("br x2", "bti jc", true)]
    [InlineData("blr x2", "bti", false)]
    [InlineData("blr x2", "nop", false)]
    public void An_indirect_branch_into_a_guarded_page_needs_a_compatible_landing_pad(string branch, string pad, bool allowed)
    {
        var (fault, reached) = Run(branch, pad, guarded: true);
        Assert.Equal(allowed, reached);
        Assert.Equal(allowed ? null : ExceptionKind.BranchTargetFault, fault);
    }

    [Fact]
    public void Unguarded_pages_take_any_target() => Assert.Equal((null, true), Run("br x2", "nop", guarded: false));

    [Fact]
    public void Direct_branches_need_no_landing_pad() => Assert.Equal((null, true), Run("b target", "nop", guarded: true));
}
