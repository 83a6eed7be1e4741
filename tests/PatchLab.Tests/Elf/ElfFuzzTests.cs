using System.Diagnostics;
using PatchLab.Arm64.Listing;
using PatchLab.Elf;

namespace PatchLab.Tests.Elf;

public class ElfFuzzTests
{
    /// <summary>The consumers of a damaged file: the disassembly listing and the symbol listing read everything.</summary>
    private static void ListToNowhere(ElfFile file)
    {
        DisassemblyListing.ListToNowhere(file);
        SymbolListing.Write(file, Stream.Null);
    }

    private const int Cases = 4000;

    [Fact]
    public void Damaged_files_raise_only_ElfFormatException_without_hanging()
    {
        var seeds = ElfSamples.AllObjects.Append(ElfSamples.BranchesExecutable).Append(ElfSamples.X86Object)
            .Select(File.ReadAllBytes).ToArray();
        foreach (var seed in seeds) Assert.True(ElfMutationFuzzer.Exercise(seed, "seed", ListToNowhere));
        var random = TestSeed.Random(salt: 0xe1f);
        int clean = 0, rejected = 0;
        for (var i = 0; i < Cases; i++)
        {
            var (data, mutation) = ElfMutationFuzzer.Mutate(seeds[i % seeds.Length], random);
            var watch = Stopwatch.StartNew();
            try
            {
                if (ElfMutationFuzzer.Exercise(data, "fuzzed.o", ListToNowhere)) clean++;
                else rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {TestSeed.Value}, case {i} ({mutation}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            Assert.True(watch.ElapsedMilliseconds < 2000, $"seed {TestSeed.Value}, case {i} ({mutation}) took {watch.ElapsedMilliseconds} ms");
        }
        // The mutations must reach both outcomes, or the fuzzer is not testing the checks.
        Assert.True(clean > Cases / 20 && rejected > Cases / 20, $"clean {clean}, rejected {rejected}");
    }
}
