using PatchLab.Kernel;
using PatchLab.Scenarios;

namespace PatchLab.Tests.Kernel;

/// <summary>The cost per call of each static-call flavour and state, counted by the machine.</summary>
public class StaticCallCostTests
{
    [Theory]
    [InlineData(StaticCallFlavour.Inline, StaticCallState.Near, 1, 0, 0)]          // the floor: one BL
    [InlineData(StaticCallFlavour.Inline, StaticCallState.Null, 1, 0, 0)]          // one NOP
    [InlineData(StaticCallFlavour.Inline, StaticCallState.Far, 3, 1, 1)]           // BL; ldr x16, literal; br x16
    [InlineData(StaticCallFlavour.Inline, StaticCallState.Ret0, 4, 0, 1)]          // BL; bti c; mov x0, xzr; ret
    [InlineData(StaticCallFlavour.CondKey, StaticCallState.Null, 1, 0, 0)]         // one NOP
    [InlineData(StaticCallFlavour.Generic, StaticCallState.Near, 3, 1, 1)]         // adrp; ldr; blr
    [InlineData(StaticCallFlavour.Generic, StaticCallState.Null, 3, 1, 0)]         // adrp; ldr; cbz
    [InlineData(StaticCallFlavour.OutOfLine, StaticCallState.Near, 5, 1, 1)]       // BL; bti c; adrp; ldr; br
    [InlineData(StaticCallFlavour.OutOfLine, StaticCallState.Far, 5, 1, 1)]
    [InlineData(StaticCallFlavour.OutOfLine2021, StaticCallState.Near, 3, 0, 0)]   // BL; bti c; b target
    [InlineData(StaticCallFlavour.OutOfLine2021, StaticCallState.Far, 6, 1, 1)]    // BL; bti c; nop; ldr; cbz; br
    [InlineData(StaticCallFlavour.OutOfLine2021, StaticCallState.Null, 6, 1, 1)]   // BL; bti c; nop; ldr; cbz; ret
    public void A_call_costs_what_its_flavour_executes(StaticCallFlavour flavour, StaticCallState state, double instructions, double loads, double indirect)
    {
        var cost = StaticCallCost.Measure(flavour, calls: 100).Single(c => c.State == state);
        Assert.Equal((instructions, loads, indirect), (cost.Instructions, cost.Loads, cost.IndirectBranches));
    }
}
