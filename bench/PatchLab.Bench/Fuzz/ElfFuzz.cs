using System.Diagnostics;
using PatchLab.Arm64.Listing;
using PatchLab.Elf;

namespace PatchLab.Bench.Fuzz;

/// <summary>
/// Long runs of the ELF reader's mutation fuzzer (the test suite runs a few thousand cases). Wire it to a command
/// as <c>ElfFuzz.Run(cases, seed, files, Console.Out)</c>; each failure is reported with its seed and case number and
/// the damaged input is saved beside the working directory so it can be replayed.
/// </summary>
public static class ElfFuzz
{
    /// <summary>Runs <paramref name="cases"/> mutations of the given ELF files; returns the number of failures.</summary>
    public static int Run(int cases, int seed, IReadOnlyList<string> files, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(log);
        if (files.Count == 0) throw new ArgumentException("give at least one ELF file to mutate", nameof(files));
        var originals = files.Select(File.ReadAllBytes).ToArray();
        var random = new Random(seed);
        int clean = 0, rejected = 0, failures = 0;
        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var source = i % originals.Length;
            var (data, mutation) = ElfMutationFuzzer.Mutate(originals[source], random);
            var watch = Stopwatch.StartNew();
            try
            {
                if (ElfMutationFuzzer.Exercise(data, files[source], DisassemblyListing.ListToNowhere)) clean++;
                else rejected++;
            }
            catch (Exception e)
            {
                failures++;
                var saved = Path.GetFullPath($"elf-fuzz-{seed}-{i}.bin");
                File.WriteAllBytes(saved, data);
                log.WriteLine($"seed {seed} case {i} ({files[source]}: {mutation}): {e.GetType().Name}: {e.Message} [input saved to {saved}]");
            }
            if (watch.Elapsed > slowest) slowest = watch.Elapsed;
        }
        log.WriteLine($"{cases} cases in {total.Elapsed.TotalSeconds:F1} s: {clean} read cleanly, {rejected} rejected with ElfFormatException, " +
            $"{failures} failures; slowest case {slowest.TotalMilliseconds:F1} ms");
        return failures;
    }
}
