using System.Buffers.Binary;
using PatchLab.Arm64.Assembler;
using PatchLab.Elf;
using PatchLab.Linking;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Linking;

/// <summary>How the linker resolves COMMON, weak and undefined weak symbols, as GNU ld does.</summary>
public class SymbolResolutionTests
{
    private static RelocatableObject Assemble(string source, string name) => SourceAssembler.Assemble(source, name);

    /// <summary>GNU as, for what our assembler does not take (.comm).</summary>
    private static RelocatableObject AssembleWithGnuAs(TempDir dir, string source, string name)
    {
        File.WriteAllText(dir.File(name), source);
        OracleTool.Run("aarch64-linux-gnu-as", "-o", dir.File(name + ".o"), dir.File(name));
        return LinkPrograms.Read([dir.File(name + ".o")])[0];
    }

    [Fact]
    public void A_weak_undefined_symbol_is_zero_and_a_call_to_it_falls_through()
    {
        var obj = Assemble("""
            .weak missing
            .text
            .globl _start
            _start:
                bl missing
                ret
            .data
            .globl pointer
            pointer:
                .quad missing
            """, "weak.s");
        var image = Linker.Link([obj], new LinkLayout());
        var text = image.FindSection(".text")!;
        Assert.Equal(0x94000001u, BinaryPrimitives.ReadUInt32LittleEndian(text.Data));  // bl .+4
        var data = image.FindSection(".data")!;
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(data.Data));
        Assert.Null(image.FindSymbol("missing"));
    }

    [Fact]
    public void A_weak_reference_to_a_symbol_another_object_defines_resolves_to_it()
    {
        var caller = Assemble(".weak hook\n.text\n.globl _start\n_start:\n    bl hook\n    ret\n", "caller.s");
        var callee = Assemble(".text\n.globl hook\nhook:\n    ret\n", "callee.s");
        var image = Linker.Link([caller, callee], new LinkLayout());
        var text = image.FindSection(".text")!;
        var start = image.FindSymbol("_start")!.Value;
        var word = BinaryPrimitives.ReadUInt32LittleEndian(text.Data.AsSpan((int)(start - text.Address)));
        Assert.Equal(image.FindSymbol("hook")!.Value, start + ((word & 0x3ffffff) << 2));
    }

    [Fact]
    public void COMMON_symbols_merge_to_the_largest_and_yield_to_a_definition()
    {
        using var dir = new TempDir();
        var first = AssembleWithGnuAs(dir, ".text\n.globl _start\n_start: ret\n.comm buffer, 16, 8\n.comm shared, 8, 8\n", "first.s");
        var second = AssembleWithGnuAs(dir, ".comm buffer, 64, 16\n.comm shared, 32, 8\n", "second.s");
        var defined = Assemble(".data\n.globl shared\n.type shared, %object\n.size shared, 4\nshared: .word 7\n", "defined.s");
        var image = Linker.Link([first, second, defined], new LinkLayout());
        var buffer = image.FindSymbol("buffer")!;
        Assert.Equal(64UL, buffer.Size);
        Assert.Equal(0UL, buffer.Value % 16);
        Assert.Equal(".bss", buffer.Section!.Name);
        var shared = image.FindSymbol("shared")!;
        Assert.Equal(".data", shared.Section!.Name);
        Assert.Equal(4UL, shared.Size);
    }

    [Fact]
    public void A_strong_definition_overrides_a_weak_one_in_either_order()
    {
        var weak = Assemble(".text\n.weak hook\nhook: mov x0, #1\nret\n", "weak.s");
        var strong = Assemble(".text\n.globl hook\nhook: mov x0, #2\nret\n.globl _start\n_start: b hook\n", "strong.s");
        foreach (var order in new[] { new[] { weak, strong }, [strong, weak] })
        {
            var image = Linker.Link(order, new LinkLayout());
            var hook = image.FindSymbol("hook")!;
            Assert.Equal(SymbolBinding.Global, hook.Binding);
            var text = image.FindSection(".text")!;
            var word = BinaryPrimitives.ReadUInt32LittleEndian(text.Data.AsSpan((int)(hook.Value - text.Address)));
            Assert.Equal(0xd2800040u, word);  // mov x0, #2
        }
    }
}
