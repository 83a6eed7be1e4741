using System.Globalization;
using System.Text;
using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Machine;

/// <summary>
/// Per-instruction differential tests: generated programs run each instruction form over seeded random and edge
/// operands, print every result register and NZCV in hex, and must print the same on the machine as under qemu.
/// Operands live in fixed registers: the result in x0, sources in x1, x2, x3 (and x1 is the base of memory forms).
/// </summary>
public class InstructionDifferentialTests
{
    private const int CasesPerForm = 96;

    /// <summary>One instruction form: a pattern whose register fields are fixed and whose other bits are random.</summary>
    private sealed record Form(string Pattern, Func<uint, bool>? Excluded = null, Func<uint, Random, uint>? Adjust = null)
    {
        /// <summary>An instruction to run right after the form's word (a store-exclusive after its load-exclusive).</summary>
        public uint? Then { get; init; }

        /// <summary>Prepares x2 for the word (an index register, a CAS compare value); null keeps the random operand.</summary>
        public Func<uint, Random, string?>? PrepareX2 { get; init; }
    }

    // CSSC (ABS, CNT, CTZ, SMAX, …) is newer than qemu 7.2, which treats it as undefined.
    // MTE (IRG, GMI, SUBP, STGP) and PACGA are not features of the machine either.
    private static bool IsCsscMtePac2Source(uint w) =>
        ((w >> 10) & 0x3f) is >= 0x18 and < 0x20 || ((w >> 31) != 0 && ((w >> 10) & 0x3f) is 0 or 4 or 5 or 0xc);

    private static readonly Dictionary<string, Form[]> DataProcessing = new()
    {
        ["add/sub immediate"] = [new("sf op S 100010 sh imm12:12 00001 00000")],
        ["logical immediate"] = [new("sf opc:2 100100 N immr:6 imms:6 00001 00000")],
        ["move wide"] = [new("sf opc:2 100101 hw:2 imm16:16 00000")],
        ["bitfield"] = [new("sf opc:2 100110 N immr:6 imms:6 00001 00000")],
        ["extract"] = [new("sf 00 100111 N 0 00010 imms:6 00001 00000")],
        ["logical shifted register"] = [new("sf opc:2 01010 shift:2 N 00010 imm6:6 00001 00000")],
        ["add/sub shifted register"] = [new("sf op S 01011 shift:2 0 00010 imm6:6 00001 00000")],
        ["add/sub extended register"] = [new("sf op S 01011 00 1 00010 option:3 imm3:3 00001 00000")],
        ["add/sub with carry"] = [new("sf op S 11010000 00010 000000 00001 00000")],
        ["conditional compare"] =
        [
            new("sf op 1 11010010 00010 cond:4 0 0 00001 0 nzcv:4"),
            new("sf op 1 11010010 imm5:5 cond:4 1 0 00001 0 nzcv:4"),
        ],
        ["conditional select"] = [new("sf op 0 11010100 00010 cond:4 0 o2 00001 00000")],
        ["1 source"] = [new("sf 1 0 11010110 00000 000 opc:3 00001 00000", w => ((w >> 10) & 7) >= 6)],
        ["2 source"] = [new("sf 0 0 11010110 00010 opcode:6 00001 00000", IsCsscMtePac2Source)],
        ["3 source"] =
        [
            new("sf 00 11011 op31:3 00010 o0 00011 00001 00000"),
            new("1 00 11011 U 10 00010 0 11111 00001 00000"),
        ],
    };

    // Memory forms keep offsets small so every access stays inside the 2 KiB buffer around x1 = buf + 1024.
    private static uint SmallImm12(uint w, Random r) => w & ~(0xfc0u << 10);

    private static uint SmallImm7(uint w, Random r) => (w & ~(0x7fu << 15)) | ((uint)(r.Next(-32, 32) & 0x7f) << 15);

    private static string? IndexRegister(uint w, Random r) =>
        $"\tmov x2, #{(((w >> 13) & 7) == 2 ? r.Next(0, 64) : r.Next(-32, 64))}";

    private static string? CompareValue(uint w, Random r) => r.Next(2) == 0 ? "\tldr x2, [x1]\n\tldr x3, [x1, #8]" : null;

    private static readonly Dictionary<string, Form[]> Memory = new()
    {
        ["load/store unsigned offset"] = [new("size:2 111 0 01 opc:2 imm12:12 00001 00000", Adjust: SmallImm12)],
        ["load/store unscaled, pre/post-index, unprivileged"] = [new("size:2 111 0 00 opc:2 0 imm9:9 mode:2 00001 00000")],
        ["load/store register offset"] = [new("size:2 111 0 00 opc:2 1 00010 option:3 S 10 00001 00000") { PrepareX2 = IndexRegister }],
        ["load/store pair"] = [new("opc:2 101 0 0 mode:2 L imm7:7 00011 00001 00000", w => w >> 30 == 1 && (w & (1u << 22)) == 0)],
        ["lse atomics"] = [new("size:2 111 0 00 A R 1 00010 o3 opc:3 00 00001 00000", IsSt64b)],
        ["compare and swap"] =
        [
            new("size:2 001000 1 L 1 00010 o0 11111 00001 00000") { PrepareX2 = CompareValue },
            new("0 sz 001000 0 L 1 00010 o0 11111 00001 00100") { PrepareX2 = CompareValue },
        ],
        ["simd&fp load/store unsigned offset"] = [new("size:2 111 1 01 opc:2 imm12:12 00001 00000", Adjust: SmallImm12)],
        ["simd&fp load/store unscaled, pre/post-index"] = [new("size:2 111 1 00 opc:2 0 imm9:9 mode:2 00001 00000")],
        ["simd&fp load/store register offset"] = [new("size:2 111 1 00 opc:2 1 00010 option:3 S 10 00001 00000") { PrepareX2 = IndexRegister }],
        ["simd&fp load/store pair"] = [new("opc:2 101 1 0 mode:2 L imm7:7 00011 00001 00000", Adjust: SmallImm7)],
        ["ld1-ld4/st1-st4, ld1r"] =
        [
            new("0 Q 0011000 L 000000 opcode:4 size:2 00001 00000"),
            new("0 Q 0011001 L 0 00010 opcode:4 size:2 00001 00000") { PrepareX2 = (_, r) => $"\tmov x2, #{r.Next(-64, 64)}" },
            new("0 Q 0011001 L 0 11111 opcode:4 size:2 00001 00000"),
            new("0 Q 0011010 1 0 00000 110 0 size:2 00001 00000"),
        ],
        ["exclusives"] =
        [
            new("size:2 001000 0 1 0 11111 o0 11111 00001 00000") { Then = 0x0806_7c23 },
            new("1 sz 001000 0 1 1 11111 o0 00011 00001 00000") { Then = 0x8826_0c20 },
        ],
    };

    // ST64BV and ST64BV0 (FEAT_LS64) share the atomics' space; they need device memory, which the machine does not model.
    private static bool IsSt64b(uint w) => (w >> 30) == 3 && (w & (1u << 15)) != 0 && ((w >> 12) & 7) != 0;

    public static TheoryData<string> MemoryClasses() => [.. Memory.Keys];

    [Theory]
    [MemberData(nameof(MemoryClasses))]
    public void Memory_access_matches_qemu(string name)
    {
        var random = TestSeed.Random(StableHash(name));
        var forms = Memory[name];
        var cases = Words(forms, random);
        var source = new StringBuilder();
        foreach (var word in cases)
        {
            var form = forms.First(f => BitPattern.Parse(f.Pattern) is var p && (word & p.Mask) == p.Value);
            source.AppendLine("\tadrp x1, buf\n\tadd x1, x1, :lo12:buf\n\tadd x1, x1, #1024");
            foreach (var register in new[] { 0, 2, 3, 4, 5 }) LoadRegister(source, register, Operand(random));
            source.AppendLine("\tmov x6, #0");
            SetVectorRegisters(source, random);
            if (form.PrepareX2?.Invoke(word, random) is { } prepare) source.AppendLine(prepare);
            source.AppendLine(CultureInfo.InvariantCulture, $"\t.inst 0x{word:x8}");
            if (form.Then is { } then)
            {
                // The store-exclusive of the same size as the load: bits 31:30 (size, or 1 and sz of a pair) carried over.
                source.AppendLine(CultureInfo.InvariantCulture, $"\t.inst 0x{(then & 0x3fff_ffff) | (word & 0xc000_0000):x8}");
            }
            source.AppendLine("\tbl emit\n\tmov x0, x1\n\tbl emit\n\tmov x0, x2\n\tbl emit\n\tmov x0, x3\n\tbl emit");
            source.AppendLine("\tmov x0, x6\n\tbl emit\n\tbl hash");
            source.AppendLine("\tfmov x0, d0\n\tbl emit\n\tmov x0, v0.d[1]\n\tbl emit\n\tfmov x0, d3\n\tbl emit\n\tmov x0, v3.d[1]\n\tbl emit");
        }
        Compare(name, cases, 10, source);
    }

    public static TheoryData<string> DataProcessingClasses() => [.. DataProcessing.Keys];

    [Theory]
    [MemberData(nameof(DataProcessingClasses))]
    public void Data_processing_matches_qemu(string name)
    {
        var random = TestSeed.Random(StableHash(name));
        var cases = Words(DataProcessing[name], random);
        var source = new StringBuilder();
        foreach (var word in cases)
        {
            LoadRegister(source, 0, Operand(random));
            LoadRegister(source, 1, Operand(random));
            LoadRegister(source, 2, Operand(random));
            LoadRegister(source, 3, Operand(random));
            source.AppendLine(CultureInfo.InvariantCulture, $"\tmovz x4, #0x{random.Next(16) << 12:x}, lsl #16\n\tmsr nzcv, x4");
            source.AppendLine(CultureInfo.InvariantCulture, $"\t.inst 0x{word:x8}");
            source.AppendLine("\tmrs x21, nzcv\n\tbl emit\n\tmov x0, x21\n\tbl emit");
        }
        Compare(name, cases, 2, source);
    }

    // Registers: v0 (and x0) the result, v1/x1, v2, v3 the sources. Half precision (ftype 11, FCVT to h), BFCVT and
    // FJCVTZS (JavaScript conversion) are not modelled.
    private static bool IsHalf(uint w) => ((w >> 22) & 3) == 3;

    private static bool IsHalfOrJavaScript(uint w) => IsHalf(w) || (w & 0x7fff_fc00) == 0x1e7e_0000;

    private static bool IsHalfConversion(uint w) => ((w >> 15) & 0x3f) is 6 or 7;   // FCVT to h, BFCVT

    private static readonly Dictionary<string, Form[]> FloatingPoint = new()
    {
        ["fp 1 source"] = [new("000 11110 0 ftype 1 opcode:6 10000 00001 00000", IsHalfConversion)],
        ["fp 2 source"] = [new("000 11110 0 ftype 1 00010 opcode:4 10 00001 00000")],
        ["fp 3 source"] = [new("000 11111 0 ftype o1 00010 o0 00011 00001 00000")],
        [DefaultNaNClass] =
        [
            new("000 11110 0 ftype 1 00010 opcode:4 10 00001 00000"),
            new("000 11111 0 ftype o1 00010 o0 00011 00001 00000"),
            new("000 11110 0 ftype 1 opcode:6 10000 00001 00000", IsHalfConversion),
        ],
        ["fp compare"] = [new("000 11110 0 ftype 1 00010 00 1000 00001 opcode2:5"), new("000 11110 0 ftype 1 00010 cond:4 01 00001 op nzcv:4")],
        ["fp select and immediate"] = [new("000 11110 0 ftype 1 00010 cond:4 11 00001 00000"), new("000 11110 0 ftype 1 imm8:8 100 00000 00000")],
        ["fp <-> integer"] = [new("sf 0 0 11110 ftype:2 1 rmode:2 opcode:3 000000 00001 00000", IsHalfOrJavaScript)],
        ["fp <-> fixed point"] = [new("sf 0 0 11110 ftype:2 0 rmode:2 opcode:3 scale:6 00001 00000", IsHalf)],
    };

    // The vector forms the machine implements (the test checks their results, not which forms exist).
    private static bool NotImplemented(uint w) => PatchLab.Machine.Execution.Semantics.Find(w) is null;

    private static readonly Dictionary<string, Form[]> Simd = new()
    {
        ["simd three same"] = [new("0 Q U 01110 size:2 1 00010 opcode:5 1 00001 00000", NotImplemented)],
        ["simd three different"] = [new("0 Q U 01110 size:2 1 00010 opcode:4 00 00001 00000", NotImplemented)],
        ["simd two-register misc"] = [new("0 Q U 01110 size:2 10000 opcode:5 10 00001 00000", NotImplemented)],
        ["simd across lanes and pairwise"] =
        [
            new("0 Q U 01110 size:2 11000 opcode:5 10 00001 00000", NotImplemented),
            new("01 U 11110 size:2 11000 opcode:5 10 00001 00000", NotImplemented),
        ],
        ["simd vector x indexed element"] = [new("0 Q U 01111 size:2 L M Rm:4 opcode:4 H 0 00001 00000", NotImplemented)],
        ["simd copy"] = [new("0 Q op 01110000 imm5:5 0 imm4:4 1 00001 00000", NotImplemented)],
        ["simd modified immediate"] = [new("0 Q op 0111100000 abc:3 cmode:4 o2 1 defgh:5 00000", NotImplemented)],
        ["simd shift by immediate"] =
        [
            new("0 Q U 011110 immh:4 immb:3 opcode:5 1 00001 00000", NotImplemented),
            new("01 U 111110 immh:4 immb:3 opcode:5 1 00001 00000", NotImplemented),
        ],
        ["simd permute, ext, tbl"] =
        [
            new("0 Q 0 01110 size:2 0 00010 0 opcode:3 10 00001 00000", NotImplemented),
            new("0 Q 101110 00 0 00010 0 imm4:4 0 00001 00000", NotImplemented),
            new("0 Q 001110 00 0 00011 0 len:2 op 00 00001 00000", NotImplemented),
        ],
        ["simd scalar"] =
        [
            new("01 U 11110 size:2 1 00010 opcode:5 1 00001 00000", NotImplemented),
            new("01 U 11110 size:2 10000 opcode:5 10 00001 00000", NotImplemented),
            new("01 0 11110000 imm5:5 0 0000 1 00001 00000", NotImplemented),
        ],
    };

    /// <summary>The class run with FPCR.DN set: every NaN result is the default NaN.</summary>
    private const string DefaultNaNClass = "fp arithmetic with FPCR.DN";

    public static TheoryData<string> FpSimdClasses() => [.. FloatingPoint.Keys, .. Simd.Keys];

    [Theory]
    [MemberData(nameof(FpSimdClasses))]
    public void Fp_and_simd_match_qemu(string name)
    {
        var random = TestSeed.Random(StableHash(name));
        var cases = Words(FloatingPoint.GetValueOrDefault(name) ?? Simd[name], random);
        Assert.True(cases.Count >= CasesPerForm / 2, $"{name}: only {cases.Count} implemented words found");
        var source = new StringBuilder();
        if (name == DefaultNaNClass) source.AppendLine("\tmov x9, #0x2000000\n\tmsr fpcr, x9");
        foreach (var word in cases)
        {
            SetVectorRegisters(source, random);
            LoadRegister(source, 0, Operand(random));
            LoadRegister(source, 1, Operand(random));
            source.AppendLine(CultureInfo.InvariantCulture, $"\tmovz x4, #0x{random.Next(16) << 12:x}, lsl #16\n\tmsr nzcv, x4");
            source.AppendLine(CultureInfo.InvariantCulture, $"\t.inst 0x{word:x8}");
            source.AppendLine("\tmrs x21, nzcv\n\tbl emit\n\tmov x0, x21\n\tbl emit");
            source.AppendLine("\tfmov x0, d0\n\tbl emit\n\tmov x0, v0.d[1]\n\tbl emit");
        }
        Compare(name, cases, 4, source);
    }

    private static void SetVectorRegisters(StringBuilder source, Random random)
    {
        for (var v = 0; v < 4; v++)
        {
            var (low, high) = FpOperand(random);
            LoadRegister(source, 9, low);
            LoadRegister(source, 10, high);
            source.AppendLine(CultureInfo.InvariantCulture, $"\tfmov d{v}, x9\n\tmov v{v}.d[1], x10");
        }
    }

    private static readonly ulong[] SpecialDoubles =
    [
        0, 0x8000_0000_0000_0000, 0x3ff0_0000_0000_0000, 0xbff0_0000_0000_0000, 0x3fe0_0000_0000_0000,
        0x3ff8_0000_0000_0000, 0x4004_0000_0000_0000, 0xc004_0000_0000_0000, 0x7fef_ffff_ffff_ffff, 0x7ff0_0000_0000_0000,
        0xfff0_0000_0000_0000, 0x7ff8_0000_0000_0000, 0x7ff4_0000_0000_0001, 0xfff8_0000_0000_0123, 0x0000_0000_0000_0001,
        0x43e0_0000_0000_0000, 0xc3e0_0000_0000_0000, 0x43f0_0000_0000_0000, 0x41f0_0000_0000_0000, 0x400d_9999_9999_999a,
    ];

    private static readonly uint[] SpecialSingles =
    [
        0, 0x8000_0000, 0x3f80_0000, 0xbf80_0000, 0x3f00_0000, 0x3fc0_0000, 0x4020_0000, 0xc020_0000, 0x7f7f_ffff,
        0x7f80_0000, 0xff80_0000, 0x7fc0_0000, 0x7fa0_0001, 0xffc0_0123, 0x0000_0001, 0x5f00_0000, 0xdf00_0000,
        0x4f80_0000, 0x406c_cccd, 0x4b80_0001,
    ];

    /// <summary>A 128-bit register value: two doubles, four singles, or random bits, mixing special values in.</summary>
    private static (ulong Low, ulong High) FpOperand(Random random)
    {
        ulong Double() => random.Next(3) == 0
            ? BitConverter.DoubleToUInt64Bits((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 70)))
            : SpecialDoubles[random.Next(SpecialDoubles.Length)];
        ulong Single() => random.Next(3) == 0
            ? BitConverter.SingleToUInt32Bits((float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-20, 40))))
            : SpecialSingles[random.Next(SpecialSingles.Length)];
        return random.Next(3) switch
        {
            0 => (Double(), Double()),
            1 => (Single() | (Single() << 32), Single() | (Single() << 32)),
            _ => (Operand(random), Operand(random)),
        };
    }

    [Fact]
    public void Literal_loads_match_qemu()
    {
        var random = TestSeed.Random(StableHash("literals"));
        string[] loads = ["ldr w0", "ldr x0", "ldrsw x0", "ldr s0", "ldr d0", "ldr q0", "prfm pldl1keep"];
        var cases = new List<uint>();
        var source = new StringBuilder();
        for (var i = 0; i < CasesPerForm; i++)
        {
            var load = loads[i % loads.Length];
            cases.Add((uint)i);
            SetVectorRegisters(source, random);
            LoadRegister(source, 0, Operand(random));
            source.AppendLine(CultureInfo.InvariantCulture, $"\t{load}, literal{i}\n\tb after{i}\n\t.balign 16");
            source.AppendLine(CultureInfo.InvariantCulture, $"literal{i}:\n\t.quad 0x{Operand(random):x}, 0x{Operand(random):x}\nafter{i}:");
            source.AppendLine("\tbl emit\n\tfmov x0, d0\n\tbl emit\n\tmov x0, v0.d[1]\n\tbl emit");
        }
        Compare("literal loads", cases, 3, source, i => loads[i % loads.Length]);
    }

    /// <summary>Conditional branches over one instruction (offset +8): x0 says whether the branch was taken.</summary>
    private static readonly Form[] Branches =
    [
        new("0101010 0 0000000000000000010 0 cond:4"),
        new("sf 011010 op 0000000000000000010 00001"),
        new("b5 011011 op b40:5 00000000000010 00001"),
    ];

    [Fact]
    public void Conditional_branches_match_qemu()
    {
        var random = TestSeed.Random(StableHash("branches"));
        var cases = Words(Branches, random);
        var source = new StringBuilder();
        foreach (var word in cases)
        {
            LoadRegister(source, 1, Operand(random));
            source.AppendLine(CultureInfo.InvariantCulture, $"\tmovz x4, #0x{random.Next(16) << 12:x}, lsl #16\n\tmsr nzcv, x4");
            source.AppendLine(CultureInfo.InvariantCulture, $"\tmov x0, #1\n\t.inst 0x{word:x8}\n\tmov x0, #0\n\tbl emit");
        }
        Compare("branches", cases, 1, source);
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var c in text) h = unchecked(h * 31 + c);
        return h;
    }

    /// <summary>Random words of the forms that the encoding table decodes (allocated instructions only).</summary>
    private static List<uint> Words(Form[] forms, Random random)
    {
        var words = new List<uint>();
        var patterns = forms.Select(f => (Form: f, Pattern: BitPattern.Parse(f.Pattern))).ToArray();
        var attempts = 0;
        while (words.Count < CasesPerForm && attempts++ < CasesPerForm * 200)
        {
            var (form, pattern) = patterns[words.Count % patterns.Length];
            var word = ((uint)random.NextInt64() & ~pattern.Mask) | pattern.Value;
            if (form.Adjust is not null) word = form.Adjust(word, random);
            if (PatchLab.Arm64.Decoder.FindEncoding(word) is null || form.Excluded?.Invoke(word) == true) continue;
            words.Add(word);
        }
        return words;
    }

    private static readonly ulong[] EdgeValues =
    [
        0, 1, ulong.MaxValue, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x1_0000_0000, 0x7fff_ffff_ffff_ffff,
        0x8000_0000_0000_0000, 0x5555_5555_5555_5555, 0xaaaa_aaaa_aaaa_aaaa, 0x00ff_00ff_00ff_00ff, 0xffff_ffff_8000_0000,
        2, 63, 64, 32, 31, 0xfffe,
    ];

    private static ulong Operand(Random random) => random.Next(4) switch
    {
        0 => EdgeValues[random.Next(EdgeValues.Length)],
        1 => (ulong)random.Next(-64, 64),
        _ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 33),
    };

    private static void LoadRegister(StringBuilder source, int register, ulong value) =>
        source.AppendLine(CultureInfo.InvariantCulture, $"\tldr x{register}, =0x{value:x}");

    /// <summary>Builds the program around the cases, runs it on both, and names the first differing cases.</summary>
    private static void Compare(string name, List<uint> cases, int linesPerCase, StringBuilder body, Func<int, string>? describe = null)
    {
        describe ??= i => $"{cases[i]:x8} {new Disassembler().Format(cases[i], 0)}";
        using var dir = new TempDir();
        var binary = Build(dir, body.ToString(), cases.Count * linesPerCase);
        var expected = Qemu.Run(binary);
        Assert.True(expected.Exit == 0, $"{name} (seed {TestSeed.Value}): qemu exit {expected.Exit} after {expected.Out.Split('\n').Length / linesPerCase} cases");
        var (exit, output) = UserModeDifferentialTests.RunOnMachine(binary);
        var want = expected.Out.Split('\n');
        var got = output.Split('\n');
        var differences = new List<string>();
        for (var i = 0; i < cases.Count * linesPerCase && differences.Count < 8; i++)
        {
            var expectedLine = i < want.Length ? want[i] : "<none>";
            var actualLine = i < got.Length ? got[i] : "<none>";
            if (expectedLine == actualLine) continue;
            differences.Add($"case {i / linesPerCase} line {i % linesPerCase}: {describe(i / linesPerCase)}: qemu {expectedLine}, machine {actualLine}");
        }
        Assert.True(differences.Count == 0 && exit == 0,
            $"{name} (seed {TestSeed.Value}, exit {exit}):\n{string.Join('\n', differences)}");
    }

    private static string Build(TempDir dir, string cases, int lines)
    {
        var source = $$"""
            .text
            .globl _start
            _start:
            	adrp x20, out
            	add x20, x20, :lo12:out
            {{cases}}
            	adrp x1, out
            	add x1, x1, :lo12:out
            	sub x2, x20, x1
            	mov x0, #1
            	mov x8, #64
            	svc #0
            	mov x0, #0
            	mov x8, #93
            	svc #0
            	.ltorg
            // Appends x0 as 16 hex digits and a newline at x20.
            emit:
            	mov x9, #16
            1:	ror x0, x0, #60
            	and x10, x0, #15
            	add x11, x10, #'0'
            	add x12, x10, #('a' - 10)
            	cmp x10, #10
            	csel x11, x11, x12, lo
            	strb w11, [x20], #1
            	subs x9, x9, #1
            	b.ne 1b
            	mov w11, #10
            	strb w11, [x20], #1
            	ret
            // Appends a hash of the 2 KiB buffer.
            hash:
            	adrp x9, buf
            	add x9, x9, :lo12:buf
            	mov x10, #256
            	mov x0, #0
            2:	ldr x11, [x9], #8
            	eor x0, x11, x0, ror #7
            	subs x10, x10, #1
            	b.ne 2b
            	b emit
            .data
            .balign 16
            buf:
            {{BufferData()}}
            .bss
            .balign 16
            out:
            	.skip {{lines * 17 + 64}}
            """;
        var asmPath = dir.File("cases.s");
        var objectPath = dir.File("cases.o");
        var binary = dir.File("cases");
        File.WriteAllText(asmPath, InsertLiteralPools(source));
        OracleTool.Run("aarch64-linux-gnu-as", ["-march=armv8.1-a+crc", "-o", objectPath, asmPath]);
        OracleTool.Run("aarch64-linux-gnu-ld", ["-static", "-o", binary, objectPath]);
        return binary;
    }

    /// <summary>Puts a literal pool after every few cases so `ldr =` constants stay in range.</summary>
    private static string InsertLiteralPools(string source)
    {
        var result = new StringBuilder();
        var count = 0;
        var pool = 0;
        foreach (var line in source.Split('\n'))
        {
            result.Append(line).Append('\n');
            if (line.Contains("bl emit", StringComparison.Ordinal) || line.Contains("bl hash", StringComparison.Ordinal)) count++;
            if (count < 40) continue;
            count = 0;
            result.Append(CultureInfo.InvariantCulture, $"\tb pool{pool}\n\t.ltorg\npool{pool}:\n");
            pool++;
        }
        return result.ToString();
    }

    private static string BufferData()
    {
        var random = TestSeed.Random(77);
        var text = new StringBuilder();
        for (var i = 0; i < 256; i++) text.AppendLine(CultureInfo.InvariantCulture, $"\t.quad 0x{(ulong)random.NextInt64() ^ ((ulong)random.Next() << 40):x}");
        return text.ToString();
    }
}
