using System.Text;
using LibObjectFile.Elf;
using ElfFile = LibObjectFile.Elf.ElfFile;
using ElfSymbolTable = LibObjectFile.Elf.ElfSymbolTable;
using PatchLab.Arm64.Assembler;
using PatchLab.Elf;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64.Assembler;

/// <summary>
/// Assembles the same source with GNU as and with ours and describes both objects in one text form: every
/// section (name, type, flags, alignment, entry size, bytes), every relocation (offset, type, symbol or [section],
/// addend) and every symbol (name, section, value, size, binding, type, visibility), sorted.
/// </summary>
internal static class GnuAsComparison
{
    /// <summary>Asserts that our object for <paramref name="source"/> matches GNU as's, item by item.</summary>
    public static void AssertSameAsGnu(string source, IReadOnlyDictionary<string, string>? otherFiles = null)
    {
        using var dir = new TempDir();
        var path = dir.File("test.s");
        File.WriteAllText(path, source + "\n");
        foreach (var (name, text) in otherFiles ?? new Dictionary<string, string>())
            File.WriteAllText(dir.File(name), text);
        var expected = DescribeGnu(path, dir.Path);
        var actual = Describe(SourceAssembler.AssembleFile(path));
        Assert.Equal(expected, actual);
    }

    /// <summary>GNU as's first error line for the source, or null if it assembles.</summary>
    public static string? GnuError(string source, string fileName = "test.s")
    {
        using var dir = new TempDir();
        var path = dir.File(fileName);
        File.WriteAllText(path, source + "\n");
        var (exit, _, err) = OracleTool.RunRaw("aarch64-linux-gnu-as", path, "-o", dir.File("out.o"));
        if (exit == 0) return null;
        return err.Split('\n').First(l => l.Contains(": Error: ", StringComparison.Ordinal)).Replace(dir.Path + "/", "");
    }

    public static string DescribeGnu(string path, string includeDir)
    {
        var output = Path.ChangeExtension(path, ".o");
        OracleTool.Run("aarch64-linux-gnu-as", "-I", includeDir, path, "-o", output);
        using var stream = File.OpenRead(output);
        var elf = ElfFile.Read(stream);
        var lines = new List<string>();
        var sections = elf.Sections.Where(s => s.Type is ElfSectionType.ProgBits or ElfSectionType.NoBits
            or ElfSectionType.Note or ElfSectionType.InitArray or ElfSectionType.FiniArray
            or ElfSectionType.PreInitArray).ToList();
        foreach (var s in sections)
        {
            byte[] data = [];
            if (s is ElfStreamSection stream1 && s.Type != ElfSectionType.NoBits)
            {
                stream1.Stream.Position = 0;
                data = new byte[stream1.Stream.Length];
                stream1.Stream.ReadExactly(data);
            }
            var link = (s.Flags & ElfSectionFlags.LinkOrder) != 0 ? s.Link.Section?.Name.Value : null;
            lines.Add(SectionLine(s.Name.Value, (uint)s.Type, (ulong)s.Flags, s.VirtualAddressAlignment,
                s.TableEntrySize, s.Size, link, data));
        }
        var symbolTable = elf.Sections.OfType<ElfSymbolTable>().Single();
        var symbols = symbolTable.Entries;
        foreach (var table in elf.Sections.OfType<ElfRelocationTable>())
        {
            var target = table.Info.Section!.Name.Value;
            foreach (var r in table.Entries)
            {
                var symbol = symbols[(int)r.SymbolIndex];
                lines.Add(RelocationLine(target, r.Offset, r.Type.Value, GnuSymbolName(symbol), r.Addend));
            }
        }
        var symbolLines = new List<string>();
        foreach (var symbol in symbols.Skip(1))
        {
            var section = symbol.SectionLink.IsSpecial
                ? symbol.SectionLink.SpecialIndex switch { 0 => "UND", 0xfff1 => "ABS", 0xfff2 => "COM", var i => $"#{i:x}" }
                : symbol.SectionLink.Section!.Name.Value;
            symbolLines.Add(SymbolLine(GnuSymbolName(symbol), section, symbol.Value, symbol.Size, (int)symbol.Bind,
                (int)symbol.Type, (int)symbol.Visibility));
        }
        symbolLines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines.Concat(symbolLines));
    }

    private static string GnuSymbolName(LibObjectFile.Elf.ElfSymbol symbol) =>
        symbol.Type == ElfSymbolType.Section ? $"[{symbol.SectionLink.Section!.Name.Value}]" : symbol.Name.Value ?? "";

    public static string Describe(RelocatableObject obj)
    {
        var lines = new List<string>();
        foreach (var s in obj.Sections)
        {
            lines.Add(SectionLine(s.Name, (uint)s.Type, (ulong)s.Flags, s.Alignment, s.EntrySize, s.Size,
                s.LinkedSection?.Name, s.Type == SectionType.NoBits ? [] : s.Data));
        }
        foreach (var s in obj.Sections)
        {
            foreach (var r in s.Relocations)
                lines.Add(RelocationLine(s.Name, r.Offset, r.Type, r.Symbol is null ? "" : SymbolName(r.Symbol), r.Addend));
        }
        var symbolLines = obj.Symbols.Select(symbol => SymbolLine(SymbolName(symbol),
            symbol.IsAbsolute ? "ABS" : symbol.IsCommon ? "COM" : symbol.Section?.Name ?? "UND", symbol.Value, symbol.Size,
            (int)symbol.Binding, (int)symbol.Type, (int)symbol.Visibility)).ToList();
        symbolLines.Sort(StringComparer.Ordinal);
        return string.Join('\n', lines.Concat(symbolLines));
    }

    private static string SymbolName(ObjectSymbol symbol) =>
        symbol.Type == SymbolType.Section ? $"[{symbol.Section!.Name}]" : symbol.Name;

    private static string SectionLine(string name, uint type, ulong flags, ulong align, ulong entSize, ulong size,
        string? link, byte[] data)
    {
        var sb = new StringBuilder($"section {name} type={type} flags=0x{flags:x} align={align} entsize={entSize} size={size}");
        if (link is not null) sb.Append($" link={link}");
        if (data.Length > 0) sb.Append(" data=").Append(Convert.ToHexString(data).ToLowerInvariant());
        return sb.ToString();
    }

    private static string RelocationLine(string section, ulong offset, uint type, string symbol, long addend) =>
        $"reloc {section}+0x{offset:x} {(PatchLab.Arm64.RelocationType)type} {symbol} {addend}";

    private static string SymbolLine(string name, string section, ulong value, ulong size, int bind, int type, int vis) =>
        $"symbol {name} {section} 0x{value:x} size={size} bind={(SymbolBinding)bind} type={(SymbolType)type} vis={(SymbolVisibility)vis}";
}
