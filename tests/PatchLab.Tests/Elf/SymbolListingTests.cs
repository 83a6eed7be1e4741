using System.Text;
using PatchLab.Elf;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Elf;

/// <summary><see cref="SymbolListing"/> against the text of <c>aarch64-linux-gnu-readelf -sW</c>, byte for byte.</summary>
public class SymbolListingTests
{
    public static TheoryData<string> Files() =>
    [
        "branches.o", "c-o2.o", "c-patchable.o", "branches.exe", "static.exe", "x86.o", "symbol-kinds.o",
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Listing_is_readelf_sW_text(string name)
    {
        var path = name switch
        {
            "branches.o" => ElfSamples.BranchesObject,
            "c-o2.o" => ElfSamples.CObject,
            "c-patchable.o" => ElfSamples.CObjectPatchable,
            "branches.exe" => ElfSamples.BranchesExecutable,
            "static.exe" => ElfSamples.StaticExecutable,
            "x86.o" => ElfSamples.X86Object,
            _ => SymbolKinds,
        };
        AssertSameAsReadelf(path);
    }

    [Fact]
    public void Listing_of_a_whole_vmlinux_is_readelf_sW_text() => AssertSameAsReadelf(KernelImage.Vmlinux);

    /// <summary>20,000 symbols: enough that a listing of them, or the disassembler's table of them, uses two threads.</summary>
    internal static byte[] ManySymbols()
    {
        var obj = new RelocatableObject { Name = "many.o" };
        var data = new ObjectSection(".data", SectionType.ProgBits, SectionFlags.Alloc | SectionFlags.Write) { Data = new byte[64] };
        obj.Sections.Add(data);
        for (var i = 0; i < 20_000; i++)
        {
            obj.Symbols.Add(new ObjectSymbol($"symbol_{i}_{new string('x', i % 70)}")
            {
                Section = i % 3 == 0 ? null : data, IsAbsolute = i % 3 == 0, Value = (ulong)i * 8, Size = (ulong)(i % 5),
                Binding = i % 2 == 0 ? SymbolBinding.Local : SymbolBinding.Global, Type = SymbolType.Object,
            });
        }
        using var output = new MemoryStream();
        ElfWriter.WriteRelocatable(obj, output);
        return output.ToArray();
    }

    [Fact]
    public void Listing_formatted_on_two_threads_is_readelf_sW_text()
    {
        var path = Path.Combine(ElfSamples.Folder, "many-symbols.o");
        File.WriteAllBytes(path, ManySymbols());
        AssertSameAsReadelf(path);
    }

    [Fact]
    public void A_bad_name_late_in_a_long_listing_raises_ElfFormatException_after_the_chunks_before_it()
    {
        var bytes = ManySymbols();
        using (var file = ElfFile.FromMemory(bytes, "many.o"))
        {
            var symbols = file.Symbols!;
            // st_name of symbol 15,000 points past the string table.
            BitConverter.TryWriteBytes(bytes.AsSpan((int)symbols.Section.Offset + 15_000 * ElfFile.SymbolSize), uint.MaxValue);
        }
        using var damaged = ElfFile.FromMemory(bytes, "many.o");
        using var output = new MemoryStream();
        Assert.Throws<ElfFormatException>(() => SymbolListing.Write(damaged, output));
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.True(lines.Length > 10_000, $"{lines.Length} lines were written before the error");
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("15000:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_symbol_table_whose_string_table_is_empty_raises_ElfFormatException()
    {
        var bytes = File.ReadAllBytes(ElfSamples.BranchesObject);
        using (var file = ElfFile.FromMemory(bytes, "branches.o"))
        {
            // sh_size of .strtab: the names point into nothing, and the fast name copy must not read there.
            var strings = file.Symbols!.Strings;
            BitConverter.TryWriteBytes(bytes.AsSpan((int)strings.HeaderOffset + 32), 0UL);
        }
        using var damaged = ElfFile.FromMemory(bytes, "branches.o");
        Assert.Throws<ElfFormatException>(() => SymbolListing.Write(damaged, Stream.Null));
    }

    /// <summary>Every column's rarer values: TLS, COMMON, weak, hidden/protected/internal, absolute, VARIANT_PCS, control characters.</summary>
    private static string SymbolKinds => ElfSamples.Assemble("symbol-kinds", """
            .text
            .globl f
            .type f, %function
            .variant_pcs f
        f:  ret
            .size f, 4
            .weak w
            .hidden w
        w:  nop
            .protected p
            .globl p
        p:  nop
            .internal i
            .globl i
        i:  nop
            .comm common_thing, 64, 8
            .section .tbss,"awT",%nobits
            .type tls_var, %tls_object
        tls_var: .zero 8
            .set absolute_sym, 0x1234
            .globl absolute_sym
            .data
        "odd\001name": .quad 0
            .globl big
            .type big, %object
            .size big, 200000
        big: .zero 200000
        """);

    private static void AssertSameAsReadelf(string path)
    {
        var expected = OracleTool.Run("aarch64-linux-gnu-readelf", "-sW", path);
        using var file = ElfFile.Open(path);
        using var output = new MemoryStream();
        SymbolListing.Write(file, output);
        var actual = Encoding.UTF8.GetString(output.ToArray());
        if (actual == expected) return;
        var a = actual.Split('\n');
        var e = expected.Split('\n');
        var line = Enumerable.Range(0, Math.Min(a.Length, e.Length)).FirstOrDefault(i => a[i] != e[i], Math.Min(a.Length, e.Length));
        Assert.Fail($"{path}: line {line + 1} differs\n  readelf:  {e.ElementAtOrDefault(line)}\n  patchlab: {a.ElementAtOrDefault(line)}");
    }
}
