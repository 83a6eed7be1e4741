using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using PatchLab.Elf;
using PatchLab.Linking;

namespace PatchLab.Bench;

/// <summary>
/// Linking 2,000 synthetic objects (24,000 functions calling across objects, loading other objects' data, pointer
/// tables in .data, COMMON-free .bss), every tenth object's code in a section 256 MiB away so calls need veneers.
/// Set PATCHLAB_BENCH_LINK_DIR to also write the objects there, for timing GNU ld on the same input.
/// </summary>
[MemoryDiagnoser]
public class LinkBenchmarks
{
    private const int Seed = 20261124;
    private const int FunctionsPerObject = 12;
    private List<RelocatableObject> _objects = [];

    [Params(2000)]
    public int Objects { get; set; }

    [Params(VeneerPolicy.Shared, VeneerPolicy.PerSite)]
    public VeneerPolicy Veneers { get; set; }

    private LinkLayout Layout => new()
    {
        Entry = "f_0_0",
        SectionStarts = new Dictionary<string, ulong> { [".far"] = 0x10400000 },
        Veneers = Veneers,
    };

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Seed);
        _objects = [.. Enumerable.Range(0, Objects).Select(i => SyntheticObject(i, Objects, random))];
        var dir = Environment.GetEnvironmentVariable("PATCHLAB_BENCH_LINK_DIR");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        foreach (var obj in _objects)
        {
            using var output = File.Create(Path.Combine(dir, obj.Name));
            ElfWriter.WriteRelocatable(obj, output);
        }
    }

    [Benchmark]
    public int Link() => Linker.Link(_objects, Layout).Symbols.Count;

    /// <summary>
    /// Object <paramref name="index"/>: functions that call functions of random other objects (BL), load another
    /// object's data (ADRP + LDR) and return; a .data table of pointers to other objects' functions; .rodata; .bss.
    /// </summary>
    private static RelocatableObject SyntheticObject(int index, int count, Random random)
    {
        var obj = new RelocatableObject { Name = $"obj{index:D4}.o" };
        var text = new ObjectSection(index % 10 == 9 ? ".far" : ".text", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr) { Alignment = 4 };
        var data = new ObjectSection(".data", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.Write) { Alignment = 8 };
        var rodata = new ObjectSection(".rodata", SectionType.ProgBits, SectionFlags.Alloc) { Alignment = 8, Data = new byte[64] };
        var bss = new ObjectSection(".bss", SectionType.NoBits, SectionFlags.Alloc | SectionFlags.Write) { Alignment = 8, Size = 256 };
        obj.Sections.AddRange([text, data, rodata, bss]);
        var undefined = new Dictionary<string, ObjectSymbol>();
        ObjectSymbol External(string name)
        {
            if (!undefined.TryGetValue(name, out var symbol))
            {
                symbol = new ObjectSymbol(name) { Binding = SymbolBinding.Global };
                undefined[name] = symbol;
                obj.Symbols.Add(symbol);
            }
            return symbol;
        }
        var code = new List<uint>();
        for (var f = 0; f < FunctionsPerObject; f++)
        {
            obj.Symbols.Add(new ObjectSymbol($"f_{index}_{f}")
            { Section = text, Value = (ulong)code.Count * 4, Size = 32, Binding = SymbolBinding.Global, Type = SymbolType.Func });
            var callee = External($"f_{random.Next(count)}_{random.Next(FunctionsPerObject)}");
            var datum = External($"d_{random.Next(count)}");
            text.Relocations.Add(new((ulong)code.Count * 4, 283, callee, 0));           // bl callee
            code.Add(0x94000000);
            text.Relocations.Add(new((ulong)code.Count * 4, 275, datum, 8));           // adrp x0, datum+8
            code.Add(0x90000000);
            text.Relocations.Add(new((ulong)code.Count * 4, 286, datum, 8));           // ldr x1, [x0, :lo12:datum+8]
            code.Add(0xf9400001);
            text.Relocations.Add(new((ulong)code.Count * 4, 282, callee, 0));           // b callee
            code.AddRange([0x14000000, 0xd503201f, 0xd503201f, 0xd503201f, 0xd65f03c0]);
        }
        text.Data = new byte[code.Count * 4];
        for (var i = 0; i < code.Count; i++) BinaryPrimitives.WriteUInt32LittleEndian(text.Data.AsSpan(i * 4), code[i]);
        data.Data = new byte[64];
        obj.Symbols.Add(new ObjectSymbol($"d_{index}") { Section = data, Size = 64, Binding = SymbolBinding.Global, Type = SymbolType.Object });
        for (var slot = 0; slot < 8; slot++)
            data.Relocations.Add(new((ulong)slot * 8, 257, External($"f_{random.Next(count)}_{random.Next(FunctionsPerObject)}"), 0));
        return obj;
    }
}
