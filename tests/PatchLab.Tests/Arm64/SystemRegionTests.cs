using PatchLab.Arm64;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// The A64 "branches, exception generating and system instructions" region (bits 28:26 = 101) and UDF print exactly
/// as GNU objdump prints them, undefined words included: uniformly random words per sub-class, and, because the
/// system instructions are sparse, dense and exhaustive walks of the system-instruction space.
/// </summary>
public class SystemRegionTests
{
    private const int Samples = 4000;

    /// <summary>The system-instruction space: 1101010100 L op0:2 op1:3 CRn:4 CRm:4 op2:3 Rt:5.</summary>
    private const uint SystemSpace = 0xd5000000;

    public static TheoryData<string> SubClasses() =>
        ["region", "exception-generation", "system", "system-dense", "branch-register", "udf"];

    [Theory]
    [MemberData(nameof(SubClasses))]
    public void Random_words_of_the_sub_class_print_as_objdump_prints_them(string subClass)
    {
        var random = TestSeed.Random(subClass.Length * 7919 + subClass[0]);
        Func<uint> next = subClass switch
        {
            "region" => () => (Word(random) & ~(7u << 26)) | (5u << 26),
            "exception-generation" => () => 0xd4000000 | (Word(random) & 0x00ffffff),
            "system" => () => SystemSpace | (Word(random) & 0x003fffff),
            "system-dense" => () => DenseSystemWord(random),
            "branch-register" => () => 0xd6000000 | (Word(random) & 0x01ffffff),
            "udf" => () => Word(random) & 0xffff,
            _ => throw new ArgumentOutOfRangeException(nameof(subClass)),
        };
        var words = Enumerable.Range(0, Samples).Select(_ => next()).ToList();
        DisassemblerOracleTests.AssertSameAsObjdump(words, subClass);
    }

    [Fact]
    public void Every_hint_barrier_and_pstate_word_prints_as_objdump_prints_it()
    {
        // op0 = 00 with Rt = 31: hints, barriers, PSTATE, the rest MSR of generic registers.
        var words = Enumerable.Range(0, 1 << 14).Select(i => SystemSpace | (uint)i << 5 | 31).ToList();
        DisassemblerOracleTests.AssertSameAsObjdump(words, "op0 = 00, Rt = 31");
    }

    [Fact]
    public void Every_sys_operation_prints_as_objdump_prints_it()
    {
        // op0 = 01: SYS and its at/dc/ic/tlbi/cfp/dvp/cpp aliases, with a register and with Rt = 31.
        var words = Enumerable.Range(0, 1 << 14)
            .SelectMany(i => new[] { SystemSpace | 1u << 19 | (uint)i << 5 | 3, SystemSpace | 1u << 19 | (uint)i << 5 | 31 })
            .ToList();
        DisassemblerOracleTests.AssertSameAsObjdump(words, "SYS");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_system_register_encoding_prints_with_objdumps_name(bool read)
    {
        var l = read ? 1u << 21 : 0;
        var words = Enumerable.Range(0, 1 << 16).Where(e => e >> 14 != 1)
            .Select(e => SystemSpace | l | (uint)e << 5 | 7).ToList();
        DisassemblerOracleTests.AssertSameAsObjdump(words, read ? "MRS" : "MSR");
    }

    [Fact]
    public void Kernel_system_registers_have_their_names()
    {
        var d = new Disassembler();
        Assert.Equal("mrs\tx0, tpidr_el1", d.Format(0xd538d080));
        Assert.Equal("msr\tsp_el0, x1", d.Format(0xd5184101));
        Assert.Equal("mrs\tx2, ctr_el0", d.Format(0xd53b0022));
        Assert.Equal("mrs\tx3, cntvct_el0", d.Format(0xd53be043));
        Assert.Equal("mrs\tx0, s3_0_c15_c2_0", d.Format(0xd538f200));
    }

    /// <summary>
    /// A system-space word whose fields are drawn so that the named corners are hit often: op0 = 00/01, the CRn
    /// values of hints (2), barriers (3), PSTATE (4), cache and TLB maintenance (7, 8), and Rt = 31.
    /// </summary>
    private static uint DenseSystemWord(Random random)
    {
        uint Pick(uint[] likely, int width) =>
            random.Next(2) == 0 ? likely[random.Next(likely.Length)] : (uint)random.Next(1 << width);
        var l = (uint)random.Next(2);
        var op0 = Pick([0, 1], 2);
        var op1 = Pick([0, 3, 4, 6], 3);
        var crn = Pick([2, 3, 4, 7, 8], 4);
        var crm = (uint)random.Next(16);
        var op2 = (uint)random.Next(8);
        var rt = Pick([31], 5);
        return SystemSpace | l << 21 | op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt;
    }

    private static uint Word(Random random) => (uint)random.NextInt64(0, 1L << 32);
}
