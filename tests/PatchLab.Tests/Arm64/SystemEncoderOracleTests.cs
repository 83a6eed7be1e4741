using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// GNU as source for every system-region mnemonic (and a sample of system register and operation names) encodes as
/// GNU as encodes it, and as llvm-mc encodes it where LLVM 14 knows the instruction.
/// </summary>
public partial class SystemEncoderOracleTests
{
    /// <summary>Lines LLVM 14 rejects whatever its features: names it does not know.</summary>
    private static readonly string[] UnknownToLlvm14 = ["clearbhb", "msr allint, #1", "dc cipapa, x7"];

    /// <summary>The brief's feature set, plus the extensions that own some of the mnemonics (TME, SPE, SME, …).</summary>
    private const string LlvmFeatures = "+v8.5a,+mte,+pauth,+bti,+v8.7a,+tme,+spe,+xs,+sme,+wfxt,+rme,+rand";

    private static readonly string[] Lines =
    [
        "svc #0",
        "svc #0x1234",
        "hvc #1",
        "smc #0xffff",
        "brk #0x800",
        "hlt #0x3c",
        "tcancel #42",
        "dcps1",
        "dcps2 #5",
        "dcps3",
        "udf #4660",
        "hint #0x6",
        "hint #127",
        "nop",
        "yield",
        "wfe",
        "wfi",
        "sev",
        "sevl",
        "xpaclri",
        "pacia1716",
        "pacib1716",
        "autia1716",
        "autib1716",
        "esb",
        "psb csync",
        "tsb csync",
        "csdb",
        "clearbhb",
        "paciaz",
        "paciasp",
        "pacibz",
        "pacibsp",
        "autiaz",
        "autiasp",
        "autibz",
        "autibsp",
        "bti",
        "bti c",
        "bti j",
        "bti jc",
        "clrex",
        "clrex #5",
        "dsb sy",
        "dsb ish",
        "dsb ishst",
        "dsb nshld",
        "dsb oshld",
        "dsb #0x8",
        "dsb oshnxs",
        "dsb synxs",
        "dmb ish",
        "dmb ishld",
        "dmb st",
        "dmb #0",
        "isb",
        "isb #3",
        "sb",
        "ssbb",
        "pssbb",
        "tcommit",
        "tstart x3",
        "ttest x4",
        "msr spsel, #1",
        "msr daifset, #0xf",
        "msr daifclr, #2",
        "msr pan, #1",
        "msr uao, #0",
        "msr dit, #1",
        "msr ssbs, #1",
        "msr tco, #1",
        "msr allint, #1",
        "smstart",
        "smstart sm",
        "smstart za",
        "smstop",
        "smstop sm",
        "smstop za",
        "msr svcrsm, #1",
        "msr svcrsmza, #0",
        "cfinv",
        "xaflag",
        "axflag",
        "sys #0, c7, c5, #0",
        "sys #3, C7, C11, #1, x0",
        "sys #1, c2, c3, #4, x9",
        "sysl x0, #1, c2, c3, #4",
        "sysl xzr, #7, C15, C15, #7",
        "at s1e1r, x0",
        "at s12e0w, x3",
        "at s1e3w, x5",
        "dc cvau, x0",
        "dc civac, x1",
        "dc zva, x2",
        "dc ivac, x3",
        "dc cvap, x4",
        "dc cvadp, x5",
        "dc gzva, x6",
        "dc cipapa, x7",
        "dc isw, x8",
        "ic iallu",
        "ic ialluis",
        "ic ivau, x0",
        "tlbi vmalle1is",
        "tlbi vmalle1",
        "tlbi vae1is, x0",
        "tlbi vale1is, x1",
        "tlbi aside1is, x2",
        "tlbi alle2",
        "tlbi alle1is",
        "tlbi vmalls12e1is",
        "tlbi ipas2e1is, x3",
        "tlbi rvae1is, x4",
        "tlbi vae1os, x5",
        "tlbi paall",
        "tlbi rpaos, x6",
        "cfp rctx, x0",
        "dvp rctx, x1",
        "cpp rctx, x2",
        "wfet x0",
        "wfit x1",
        "mrs x0, tpidr_el1",
        "msr tpidr_el1, x0",
        "msr sp_el0, x1",
        "mrs x2, ctr_el0",
        "mrs x3, mpidr_el1",
        "mrs x4, cntvct_el0",
        "mrs x5, cntfrq_el0",
        "mrs x6, midr_el1",
        "mrs x7, daif",
        "msr daif, x7",
        "msr sctlr_el1, x8",
        "msr ttbr0_el1, x9",
        "msr ttbr1_el1, x9",
        "msr tcr_el1, x10",
        "msr mair_el1, x11",
        "msr vbar_el1, x12",
        "mrs x13, esr_el1",
        "mrs x14, far_el1",
        "msr elr_el1, x15",
        "msr spsr_el1, x16",
        "mrs x17, id_aa64mmfr0_el1",
        "mrs x18, id_aa64pfr0_el1",
        "mrs x19, id_aa64isar1_el1",
        "mrs x20, pmcr_el0",
        "msr pmcntenset_el0, x21",
        "mrs x22, pmccntr_el0",
        "msr icc_sre_el1, x23",
        "msr icc_pmr_el1, x24",
        "mrs x25, icc_iar1_el1",
        "msr icc_eoir1_el1, x26",
        "msr icc_sgi1r_el1, x27",
        "mrs x28, nzcv",
        "msr fpcr, x29",
        "mrs x30, fpsr",
        "mrs x0, currentel",
        "msr tpidrro_el0, x1",
        "msr cntkctl_el1, x2",
        "msr cntv_ctl_el0, x3",
        "msr cntv_cval_el0, x4",
        "msr hcr_el2, x5",
        "mrs x6, dczid_el0",
        "mrs x7, rndr",
        "msr apiakeylo_el1, x8",
        "msr gcr_el1, x9",
        "mrs x10, tfsr_el1",
        "mrs x11, s3_0_c15_c2_0",
        "msr s3_7_c15_c15_7, x12",
        "mrs x13, dbgdtrrx_el0",
        "msr dbgdtrtx_el0, x14",
        "msr pan, x15",
        "mrs x16, ssbs",
        "msr dit, x17",
        "msr tco, x18",
        "braa x0, x1",
        "brab x2, sp",
        "blraa x3, x4",
        "blrab x5, x6",
        "braaz x7",
        "brabz x8",
        "blraaz x9",
        "blrabz x10",
        "retaa",
        "retab",
        "eretaa",
        "eretab",
        "isb sy",
        "dsb #16",
        "dsb #28",
        "clrex #15",
        "MRS X0, TPIDR_EL1",
        "hint 34",
        "sys #0, c7, c5, #0, xzr",
        "msr SPSel, #1",
        "msr DAIFSet, #2",
        "tlbi VMALLE1IS",
        "bti C",
    ];

    private const string GnuAsArch = "-march=armv9.3-a+tme+sme+memtag+rng+profile";

    [Fact]
    public void Source_lines_encode_as_gnu_as_encodes_them()
    {
        var (accepted, expected) = AssembleWithGnuAs(Lines);
        Assert.Equal(Lines, accepted);
        EncoderOracles.AssertOurEncoderAgrees(accepted, expected, "GNU as");
    }

    [Fact]
    public void Source_lines_encode_as_llvm_mc_encodes_them()
    {
        var lines = Lines.Where(l => !UnknownToLlvm14.Contains(l)).ToArray();
        var (accepted, expected) = AssembleWithLlvmMc(lines);
        Assert.Equal(lines, accepted);
        EncoderOracles.AssertOurEncoderAgrees(accepted, expected, "llvm-mc");
    }

    /// <summary>MRS of every register name objdump prints for reading, MSR of every one it prints for writing.</summary>
    private static string[] RegisterLines() =>
    [
        .. SystemRegisters.All.Where(r => r.Access != SystemRegisters.Access.WriteOnly).Select(r => $"mrs x1, {r.Name}"),
        .. SystemRegisters.All.Where(r => r.Access != SystemRegisters.Access.ReadOnly).Select(r => $"msr {r.Name}, x2"),
    ];

    [Fact]
    public void Every_system_register_name_gnu_as_accepts_encodes_as_gnu_as_encodes_it()
    {
        // GNU as refuses a few directions (reading a write-only register) and the Armv8-R registers for this -march.
        var (accepted, expected) = AssembleWithGnuAs(RegisterLines());
        Assert.True(accepted.Length > 1800, $"GNU as accepted only {accepted.Length} lines");
        EncoderOracles.AssertOurEncoderAgrees(accepted, expected, "GNU as");
    }

    [Fact]
    public void Every_system_register_name_llvm_mc_knows_encodes_as_llvm_mc_encodes_it()
    {
        // LLVM 14 knows fewer names and refuses reading write-only or writing read-only registers.
        var (accepted, expected) = AssembleWithLlvmMc(RegisterLines());
        Assert.True(accepted.Length > 1400, $"llvm-mc accepted only {accepted.Length} lines");
        EncoderOracles.AssertOurEncoderAgrees(accepted, expected, "llvm-mc");
    }

    /// <summary>The lines GNU as accepts, and their words: a first run finds the lines it rejects.</summary>
    private static (string[] Accepted, uint[] Words) AssembleWithGnuAs(string[] lines)
    {
        using var dir = new TempDir();
        var source = dir.File("lines.s");
        var obj = dir.File("lines.o");
        File.WriteAllText(source, string.Join('\n', lines) + "\n");
        var first = OracleTool.RunRaw("aarch64-linux-gnu-as", GnuAsArch, source, "-o", obj);
        var accepted = WithoutRejected(lines, first.Err);
        File.WriteAllText(source, string.Join('\n', accepted) + "\n");
        OracleTool.Run("aarch64-linux-gnu-as", GnuAsArch, source, "-o", obj);
        var bin = dir.File("lines.bin");
        OracleTool.Run("aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", obj, bin);
        var bytes = File.ReadAllBytes(bin);
        Assert.Equal(accepted.Length * 4, bytes.Length);
        return (accepted, [.. Enumerable.Range(0, accepted.Length)
            .Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4)))]);
    }

    /// <summary>The lines llvm-mc accepts, and their words from its <c>-show-encoding</c> comments.</summary>
    private static (string[] Accepted, uint[] Words) AssembleWithLlvmMc(string[] lines)
    {
        using var dir = new TempDir();
        var source = dir.File("lines.s");
        File.WriteAllText(source, string.Join('\n', lines) + "\n");
        var (_, output, errors) = OracleTool.RunRaw("llvm-mc", "-triple=aarch64", "-mattr=" + LlvmFeatures,
            "-show-encoding", source);
        var accepted = WithoutRejected(lines, errors);
        var words = EncoderOracles.ParseLlvmMcEncodings(output);
        Assert.Equal(accepted.Length, words.Length);
        return (accepted, words);
    }

    /// <summary>The lines without those an assembler's messages name as errors (<c>lines.s:12: Error: …</c>).</summary>
    private static string[] WithoutRejected(string[] lines, string messages)
    {
        var rejected = ErrorLine().Matches(messages)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
        return [.. lines.Where((_, i) => !rejected.Contains(i + 1))];
    }

    [Theory]
    [InlineData("dc", "cvau")]
    [InlineData("ic", "iallu, x0")]
    [InlineData("tlbi", "vmalle1is, x1")]
    [InlineData("dsb", "#17")]
    [InlineData("dmb", "oshnxs")]
    [InlineData("hint", "#128")]
    [InlineData("msr", "daifset, x0")]
    [InlineData("mrs", "x0, no_such_el1")]
    public void Source_that_gnu_as_rejects_does_not_encode(string mnemonic, string operands) =>
        Assert.False(InstructionEncoder.TryEncode(mnemonic, operands, new LiteralParseContext(0), out _));


    [GeneratedRegex(@"lines\.s:(\d+):(?:\d+:)? [Ee]rror")]
    private static partial Regex ErrorLine();

}
