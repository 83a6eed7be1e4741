using System.Buffers.Binary;
using PatchLab.Elf;
using PatchLab.Tests.Oracles;
using Lib = LibObjectFile.Elf;

namespace PatchLab.Tests.Elf;

public class ElfWriterTests
{
    public static TheoryData<string> Objects() => ["branches.o", "c-o2.o", "c-fs.o", "c-patchable.o", "group.o"];

    private static string PathOf(string sample) => sample == "group.o"
        ? ElfSamples.Assemble("group-w", """
            	.section .text.foo,"axG",%progbits,foo,comdat
            	.globl foo
            foo:	bl bar
            	.section .data.foo,"awG",%progbits,foo,comdat
            	.quad foo
            	.text
            	b foo
            """)
        : ElfReaderTests.PathOf(sample);

    /// <summary>Reads an object into the model and writes it back; returns the original's and the copy's paths.</summary>
    private static (string Original, string Copy, RelocatableObject Model) Rewrite(string sample, TempDir dir)
    {
        var original = PathOf(sample);
        RelocatableObject model;
        using (var file = ElfFile.Open(original)) model = file.ReadRelocatable();
        var copy = dir.File("copy-" + Path.GetFileName(original));
        using (var output = File.Create(copy)) ElfWriter.WriteRelocatable(model, output);
        return (original, copy, model);
    }

    private sealed record SymbolRow(string Name, ulong Value, ulong Size, string Type, string Binding, string Visibility, string Section);

    private sealed record RelocationRow(string Section, ulong Offset, uint Type, string Symbol, long Addend);

    /// <summary>Symbols and relocations by name (indices differ between two equivalent files).</summary>
    private static (List<SymbolRow> Symbols, List<RelocationRow> Relocations, List<Readelf.Section> Sections) Describe(string path)
    {
        var (sections, symbols, relocations) = Readelf.Read(path);
        string SectionName(string ndx) => int.TryParse(ndx, out var i) ? sections[i].Name : ndx;
        var symbolRows = symbols.Skip(1)
            .Where(s => !(s.Type == "SECTION" && sections[int.Parse(s.SectionIndex)].Type == "GROUP"))
            .Select(s => new SymbolRow(s.Name, s.Value, s.Size, s.Type, s.Binding, s.Visibility, SectionName(s.SectionIndex)))
            .OrderBy(s => s.ToString(), StringComparer.Ordinal).ToList();
        var relocationRows = relocations.Select(r =>
        {
            var sym = symbols[(int)(r.Info >> 32)];
            return new RelocationRow(r.Section, r.Offset, (uint)r.Info, sym.Index == 0 ? "" : sym.Name, r.Addend);
        }).ToList();
        return (symbolRows, relocationRows, sections);
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void A_rewritten_object_reads_the_same_through_readelf(string sample)
    {
        using var dir = new TempDir();
        var (original, copy, _) = Rewrite(sample, dir);
        var before = Describe(original);
        var after = Describe(copy);
        Assert.Equal(before.Symbols, after.Symbols);
        Assert.Equal(before.Relocations, after.Relocations);
        // Same sections in the same order as GNU as put them, with the same attributes; offsets may differ.
        // The symbol table's size is left out: symbols were compared above, and GNU as gives a group section a
        // section symbol the model drops.
        Assert.Equal(before.Sections.Select(s => (s.Name, s.Type, s.Type == "SYMTAB" ? 0 : s.Size, s.EntrySize, s.Flags, s.Alignment, s.Address)),
            after.Sections.Select(s => (s.Name, s.Type, s.Type == "SYMTAB" ? 0 : s.Size, s.EntrySize, s.Flags, s.Alignment, s.Address)));
        Assert.Equal(before.Sections.Select(s => (s.Type, s.Link == 0 ? "" : before.Sections[(int)s.Link].Name, s.Info)).Where(x => x.Type != "SYMTAB" && x.Type != "GROUP"),
            after.Sections.Select(s => (s.Type, s.Link == 0 ? "" : after.Sections[(int)s.Link].Name, s.Info)).Where(x => x.Type != "SYMTAB" && x.Type != "GROUP"));
        var (_, _, warnings) = OracleTool.RunRaw("aarch64-linux-gnu-readelf", "-aW", copy);
        Assert.Equal("", warnings);
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void A_rewritten_object_reads_back_into_the_same_model(string sample)
    {
        using var dir = new TempDir();
        var (_, copy, model) = Rewrite(sample, dir);
        using var file = ElfFile.Open(copy);
        var again = file.ReadRelocatable();
        Assert.Equal(Render(model), Render(again));
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void LibObjectFile_reads_a_written_object_as_the_model_says(string sample)
    {
        using var dir = new TempDir();
        var (_, copy, model) = Rewrite(sample, dir);
        using var stream = File.OpenRead(copy);
        var lib = Lib.ElfFile.Read(stream);
        Assert.Equal(Lib.ElfFileType.Relocatable, lib.FileType);
        // Section names repeat (one __patchable_function_entries per function), so pair sections by position.
        var libSections = lib.Sections.Where(s => s.Name.Value is { Length: > 0 }).ToList();
        var contents = libSections.Where(s => (uint)s.Type is not ((uint)SectionType.Rela or (uint)SectionType.SymTab or (uint)SectionType.Group)
            && s.Name.Value is not (".strtab" or ".shstrtab")).ToList();
        Assert.Equal(model.Sections.Select(s => s.Name), contents.Select(s => s.Name.Value));
        for (var i = 0; i < model.Sections.Count; i++)
        {
            var s = model.Sections[i];
            var ls = contents[i];
            Assert.Equal((uint)s.Type, (uint)ls.Type);
            Assert.Equal((ulong)s.Flags, (ulong)ls.Flags);
            Assert.Equal(s.Alignment, ls.VirtualAddressAlignment);
            if (s.LinkedSection is { } linked) Assert.Equal(linked.Name, ls.Link.Section?.Name.Value);
            if (s.Relocations.Count == 0) continue;
            var rela = Assert.IsType<Lib.ElfRelocationTable>(libSections[libSections.IndexOf(ls) + 1]);
            Assert.Equal(".rela" + s.Name, rela.Name.Value);
            Assert.Equal(s.Relocations.Select(r => (r.Offset, r.Type, r.Symbol?.Name ?? "", r.Addend)),
                rela.Entries.Select(e => (e.Offset, e.Type.Value, e.SymbolIndex == 0 ? "" : SymbolName(lib, e.SymbolIndex), e.Addend)));
        }
        var symtab = lib.Sections.OfType<Lib.ElfSymbolTable>().Single();
        Assert.Equal(model.Symbols.Select(s => s.Name).Order(StringComparer.Ordinal),
            symtab.Entries.Skip(1).Select(e => e.Name.Value ?? "").Order(StringComparer.Ordinal));
        var firstGlobal = symtab.Entries.FindIndex(e => e.Bind != Lib.ElfSymbolBind.Local);
        Assert.True(symtab.Entries.Skip(firstGlobal).All(e => e.Bind != Lib.ElfSymbolBind.Local));
    }

    private static string SymbolName(Lib.ElfFile lib, uint index) =>
        lib.Sections.OfType<Lib.ElfSymbolTable>().Single().Entries[(int)index].Name.Value ?? "";

    [Fact]
    public void The_symbol_table_has_section_symbols_then_other_locals_then_globals()
    {
        using var dir = new TempDir();
        var (_, copy, _) = Rewrite("branches.o", dir);
        using var file = ElfFile.Open(copy);
        var symbols = file.Symbols!;
        var kinds = symbols.Skip(1).Select(s => s.Binding != SymbolBinding.Local ? 2 : s.Type == SymbolType.Section ? 0 : 1).ToList();
        Assert.Equal(kinds.Order(), kinds);
        Assert.Equal((uint)(1 + kinds.Count(k => k < 2)), symbols.FirstGlobal);
        foreach (var rela in file.Sections.Where(s => s.Type == SectionType.Rela))
        {
            Assert.True((rela.Flags & SectionFlags.InfoLink) != 0);
            Assert.Equal(symbols.Section.Index, rela.Link);
            Assert.Equal(".rela" + file.Sections[(int)rela.Info].Name, rela.Name);
        }
    }

    [Fact]
    public void GNU_ld_links_a_rewritten_object_into_the_same_executable()
    {
        using var dir = new TempDir();
        var (original, copy, _) = Rewrite("branches.o", dir);
        string Link(string obj, string name)
        {
            var exe = dir.File(name);
            OracleTool.Run("aarch64-linux-gnu-ld", "-o", exe, obj, "--defsym", "external_fn=0x400800", "--defsym", "far_away=0x500000");
            return OracleTool.Run("aarch64-linux-gnu-objdump", "-d", "-z", exe).Replace(exe, "X", StringComparison.Ordinal);
        }
        Assert.Equal(Link(original, "a.exe"), Link(copy, "b.exe"));
    }

    [Fact]
    public void An_executable_with_a_tiny_start_runs_under_qemu_and_exits_42()
    {
        uint[] words = [0xd2800540, 0xd2800ba8, 0xd4000001]; // mov x0, #42; mov x8, #93; svc #0
        var code = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(i * 4), words[i]);
        var text = new ImageSection(".text", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.ExecInstr)
        { Address = 0x400000, Alignment = 4, Data = code };
        var data = new ImageSection(".data", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.Write)
        { Address = 0x410000, Alignment = 8, Data = [1, 2, 3, 4, 5, 6, 7, 8] };
        var bss = new ImageSection(".bss", SectionType.NoBits, SectionFlags.Alloc | SectionFlags.Write)
        { Address = 0x410008, Alignment = 8, Size = 0x100 };
        var image = new ExecutableImage { Entry = 0x400000 };
        var textSegment = new ImageSegment(SegmentFlags.Read | SegmentFlags.Execute);
        textSegment.Sections.Add(text);
        var dataSegment = new ImageSegment(SegmentFlags.Read | SegmentFlags.Write);
        dataSegment.Sections.Add(data);
        dataSegment.Sections.Add(bss);
        image.Segments.Add(textSegment);
        image.Segments.Add(dataSegment);
        image.Symbols.Add(new ImageSymbol("$x") { Section = text, Value = 0x400000 });
        image.Symbols.Add(new ImageSymbol("_start") { Section = text, Value = 0x400000, Size = 12, Binding = SymbolBinding.Global, Type = SymbolType.Func });
        image.Symbols.Add(new ImageSymbol("value") { Section = data, Value = 0x410000, Size = 8, Binding = SymbolBinding.Global, Type = SymbolType.Object });

        using var dir = new TempDir();
        var path = dir.File("tiny");
        using (var output = File.Create(path)) ElfWriter.WriteExecutable(image, output);
        // qemu-aarch64 runs only files its user may execute.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        var (exit, _, err) = OracleTool.RunRaw("qemu-aarch64", path);
        Assert.True(exit == 42, $"qemu-aarch64 exited {exit}: {err}");

        var headers = OracleTool.Run("aarch64-linux-gnu-readelf", "-hlSsW", path);
        Assert.Contains("EXEC (Executable file)", headers);
        Assert.Contains("Entry point address:               0x400000", headers);
        Assert.Equal(2, headers.Split('\n').Count(l => l.TrimStart().StartsWith("LOAD", StringComparison.Ordinal)));
        using var file = ElfFile.Open(path);
        var loads = file.ProgramHeaders.Where(p => p.Type == SegmentType.Load).ToList();
        Assert.All(loads, p => Assert.Equal(p.VirtualAddress % 0x10000, p.Offset % 0x10000));
        Assert.All(loads, p => Assert.Equal(0x10000UL, p.Alignment));
        Assert.Equal(SegmentFlags.Read | SegmentFlags.Execute, loads[0].Flags);
        Assert.Equal(0x108UL, loads[1].MemorySize);
        Assert.Equal(8UL, loads[1].FileSize);
        Assert.Equal("_start", file.Symbols!.Single(s => s.Value == 0x400000 && s.Binding == SymbolBinding.Global).Name);
        var disassembly = OracleTool.Run("aarch64-linux-gnu-objdump", "-d", path);
        Assert.Contains("0000000000400000 <_start>:", disassembly);
        Assert.Contains("svc\t#0x0", disassembly);
    }

    /// <summary>The model as text: sections, relocations and symbols, comparable between two readings.</summary>
    private static string Render(RelocatableObject obj)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var s in obj.Sections)
        {
            sb.AppendLine($"section {s.Name} {s.Type} {s.Flags} align={s.Alignment} es={s.EntrySize} size={s.Size} link={s.LinkedSection?.Name} data={Convert.ToHexString(s.Data)}");
            foreach (var r in s.Relocations) sb.AppendLine($"  reloc {r.Offset:x} {r.Type} {r.Symbol?.Name} {r.Addend}");
        }
        foreach (var y in obj.Symbols.OrderBy(y => y.Binding != SymbolBinding.Local).ThenBy(y => y.Type != SymbolType.File).ThenBy(y => y.Type != SymbolType.Section))
            sb.AppendLine($"symbol {y.Name} {y.Section?.Name} {y.Value:x} {y.Size} {y.Binding} {y.Type} {y.Visibility} abs={y.IsAbsolute} com={y.IsCommon}");
        foreach (var g in obj.Groups)
            sb.AppendLine($"group {g.Signature.Name} {g.Flags} {string.Join(",", g.Members.Select(m => m.Name))}");
        return sb.ToString();
    }
}
