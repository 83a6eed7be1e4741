using PatchLab.Elf;

namespace PatchLab.Tests.Elf;

public class ElfReaderTests
{
    public static TheoryData<string> Files() =>
        ["branches.o", "c-o2.o", "c-fs.o", "c-patchable.o", "branches.exe", "static.exe", "x86.o"];

    internal static string PathOf(string sample) => sample switch
    {
        "branches.o" => ElfSamples.BranchesObject,
        "c-o2.o" => ElfSamples.CObject,
        "c-fs.o" => ElfSamples.CObjectFunctionSections,
        "c-patchable.o" => ElfSamples.CObjectPatchable,
        "branches.exe" => ElfSamples.BranchesExecutable,
        "static.exe" => ElfSamples.StaticExecutable,
        "x86.o" => ElfSamples.X86Object,
        _ => throw new ArgumentException(sample),
    };

    internal static string FlagLetters(SectionFlags flags)
    {
        var s = "";
        if ((flags & SectionFlags.Write) != 0) s += "W";
        if ((flags & SectionFlags.Alloc) != 0) s += "A";
        if ((flags & SectionFlags.ExecInstr) != 0) s += "X";
        if ((flags & SectionFlags.Merge) != 0) s += "M";
        if ((flags & SectionFlags.Strings) != 0) s += "S";
        if ((flags & SectionFlags.InfoLink) != 0) s += "I";
        if ((flags & SectionFlags.LinkOrder) != 0) s += "L";
        if ((flags & SectionFlags.Group) != 0) s += "G";
        if ((flags & SectionFlags.Tls) != 0) s += "T";
        if ((flags & SectionFlags.Compressed) != 0) s += "C";
        if ((flags & SectionFlags.Exclude) != 0) s += "E";
        if ((flags & SectionFlags.GnuRetain) != 0) s += "R";
        return s;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Section_headers_are_those_readelf_lists(string sample)
    {
        var path = PathOf(sample);
        var expected = Readelf.Read(path).Sections;
        using var file = ElfFile.Open(path);
        var actual = file.Sections.Select(s => new Readelf.Section((int)s.Index, s.Name, Readelf.TypeName(s.Type),
            s.Address, s.Offset, s.Size, s.EntrySize, FlagLetters(s.Flags), s.Link, s.Info, s.Alignment)).ToList();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Symbols_are_those_readelf_lists(string sample)
    {
        var path = PathOf(sample);
        var expected = Readelf.Read(path).Symbols;
        using var file = ElfFile.Open(path);
        var table = file.Symbols!;
        var actual = table.Select(s => new Readelf.Symbol(s.Index, s.Value, s.Size, Readelf.SymbolTypeName(s.Type),
            s.Binding.ToString().ToUpperInvariant(), s.Visibility.ToString().ToUpperInvariant(),
            Readelf.SectionIndexName(s.SectionIndex),
            // readelf shows a section symbol by its section's name.
            s.Type == SymbolType.Section ? file.Sections[(int)s.SectionIndex].Name : s.Name)).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(table.Count(s => s.Binding == SymbolBinding.Local), (int)table.FirstGlobal);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Relocations_are_those_readelf_lists(string sample)
    {
        var path = PathOf(sample);
        var expected = Readelf.Read(path).Relocations;
        using var file = ElfFile.Open(path);
        var actual = file.Sections.Where(s => s.Type is SectionType.Rela or SectionType.Rel)
            .SelectMany(s => file.GetRelocations(s).Select(r =>
                new Readelf.Relocation(s.Name, r.Offset, ((ulong)r.SymbolIndex << 32) | r.Type, r.Addend)))
            .ToList();
        Assert.Equal(expected, actual);
        if (sample != "branches.exe") Assert.NotEmpty(actual);
    }

    [Fact]
    public void An_executable_has_its_entry_and_load_segments()
    {
        using var file = ElfFile.Open(ElfSamples.BranchesExecutable);
        Assert.Equal(ElfFileType.Executable, file.Type);
        var text = file.FindSection(".text")!;
        Assert.Equal(text.Address, file.Entry);
        var load = Assert.Single(file.ProgramHeaders, p => p.Type == SegmentType.Load && (p.Flags & SegmentFlags.Execute) != 0);
        Assert.InRange(text.Address, load.VirtualAddress, load.VirtualAddress + load.MemorySize - 1);
    }

    [Fact]
    public void Section_contents_are_views_of_the_file_bytes()
    {
        var path = ElfSamples.CObject;
        var bytes = File.ReadAllBytes(path);
        using var file = ElfFile.Open(path);
        foreach (var s in file.Sections.Where(s => s.Type != SectionType.NoBits))
            Assert.True(file.GetSpan(s).SequenceEqual(bytes.AsSpan((int)s.Offset, (int)s.Size)), s.Name);
    }

    [Fact]
    public void A_section_group_lists_its_members()
    {
        var path = ElfSamples.Assemble("group", """
            	.section .text.foo,"axG",%progbits,foo,comdat
            	.globl foo
            foo:	bl bar
            """);
        using var file = ElfFile.Open(path);
        var group = file.GetGroup(file.FindSection(".group")!);
        Assert.Equal(SectionGroupFlags.Comdat, group.Flags);
        Assert.Equal([".text.foo", ".rela.text.foo"], group.Members.Select(m => m.Name));
        Assert.Equal("foo", file.Symbols![(int)group.SignatureIndex].Name);
        var obj = file.ReadRelocatable();
        var g = Assert.Single(obj.Groups);
        Assert.Equal("foo", g.Signature.Name);
        Assert.Equal([".text.foo"], g.Members.Select(m => m.Name));
    }

    [Fact]
    public void A_gcc_object_reads_into_the_model_with_every_relocation()
    {
        var path = ElfSamples.CObjectFunctionSections;
        var (sections, symbols, relocations) = Readelf.Read(path);
        using var file = ElfFile.Open(path);
        var obj = file.ReadRelocatable();
        var kept = sections.Where(s => s.Type is not ("NULL" or "SYMTAB" or "RELA" or "REL" or "GROUP")
            && s.Name is not (".strtab" or ".shstrtab")).Select(s => s.Name);
        Assert.Equal(kept, obj.Sections.Select(s => s.Name));
        Assert.Equal(symbols.Count - 1, obj.Symbols.Count);
        Assert.Equal(relocations.Count, obj.Sections.Sum(s => s.Relocations.Count));
        foreach (var r in relocations)
        {
            var target = obj.FindSection(r.Section[".rela".Length..])!;
            Assert.Contains(target.Relocations, x => x.Offset == r.Offset && x.Type == (uint)r.Info && x.Addend == r.Addend);
        }
        var sum = obj.FindSymbol("sum")!;
        Assert.Equal(".text.sum", sum.Section!.Name);
        Assert.Equal(SymbolType.Func, sum.Type);
        Assert.Equal(SymbolBinding.Global, sum.Binding);
        Assert.False(obj.FindSymbol("ext")!.IsDefined);
    }

    [Fact]
    public void Opening_a_huge_file_reads_only_what_it_needs()
    {
        // A valid object followed by a gigabyte of holes: a reader that copied or scanned the file would take
        // seconds and a gigabyte of memory; a mapped, lazy one lists it in milliseconds.
        using var dir = new Oracles.TempDir();
        var path = dir.File("huge.o");
        File.Copy(ElfSamples.CObject, path);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(1L << 30);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var file = ElfFile.Open(path);
        var symbols = file.Symbols!.Select(s => s.Name).ToList();
        var sections = file.Sections.Select(s => s.Name).ToList();
        watch.Stop();
        Assert.Contains("sum", symbols);
        Assert.Contains(".text", sections);
        Assert.Equal(1L << 30, file.Length);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(new byte[0], "shorter than an ELF header")]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "is not ELF64")]
    public void Malformed_headers_are_format_errors_naming_the_file_and_offset(byte[] data, string problem)
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfFile.FromMemory(data, "bad.o"));
        Assert.StartsWith("bad.o: at offset 0x", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_lying_section_size_is_a_format_error_not_an_allocation()
    {
        var bytes = File.ReadAllBytes(ElfSamples.CObject);
        using (var original = ElfFile.FromMemory(bytes, "x"))
        {
            var text = original.FindSection(".text")!;
            BitConverter.TryWriteBytes(bytes.AsSpan((int)text.HeaderOffset + 32), ulong.MaxValue - 4);
        }
        using var file = ElfFile.FromMemory(bytes, "lying.o");
        var e = Assert.Throws<ElfFormatException>(() => file.GetData(file.FindSection(".text")!));
        Assert.Contains("runs past the end of the file", e.Message);
        Assert.StartsWith("lying.o: at offset 0x", e.Message);
    }

    [Fact]
    public void Rel_sections_read_with_their_addends_left_in_the_section()
    {
        // No AArch64 tool emits REL, so turn an object's .rela.text into the REL form in place.
        var bytes = File.ReadAllBytes(ElfSamples.BranchesObject);
        ElfRelocation[] rela;
        ElfSection header;
        using (var original = ElfFile.FromMemory(bytes, "x"))
        {
            header = original.FindSection(".rela.text")!;
            rela = original.GetRelocations(header);
        }
        var span = bytes.AsSpan();
        for (var i = 0; i < rela.Length; i++)
        {
            var entry = span[((int)header.Offset + i * ElfFile.RelSize)..];
            BitConverter.TryWriteBytes(entry, rela[i].Offset);
            BitConverter.TryWriteBytes(entry[8..], ((ulong)rela[i].SymbolIndex << 32) | rela[i].Type);
        }
        BitConverter.TryWriteBytes(span[((int)header.HeaderOffset + 4)..], (uint)SectionType.Rel);
        BitConverter.TryWriteBytes(span[((int)header.HeaderOffset + 32)..], (ulong)(rela.Length * ElfFile.RelSize));
        BitConverter.TryWriteBytes(span[((int)header.HeaderOffset + 56)..], (ulong)ElfFile.RelSize);

        using var file = ElfFile.FromMemory(bytes, "rel.o");
        var rel = file.GetRelocations(file.Sections[(int)header.Index]);
        Assert.Equal(rela.Select(r => (r.Offset, r.Type, r.SymbolIndex)), rel.Select(r => (r.Offset, r.Type, r.SymbolIndex)));
        Assert.All(rel, r => Assert.False(r.HasAddend));
        var text = file.ReadRelocatable().FindSection(".text")!;
        Assert.Equal(rela.Select(r => (r.Offset, r.Type, 0L)), text.Relocations.Select(r => (r.Offset, r.Type, r.Addend)));
    }
}
