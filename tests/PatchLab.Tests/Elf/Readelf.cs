using System.Globalization;
using System.Text.RegularExpressions;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Elf;

/// <summary>What <c>aarch64-linux-gnu-readelf -SsrW</c> prints, parsed into comparable rows.</summary>
internal static partial class Readelf
{
    public sealed record Section(int Index, string Name, string Type, ulong Address, ulong Offset, ulong Size,
        ulong EntrySize, string Flags, uint Link, uint Info, ulong Alignment);

    public sealed record Symbol(int Index, ulong Value, ulong Size, string Type, string Binding, string Visibility,
        string SectionIndex, string Name);

    public sealed record Relocation(string Section, ulong Offset, ulong Info, long Addend);

    [GeneratedRegex(@"^\s*\[\s*(\d+)\]\s+(\S*)\s+(\S+)\s+([0-9a-f]{16})\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+(\S*)\s+(\d+)\s+(\d+)\s+(\d+)$")]
    private static partial Regex SectionLine();

    [GeneratedRegex(@"^\s*(\d+):\s+([0-9a-f]{16})\s+(\d+|0x[0-9a-f]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s?(.*)$")]
    private static partial Regex SymbolLine();

    [GeneratedRegex(@"^Relocation section '([^']*)'")]
    private static partial Regex RelocationHeader();

    [GeneratedRegex(@"^([0-9a-f]{16})\s+([0-9a-f]{16})\s+(.*)$")]
    private static partial Regex RelocationLine();

    public static (List<Section> Sections, List<Symbol> Symbols, List<Relocation> Relocations) Read(string path)
    {
        var text = OracleTool.Run("aarch64-linux-gnu-readelf", "-SsrW", path);
        var sections = new List<Section>();
        var symbols = new List<Symbol>();
        var relocations = new List<Relocation>();
        string? relocationSection = null;
        foreach (var line in text.Split('\n'))
        {
            if (SectionLine().Match(line) is { Success: true } s)
            {
                var g = s.Groups;
                sections.Add(new Section(int.Parse(g[1].Value, CultureInfo.InvariantCulture), g[2].Value, g[3].Value,
                    Hex(g[4].Value), Hex(g[5].Value), Hex(g[6].Value), Hex(g[7].Value), g[8].Value,
                    uint.Parse(g[9].Value, CultureInfo.InvariantCulture), uint.Parse(g[10].Value, CultureInfo.InvariantCulture),
                    ulong.Parse(g[11].Value, CultureInfo.InvariantCulture)));
            }
            else if (SymbolLine().Match(line) is { Success: true } y)
            {
                var g = y.Groups;
                var size = g[3].Value.StartsWith("0x", StringComparison.Ordinal) ? Hex(g[3].Value[2..])
                    : ulong.Parse(g[3].Value, CultureInfo.InvariantCulture);
                symbols.Add(new Symbol(int.Parse(g[1].Value, CultureInfo.InvariantCulture), Hex(g[2].Value), size,
                    g[4].Value, g[5].Value, g[6].Value, g[7].Value, g[8].Value));
            }
            else if (RelocationHeader().Match(line) is { Success: true } h)
                relocationSection = h.Groups[1].Value;
            else if (relocationSection is not null && RelocationLine().Match(line) is { Success: true } r)
            {
                var tokens = r.Groups[3].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                long addend = 0;
                if (tokens.Length >= 2 && tokens[^2] is "+" or "-")
                    addend = (tokens[^2] == "-" ? -1 : 1) * (long)Hex(tokens[^1]);
                else if (tokens.Length >= 2)
                    addend = (long)Hex(tokens[^1]);
                relocations.Add(new Relocation(relocationSection, Hex(r.Groups[1].Value), Hex(r.Groups[2].Value), addend));
            }
        }
        return (sections, symbols, relocations);
    }

    public static string TypeName(PatchLab.Elf.SectionType type) => type switch
    {
        PatchLab.Elf.SectionType.Null => "NULL",
        PatchLab.Elf.SectionType.ProgBits => "PROGBITS",
        PatchLab.Elf.SectionType.SymTab => "SYMTAB",
        PatchLab.Elf.SectionType.StrTab => "STRTAB",
        PatchLab.Elf.SectionType.Rela => "RELA",
        PatchLab.Elf.SectionType.Rel => "REL",
        PatchLab.Elf.SectionType.NoBits => "NOBITS",
        PatchLab.Elf.SectionType.Note => "NOTE",
        PatchLab.Elf.SectionType.Group => "GROUP",
        PatchLab.Elf.SectionType.InitArray => "INIT_ARRAY",
        PatchLab.Elf.SectionType.FiniArray => "FINI_ARRAY",
        _ => $"0x{(uint)type:x}",
    };

    public static string SymbolTypeName(PatchLab.Elf.SymbolType type) => type switch
    {
        PatchLab.Elf.SymbolType.NoType => "NOTYPE",
        PatchLab.Elf.SymbolType.Object => "OBJECT",
        PatchLab.Elf.SymbolType.Func => "FUNC",
        PatchLab.Elf.SymbolType.Section => "SECTION",
        PatchLab.Elf.SymbolType.File => "FILE",
        PatchLab.Elf.SymbolType.Common => "COMMON",
        PatchLab.Elf.SymbolType.Tls => "TLS",
        PatchLab.Elf.SymbolType.GnuIFunc => "IFUNC",
        _ => $"<{(int)type}>",
    };

    public static string SectionIndexName(uint index) => index switch
    {
        0 => "UND",
        0xfff1 => "ABS",
        0xfff2 => "COM",
        _ => index.ToString(CultureInfo.InvariantCulture),
    };

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
