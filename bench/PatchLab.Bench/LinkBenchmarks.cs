using BenchmarkDotNet.Attributes;
using PatchLab.Elf;
using PatchLab.Linking;

namespace PatchLab.Bench;

/// <summary>
/// Linking 2,000 synthetic objects (<see cref="SyntheticProgram"/>: 24,000 functions, veneers needed) in memory;
/// `patchlab bench link` times the same input beside GNU ld, both reading the objects from files.
/// </summary>
[MemoryDiagnoser]
public class LinkBenchmarks
{
    private const int Seed = 20261124;
    private List<RelocatableObject> _objects = [];

    [Params(2000)]
    public int Objects { get; set; }

    [Params(VeneerPolicy.Shared, VeneerPolicy.PerSite)]
    public VeneerPolicy Veneers { get; set; }

    private LinkLayout Layout => new()
    {
        Entry = SyntheticProgram.Entry,
        SectionStarts = new Dictionary<string, ulong> { [SyntheticProgram.FarSection] = SyntheticProgram.FarSectionStart },
        Veneers = Veneers,
    };

    [GlobalSetup]
    public void Setup() => _objects = SyntheticProgram.Objects(Objects, Seed);

    [Benchmark]
    public int Link() => Linker.Link(_objects, Layout).Symbols.Count;
}
