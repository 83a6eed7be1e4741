using System.Buffers.Binary;
using PatchLab.Elf;

namespace PatchLab.Linking;

/// <summary>
/// A large synthetic link input for measuring the linker: objects of functions that call functions of random other
/// objects (BL, B), load another object's data (ADRP + LDR) and keep a .data table of pointers to other objects'
/// functions; every tenth object's code is in <see cref="FarSection"/>, placed 256 MiB away so calls need veneers.
/// The same seed gives the same objects.
/// </summary>
public static class SyntheticProgram
{
    public const string FarSection = ".far";
    public const ulong FarSectionStart = 0x10400000;
    public const string Entry = "f_0_0";
    private const int FunctionsPerObject = 12;

    public static List<RelocatableObject> Objects(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => Object(i, count, random))];
    }

    /// <summary>
    /// Object <paramref name="index"/>: functions that call functions of random other objects (BL), load another
    /// object's data (ADRP + LDR) and return; a .data table of pointers to other objects' functions; .rodata; .bss.
    /// </summary>
    private static RelocatableObject Object(int index, int count, Random random)
    {
        var obj = new RelocatableObject { Name = $"obj{index:D4}.o" };
        var text = new ObjectSection(index % 10 == 9 ? FarSection : ".text", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr) { Alignment = 4 };
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
