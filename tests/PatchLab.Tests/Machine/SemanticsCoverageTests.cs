using PatchLab.Machine.Execution;

namespace PatchLab.Tests.Machine;

/// <summary>The interpreter never gives meaning to a word the encoding table calls unallocated.</summary>
public class SemanticsCoverageTests
{
    [Fact]
    public void Every_word_with_semantics_is_one_the_table_decodes()
    {
        var random = TestSeed.Random(4242);
        var failures = new List<string>();
        var checkedWords = 0;
        for (var i = 0; i < 2_000_000 && failures.Count < 10; i++)
        {
            var word = (uint)random.NextInt64();
            // Half the samples land in one semantic's pattern, so sparse classes are exercised too.
            if ((i & 1) == 0)
            {
                var semantic = Semantics.All[random.Next(Semantics.All.Count)];
                word = (word & ~semantic.Mask) | semantic.Value;
            }
            var found = Semantics.Find(word);
            if (found is null) continue;
            checkedWords++;
            if (PatchLab.Arm64.Decoder.FindEncoding(word) is null) failures.Add($"{word:x8} ({found.Name})");
        }
        Assert.True(failures.Count == 0, $"seed {TestSeed.Value}: {checkedWords} words checked; undecodable: {string.Join(", ", failures)}");
    }
}
