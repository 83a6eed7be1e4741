using System.Globalization;
using System.Text.RegularExpressions;
using PatchLab.Linking;
using PatchLab.Tests.Elf;
using PatchLab.Tests.Oracles;
using Lib = LibObjectFile.Elf;

namespace PatchLab.Tests.Linking;

/// <summary>A linked executable reads back through LibObjectFile and readelf as the image says.</summary>
public partial class LinkedExecutableReadBackTests
{
    private static Image LinkFar(TempDir dir, VeneerPolicy policy, out string path)
    {
        var objects = LinkPrograms.Objects(dir, "-O2", "main.c", "data.c", "far.c");
        path = dir.File("linked");
        return LinkPrograms.LinkTo(path, objects, new LinkLayout
        {
            SectionStarts = new Dictionary<string, ulong> { [".far"] = 0x10400000 },
            Veneers = policy,
        });
    }

    [Theory]
    [InlineData(VeneerPolicy.Shared)]
    [InlineData(VeneerPolicy.PerSite)]
    public void LibObjectFile_reads_the_sections_segments_and_symbols_of_the_image(VeneerPolicy policy)
    {
        using var dir = new TempDir();
        var image = LinkFar(dir, policy, out var path);
        using var stream = File.OpenRead(path);
        var lib = Lib.ElfFile.Read(stream);
        Assert.Equal(Lib.ElfFileType.Executable, lib.FileType);
        Assert.Equal(image.Entry, lib.EntryPointAddress);
        var sections = lib.Sections.Where(s => s.Name.Value is { Length: > 0 }).ToDictionary(s => s.Name.Value!, s => s);
        foreach (var s in image.Sections)
        {
            Assert.Equal(s.Address, sections[s.Name].VirtualAddress);
            Assert.Equal(s.Size, sections[s.Name].Size);
        }
        var loads = lib.Segments.Where(p => p.Type == Lib.ElfSegmentTypeCore.Load).Select(p => (p.VirtualAddress, p.SizeInMemory)).ToList();
        foreach (var s in image.Sections)
            Assert.Contains(loads, l => s.Address >= l.VirtualAddress && s.Address + s.Size <= l.VirtualAddress + l.SizeInMemory);
        var symbols = lib.Sections.OfType<Lib.ElfSymbolTable>().Single().Entries.Skip(1)
            .Select(e => (e.Name.Value ?? "", e.Value, e.Size)).ToHashSet();
        foreach (var s in image.Symbols)
            Assert.Contains((s.Name, s.Value, s.Size), symbols);
    }

    [Fact]
    public void Linking_the_same_input_twice_gives_the_same_bytes()
    {
        using var dir = new TempDir();
        LinkFar(dir, VeneerPolicy.PerSite, out var first);
        var bytes = File.ReadAllBytes(first);
        LinkFar(dir, VeneerPolicy.PerSite, out var second);
        Assert.Equal(bytes, File.ReadAllBytes(second));
    }

    [GeneratedRegex(@"^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(R?\s?W?\s?E?)\s+0x([0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex LoadLine();

    [Theory]
    [InlineData(VeneerPolicy.Shared)]
    [InlineData(VeneerPolicy.PerSite)]
    public void Readelf_reads_the_executable_without_complaint_and_as_the_image_says(VeneerPolicy policy)
    {
        using var dir = new TempDir();
        var image = LinkFar(dir, policy, out var path);
        var result = OracleTool.RunRaw("aarch64-linux-gnu-readelf", "-SlsW", path);
        Assert.Equal(0, result.Exit);
        Assert.Equal("", result.Err);
        var (sections, symbols, _) = Readelf.Read(path);
        Assert.Equal(image.Sections.Select(s => (s.Name, s.Address, s.Size)).Order(),
            sections.Where(s => s.Address != 0).Select(s => (s.Name, s.Address, s.Size)).Order());
        Assert.Equal(image.Symbols.Select(s => (s.Name, s.Value, s.Size)).Order(),
            symbols.Where(s => s.Index > 0).Select(s => (s.Name, s.Value, s.Size)).Order());
        var executable = image.ToExecutable();
        var loads = LoadLine().Matches(result.Out).Select(m => ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(executable.Segments.Select(s => s.Address), loads);
        Assert.Equal(3, loads.Count);  // text and read-only data, writable data, the far section
        Assert.Contains(image.Veneers[0].Name, result.Out, StringComparison.Ordinal);
    }
}
