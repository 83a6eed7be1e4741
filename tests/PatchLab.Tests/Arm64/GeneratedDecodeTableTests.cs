using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64;

/// <summary>The committed decode tree (src/PatchLab/Arm64/DecodeTable.g.cs) is what the generator writes today.</summary>
public sealed class GeneratedDecodeTableTests
{
    [Fact]
    public void GeneratorLeavesNoDiff()
    {
        var path = Path.Combine(RepositoryRoot(), "src", "PatchLab", "Arm64", DecodeTableGenerator.FileName);
        var generated = DecodeTableGenerator.Source();
        if (Environment.GetEnvironmentVariable("PATCHLAB_REGENERATE") == "1") File.WriteAllText(path, generated);
        Assert.True(File.ReadAllText(path) == generated,
            $"{path} is stale: run this test with PATCHLAB_REGENERATE=1 to write it again, then commit it");
    }

    [Fact]
    public void CommittedTreeDecodesAsABuiltOne()
    {
        var bases = EncodingTable.All.Where(e => !e.IsAlias).ToArray();
        Assert.Equal(GeneratedDecodeTable.Fingerprint, DecodeTableGenerator.Fingerprint(bases));
        var committed = DecodeTree<Encoding>.FromLayout(GeneratedDecodeTable.Root, GeneratedDecodeTable.Slots,
            GeneratedDecodeTable.LeafParts, bases);
        var built = DecodeTree<Encoding>.Build(bases);
        var random = TestSeed.Random(2);
        for (var i = 0; i < 1 << 20; i++)
        {
            var word = (uint)random.NextInt64(0, 1L << 32);
            Assert.True(ReferenceEquals(committed.Find(word), built.Find(word)), $"word {word:x8} (seed {TestSeed.Value})");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PatchLab.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no PatchLab.slnx above {AppContext.BaseDirectory}");
    }
}
