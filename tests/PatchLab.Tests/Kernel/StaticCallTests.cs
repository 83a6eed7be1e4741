using PatchLab.Kernel;
using PatchLab.Scenarios;

namespace PatchLab.Tests.Kernel;

/// <summary>Static calls in every flavour: tables, init, update and query, the kernel's algorithm.</summary>
public class StaticCallTests
{
    public static TheoryData<StaticCallFlavour> Flavours => [.. Enum.GetValues<StaticCallFlavour>()];

    [Theory]
    [MemberData(nameof(Flavours))]
    public void Smoke(StaticCallFlavour flavour)
    {
        var rig = new StaticCallRig(flavour, 4, TestSeed.Value);
        var targets = rig.Targets;
        var result = rig.Run(10, g => targets[g % targets.Count]);
        Assert.Empty(result.Violations);
        Assert.Equal(0UL, result.WrongTargets);
        Assert.True(result.Calls > 0);
    }
}
