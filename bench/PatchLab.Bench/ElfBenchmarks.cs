using BenchmarkDotNet.Attributes;
using PatchLab.Elf;

namespace PatchLab.Bench;

/// <summary>
/// Opening an ELF file and listing its symbols, the path a kernel scan takes first. Set PATCHLAB_BENCH_ELF to a
/// large file (a vmlinux); without it the benchmark uses a synthetic object with 20,000 functions,
/// written to a temporary file.
/// </summary>
[MemoryDiagnoser]
public class ElfBenchmarks
{
    private string _path = "";
    private string? _scratch;

    [GlobalSetup]
    public void Setup()
    {
        var given = Environment.GetEnvironmentVariable("PATCHLAB_BENCH_ELF");
        if (!string.IsNullOrEmpty(given))
        {
            _path = given;
            return;
        }
        _scratch = Path.Combine(Path.GetTempPath(), $"patchlab-bench-{Environment.ProcessId}.o");
        using var output = File.Create(_scratch);
        ElfWriter.WriteRelocatable(SyntheticObject(20_000), output);
        _path = _scratch;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_scratch is not null) File.Delete(_scratch);
    }

    [Benchmark]
    public int OpenAndListSections()
    {
        using var file = ElfFile.Open(_path);
        return file.Sections.Count;
    }

    [Benchmark]
    public int OpenAndListSymbols()
    {
        using var file = ElfFile.Open(_path);
        var count = 0;
        foreach (var symbol in file.Symbols!)
            count += symbol.Name.Length;
        return count;
    }

    /// <summary>An object with many functions in one text section, like a large kernel object.</summary>
    private static RelocatableObject SyntheticObject(int functions)
    {
        var text = new ObjectSection(".text", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr)
        {
            Alignment = 4,
            Data = new byte[functions * 16],
        };
        var obj = new RelocatableObject { Name = "synthetic.o" };
        obj.Sections.Add(text);
        for (var i = 0; i < functions; i++)
        {
            obj.Symbols.Add(new ObjectSymbol($"function_{i}")
            {
                Section = text,
                Value = (ulong)i * 16,
                Size = 16,
                Binding = SymbolBinding.Global,
                Type = SymbolType.Func,
            });
        }
        return obj;
    }
}
