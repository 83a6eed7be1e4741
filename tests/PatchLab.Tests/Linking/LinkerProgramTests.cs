using PatchLab.Linking;
using PatchLab.Tests.Machine;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Linking;

/// <summary>
/// GCC-compiled multi-object programs linked by our linker print and exit as when GNU ld links them, under
/// qemu-aarch64 and on our machine.
/// </summary>
public class LinkerProgramTests
{
    private static readonly string[] Calls = ["main.c", "data.c", "far.c"];
    private static readonly string[] Relocations = ["relocs_main.c", "relocs.s", "consts.s"];

    /// <summary>Far from .text: a BL from there needs a veneer (256 MiB away).</summary>
    private const ulong FarAddress = 0x10400000;

    public static TheoryData<string, string> Programs() => new()
    {
        { "calls", "-O0" },
        { "calls", "-O2" },
        { "calls", "-Os" },
        { "relocations", "-O0" },
        { "relocations", "-O2" },
    };

    private static string[] Sources(string program) => program == "calls" ? Calls : Relocations;

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_program_linked_by_us_behaves_as_linked_by_GNU_ld(string program, string optimisation)
    {
        using var dir = new TempDir();
        var objects = LinkPrograms.Objects(dir, optimisation, Sources(program));
        var expected = LinkWithGnuLd(dir, objects);
        var ours = dir.File("ours");
        var image = LinkPrograms.LinkTo(ours, objects, new LinkLayout());
        Assert.Empty(image.Veneers);
        var actual = Qemu.Run(ours);
        Assert.Equal(expected.Out, actual.Out);
        Assert.Equal(expected.Exit, actual.Exit);
        Assert.Contains("1", expected.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0\n", expected.Out, StringComparison.Ordinal);
        Assert.Equal(expected, UserModeDifferentialTests.RunOnMachine(ours));
    }

    [Theory]
    [InlineData(VeneerPolicy.Shared, "-O2")]
    [InlineData(VeneerPolicy.PerSite, "-O2")]
    [InlineData(VeneerPolicy.Shared, "-O0")]
    [InlineData(VeneerPolicy.PerSite, "-O0")]
    public void A_call_across_256_MiB_goes_through_a_veneer_and_runs_as_with_GNU_ld(VeneerPolicy policy, string optimisation)
    {
        using var dir = new TempDir();
        var objects = LinkPrograms.Objects(dir, optimisation, Calls);
        var expected = LinkWithGnuLd(dir, objects, $"--section-start=.far=0x{FarAddress:x}");
        var ours = dir.File("ours");
        var image = LinkPrograms.LinkTo(ours, objects, new LinkLayout
        {
            SectionStarts = new Dictionary<string, ulong> { [".far"] = FarAddress },
            Veneers = policy,
        });
        var far = image.FindSymbol("far_square")!;
        Assert.Equal(FarAddress, far.Value);
        var veneer = Assert.Single(image.Veneers);
        Assert.Equal("far_square", veneer.Target);
        Assert.Equal(FarAddress, veneer.TargetAddress);
        var caller = Assert.Single(veneer.Callers);
        Assert.True(AArch64Relocation.BranchReaches(caller.Address, veneer.Address));
        Assert.False(AArch64Relocation.BranchReaches(caller.Address, FarAddress));
        Assert.Equal(expected, Qemu.Run(ours));
        Assert.Equal(expected, UserModeDifferentialTests.RunOnMachine(ours));
    }

    [Theory]
    [InlineData("--section-start=.text=0x800000")]
    [InlineData("-Ttext=0x800000")]
    public void Text_placed_elsewhere_takes_the_rest_along_as_with_GNU_ld(string option)
    {
        using var dir = new TempDir();
        var objects = LinkPrograms.Objects(dir, "-O2", Calls);
        var expected = LinkWithGnuLd(dir, objects, option);
        var ours = dir.File("ours");
        var layout = option.StartsWith("-T", StringComparison.Ordinal)
            ? new LinkLayout { TextStart = 0x800000 }
            : new LinkLayout { SectionStarts = new Dictionary<string, ulong> { [".text"] = 0x800000 } };
        var image = LinkPrograms.LinkTo(ours, objects, layout);
        Assert.Equal(0x800000UL, image.FindSection(".text")!.Address);
        Assert.All(image.Sections, s => Assert.InRange(s.Address, 0x800000UL, 0x900000UL));
        Assert.Equal(expected, Qemu.Run(ours));
    }

    [Fact]
    public void Shared_veneers_serve_every_caller_and_per_site_veneers_one_each()
    {
        // Three call sites of one far function and two of another, from two objects.
        const string caller = """
            .text
            .globl _start
            _start:
                bl far_one
                bl far_one
                bl far_two
                b  far_one
            """;
        const string other = """
            .text
            .globl more
            more:
                bl far_two
                ret
            .section .far, "ax"
            .globl far_one
            far_one: ret
            .globl far_two
            far_two: ret
            """;
        var objects = new[] { Assemble(caller, "caller.s"), Assemble(other, "other.s") };
        var layout = new Dictionary<string, ulong> { [".far"] = FarAddress };
        var shared = Linker.Link(objects, new LinkLayout { SectionStarts = layout });
        Assert.Equal([("far_one", 3), ("far_two", 2)], shared.Veneers.Select(v => (v.Target, v.Callers.Count)).OrderBy(v => v.Target));
        Assert.Equal(shared.Veneers.Select(v => v.Name).Order(), GnuLdVeneers(objects, $"--section-start=.far=0x{FarAddress:x}"));
        var perSite = Linker.Link(objects, new LinkLayout { SectionStarts = layout, Veneers = VeneerPolicy.PerSite });
        Assert.Equal(5, perSite.Veneers.Count);
        Assert.All(perSite.Veneers, v => Assert.Single(v.Callers));
        Assert.Equal(5, perSite.Veneers.Select(v => v.Address).Distinct().Count());
        foreach (var v in perSite.Veneers)
        {
            // ldr x16, .+8; br x16; .quad target — the literal aligned so one store retargets it.
            var text = perSite.FindSection(".text")!;
            var at = (int)(v.Address - text.Address);
            Assert.Equal(0UL, (v.Address + 8) % 8);
            Assert.Equal(0x58000050u, BitConverter.ToUInt32(text.Data, at));
            Assert.Equal(0xd61f0200u, BitConverter.ToUInt32(text.Data, at + 4));
            Assert.Equal(v.TargetAddress, BitConverter.ToUInt64(text.Data, at + 8));
        }
    }

    [Fact]
    public void An_overflow_no_veneer_can_fix_names_the_object_section_offset_symbol_and_distance()
    {
        using var dir = new TempDir();
        var objects = LinkPrograms.Objects(dir, "-O2", Relocations);
        var error = Assert.Throws<UserInputException>(() => Linker.Link(LinkPrograms.Read(objects),
            new LinkLayout { SectionStarts = new Dictionary<string, ulong> { [".rodata"] = FarAddress } }));
        Assert.Matches(@"^\S*relocs\S*\.o: \.text\+0x[0-9a-f]+: relocation R_AARCH64_LD_PREL_LO19 against `reloc_literal' out of range: distance \d+", error.Message);
    }

    [Fact]
    public void An_undefined_symbol_and_a_duplicate_definition_are_user_errors()
    {
        var undefined = Assemble(".globl _start\n_start: bl nowhere\n", "undefined.s");
        Assert.Contains("undefined reference to `nowhere'", Assert.Throws<UserInputException>(() => Linker.Link([undefined], new LinkLayout())).Message, StringComparison.Ordinal);
        var one = Assemble(".globl _start\n_start: ret\n", "one.s");
        var two = Assemble(".globl _start\n_start: nop\n", "two.s");
        Assert.Contains("multiple definition of `_start'", Assert.Throws<UserInputException>(() => Linker.Link([one, two], new LinkLayout())).Message, StringComparison.Ordinal);
    }

    /// <summary>The veneer symbols GNU ld makes for the same objects (written by our ELF writer).</summary>
    private static List<string> GnuLdVeneers(IEnumerable<PatchLab.Elf.RelocatableObject> objects, string option)
    {
        using var dir = new TempDir();
        var paths = objects.Select((o, i) =>
        {
            var path = dir.File($"in{i}.o");
            using (var stream = File.Create(path)) PatchLab.Elf.ElfWriter.WriteRelocatable(o, stream);
            return path;
        }).ToList();
        OracleTool.Run("aarch64-linux-gnu-ld", ["-static", option, "-o", dir.File("gnu"), .. paths]);
        var (_, symbols, _) = Elf.Readelf.Read(dir.File("gnu"));
        return [.. symbols.Where(s => s.Name.EndsWith("_veneer", StringComparison.Ordinal)).Select(s => s.Name).Order()];
    }

    private static PatchLab.Elf.RelocatableObject Assemble(string source, string name) =>
        PatchLab.Arm64.Assembler.SourceAssembler.Assemble(source, name);

    internal static (int Exit, string Out) LinkWithGnuLd(TempDir dir, IEnumerable<string> objects, params string[] options)
    {
        var binary = dir.File("gnu" + options.Length);
        OracleTool.Run("aarch64-linux-gnu-ld", ["-static", .. options, "-o", binary, .. objects]);
        return Qemu.Run(binary);
    }
}
