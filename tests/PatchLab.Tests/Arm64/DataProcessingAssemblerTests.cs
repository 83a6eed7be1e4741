using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// GNU as source for every data-processing mnemonic and alias encodes to the words GNU as and LLVM's llvm-mc give.
/// </summary>
public class DataProcessingAssemblerTests
{
    /// <summary>Lines both assemblers know (LLVM 14 has no FEAT_CSSC).</summary>
    private const string CommonSource = """
        add x0, x1, #0x10
        add w3, w4, #4095
        add x0, x1, #4096
        add x0, x1, #0x1, lsl #12
        add sp, sp, #16
        add x0, sp, #0
        mov x0, sp
        mov sp, x1
        mov wsp, w2
        adds x0, x1, #1
        adds w0, wsp, #2, lsl #12
        cmn x1, #3
        cmn sp, #3
        sub x5, x6, #255
        sub sp, sp, #0x20
        subs x0, x1, #7
        cmp x1, #7
        cmp w1, #1, lsl #12
        cmp sp, #0
        addg x0, x1, #16, #1
        addg sp, x2, #1008, #15
        subg x0, sp, #32, #0
        and x0, x1, #0xff
        and w0, w1, #0xf0f0f0f0
        and sp, x1, #0xfffffffffffffffe
        orr x0, x1, #0x5555555555555555
        orr w0, w1, #1
        eor x3, x4, #0x8000000000000000
        eor w3, w4, #0x7fffffff
        ands x0, x1, #0x3
        tst x1, #0x3
        tst w1, #0x80000000
        mov x0, #0x101010101010101
        mov w0, #0x55555555
        mov sp, #0x1
        movz x0, #1
        movz x0, #1, lsl #16
        movz w0, #0xffff, lsl #16
        movz x0, #0, lsl #32
        mov x0, #0x10000
        mov x0, #0
        mov x0, #-1
        mov w0, #-1
        mov w0, #0xffffffff
        mov x0, #0xffff0000ffffffff
        mov x0, #-65536
        movn x0, #0
        movn w0, #0xffff
        movn x0, #0, lsl #48
        movk x0, #0x1234
        movk x0, #0x1234, lsl #48
        movk w0, #0xffff, lsl #16
        sbfm x0, x1, #1, #5
        sbfm w0, w1, #5, #1
        asr x0, x1, #3
        asr w0, w1, #31
        sbfiz x0, x1, #4, #8
        sbfiz w0, w1, #1, #31
        sbfx x0, x1, #4, #8
        sbfx w0, w1, #0, #1
        sxtb x0, w1
        sxtb w0, w1
        sxth x0, w1
        sxth w0, w1
        sxtw x0, w1
        bfm x0, x1, #4, #2
        bfi x0, x1, #4, #8
        bfi w0, w1, #31, #1
        bfxil x0, x1, #4, #8
        bfxil w0, w1, #0, #32
        bfc x0, #4, #8
        bfc w0, #0, #1
        ubfm x0, x1, #0, #62
        ubfm w0, w1, #3, #4
        lsl x0, x1, #3
        lsl w0, w1, #31
        lsl x0, x1, #0
        lsr x0, x1, #3
        lsr w0, w1, #0
        ubfiz x0, x1, #4, #8
        ubfiz w0, w1, #30, #2
        ubfx x0, x1, #4, #8
        ubfx w0, w1, #8, #24
        uxtb w0, w1
        uxth w0, w1
        extr x0, x1, x2, #3
        extr w0, w1, w2, #31
        ror x0, x1, #63
        ror w0, w1, #1
        and x0, x1, x2
        and w0, w1, w2, lsl #31
        and x0, x1, x2, ror #63
        bic x0, x1, x2, asr #2
        bic w0, w1, w2
        orr x0, x1, x2, lsr #1
        orr x0, xzr, x2, lsl #1
        mov x0, x2
        mov w0, wzr
        orn x0, x1, x2
        mvn x0, x2
        mvn w0, w2, ror #3
        eor x0, x1, x2, lsl #5
        eon x0, x1, x2
        ands x0, x1, x2
        tst x1, x2
        tst w1, w2, asr #4
        bics x0, x1, x2, lsl #7
        add x0, x1, x2
        add w0, w1, w2, lsl #3
        add x0, x1, x2, asr #63
        adds x0, x1, x2, lsr #2
        cmn x1, x2
        cmn w1, w2, lsl #31
        sub x0, x1, x2
        sub x0, x1, x2, lsl #4
        neg x0, x2
        neg w0, w2, asr #1
        subs x0, x1, x2
        cmp x1, x2
        cmp x1, x2, lsr #12
        negs x0, x2
        negs w0, w2, lsl #2
        add x0, x1, w2, uxtb
        add x0, x1, w2, sxtw #2
        add x0, x1, x2, uxtx #4
        add x0, x1, x2, sxtx
        add sp, sp, x2
        add sp, x1, x2, lsl #3
        add x0, sp, w2, uxtw
        add w0, w1, w2, uxth #1
        add wsp, wsp, w2
        adds x0, x1, w2, sxtb #3
        adds x0, sp, x2
        cmn sp, x2, lsl #1
        cmn x1, w2, uxtw
        sub x0, x1, w2, sxth
        sub sp, sp, x2, lsl #4
        subs x0, sp, w2, uxtb #1
        cmp sp, x2
        cmp w1, w2, uxtb
        cmp x1, w2, sxtw #4
        adc x0, x1, x2
        adc w0, w1, w2
        adcs x0, x1, x2
        sbc x0, x1, x2
        ngc x0, x2
        ngc w0, w2
        sbcs w0, w1, w2
        ngcs x0, x2
        rmif x1, #3, #4
        rmif x30, #63, #15
        setf8 w1
        setf16 w30
        ccmn x0, x1, #0, eq
        ccmn w0, #31, #15, ne
        ccmp x0, x1, #4, hs
        ccmp x0, #0, #0, lo
        ccmp w0, w1, #8, al
        csel x0, x1, x2, eq
        csel w0, w1, w2, nv
        csinc x0, x1, x2, ne
        csinc x0, x1, x1, al
        cset x0, eq
        cset w0, lt
        cinc x0, x1, mi
        csinv x0, x1, x2, ge
        csetm x0, hi
        cinv w0, w1, ls
        csneg x0, x1, x2, vs
        cneg x0, x1, vc
        cneg w0, w1, gt
        rbit x0, x1
        rbit w0, w1
        rev16 x0, x1
        rev16 w0, w1
        rev w0, w1
        rev32 x0, x1
        rev x0, x1
        clz x0, x1
        clz w0, w1
        cls x0, x1
        cls w0, w1
        pacia x0, x1
        pacia x0, sp
        pacib x0, x1
        pacda x0, x1
        pacdb x0, x1
        autia x0, x1
        autib x0, sp
        autda x0, x1
        autdb x0, x1
        paciza x0
        pacizb x1
        pacdza x2
        pacdzb x3
        autiza x4
        autizb x5
        autdza x6
        autdzb x7
        xpaci x8
        xpacd x9
        udiv x0, x1, x2
        udiv w0, w1, w2
        sdiv x0, x1, x2
        lsl x0, x1, x2
        lslv x0, x1, x2
        lsl w0, w1, w2
        lsr x0, x1, x2
        lsrv w0, w1, w2
        asr x0, x1, x2
        asrv x0, x1, x2
        ror x0, x1, x2
        rorv w0, w1, w2
        crc32b w0, w1, w2
        crc32h w0, w1, w2
        crc32w w0, w1, w2
        crc32x w0, w1, x2
        crc32cb w0, w1, w2
        crc32ch w0, w1, w2
        crc32cw w0, w1, w2
        crc32cx w0, w1, x2
        subp x0, x1, x2
        subp x0, sp, sp
        subps x0, x1, x2
        cmpp x1, x2
        cmpp sp, x2
        irg x0, x1
        irg sp, sp, x2
        gmi x0, x1, x2
        gmi x0, sp, xzr
        pacga x0, x1, x2
        pacga x0, x1, sp
        madd x0, x1, x2, x3
        madd w0, w1, w2, w3
        mul x0, x1, x2
        mul w0, w1, w2
        msub x0, x1, x2, x3
        mneg x0, x1, x2
        smaddl x0, w1, w2, x3
        smull x0, w1, w2
        smsubl x0, w1, w2, x3
        smnegl x0, w1, w2
        smulh x0, x1, x2
        umaddl x0, w1, w2, x3
        umull x0, w1, w2
        umsubl x0, w1, w2, x3
        umnegl x0, w1, w2
        umulh x0, x1, x2
        """;

    /// <summary>
    /// FEAT_CSSC, which only GNU as knows here, and the forms GNU as accepts beyond the canonical ones: either
    /// register width with any extend, the extend a W register implies, an insert at bit 0, negative add/subtract
    /// immediates.
    /// </summary>
    private const string GnuAsOnlySource = """
        add x0, x1, #-8
        sub x0, x1, #-8
        add sp, sp, #-16
        adds w0, w1, #-1
        subs x0, sp, #-4096
        sub w0, w1, #-1, lsl #12
        cmp x0, #-1
        cmn w0, #-5
        uxtb x0, w1
        uxth x2, w3
        add x0, x1, w2, uxtx
        add x0, x1, x2, uxtw
        add x0, sp, w2
        cmp sp, w2
        add x0, sp, w2, lsl #2
        adds x0, sp, x2, lsl #2
        sbfiz x0, x1, #0, #8
        ubfiz w0, w1, #0, #8
        bfi x0, x1, #0, #3
        smax x0, x1, #-128
        smax w0, w1, #127
        umax x0, x1, #255
        umax w0, w1, #0
        smin x0, x1, #-1
        smin w0, w1, #5
        umin x0, x1, #200
        umin w0, w1, #1
        smax x0, x1, x2
        smax w0, w1, w2
        umax x0, x1, x2
        smin w0, w1, w2
        umin x0, x1, x2
        ctz x0, x1
        ctz w0, w1
        cnt x0, x1
        cnt w0, w1
        abs x0, x1
        abs w0, w1
        """;

    private static string[] Lines(string source) =>
        source.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);


    [Fact]
    public void Every_line_encodes_as_llvm_mc_encodes_it()
    {
        var lines = Lines(CommonSource);
        EncoderOracles.AssertOurEncoderAgrees(lines, EncoderOracles.LlvmMc(lines, "+v8.5a,+mte,+pauth"), "llvm-mc");
    }


    [Fact]
    public void Every_line_encodes_as_gnu_as_encodes_it()
    {
        var lines = Lines(CommonSource).Concat(Lines(GnuAsOnlySource)).ToArray();
        EncoderOracles.AssertOurEncoderAgrees(lines, EncoderOracles.GnuAs(lines, "-march=armv8.5-a+memtag+cssc"), "GNU as");
    }


    /// <summary>The text printed for random words of both regions, assembled by GNU as, gives what we encode from it.</summary>
    [Fact]
    public void Printed_text_of_random_words_encodes_as_gnu_as_encodes_it()
    {
        var lines = RandomPrintedLines(0xd9);
        EncoderOracles.AssertOurEncoderAgrees(lines, EncoderOracles.GnuAs(lines, "-march=armv8.5-a+memtag+cssc"), "GNU as");
    }

    /// <summary>The same for llvm-mc, leaving out FEAT_CSSC, which LLVM 14 does not know.</summary>
    [Fact]
    public void Printed_text_of_random_words_encodes_as_llvm_mc_encodes_it()
    {
        string[] cssc = ["smax", "smin", "umax", "umin", "ctz", "cnt", "abs"];
        var lines = RandomPrintedLines(0xda).Where(l => !cssc.Contains(l.Split(' ')[0])).ToArray();
        EncoderOracles.AssertOurEncoderAgrees(lines, EncoderOracles.LlvmMc(lines, "+v8.5a,+mte,+pauth"), "llvm-mc");
    }

    /// <summary>3000 allocated words from both regions, printed, without objdump's comments.</summary>
    private static string[] RandomPrintedLines(int salt)
    {
        var random = TestSeed.Random(salt);
        var disassembler = new Disassembler();
        uint[] regionTops = [0b1000, 0b1001, 0b0101, 0b1101];
        var lines = new List<string>();
        while (lines.Count < 3000)
        {
            var word = ((uint)random.NextInt64(0, 1L << 32) & ~(0xfu << 25)) | regionTops[random.Next(regionTops.Length)] << 25;
            // ADR/ADRP are left out: their text depends on the address.
            if ((word & 0x1f000000) == 0x10000000 || Decoder.FindEncoding(word) is null) continue;
            var text = disassembler.Format(word);
            var comment = text.IndexOf("//", StringComparison.Ordinal);
            lines.Add((comment < 0 ? text : text[..comment]).TrimEnd().Replace('\t', ' '));
        }
        return [.. lines];
    }

    [Fact]
    public void Every_data_processing_mnemonic_has_source_lines()
    {
        var written = Lines(CommonSource).Concat(Lines(GnuAsOnlySource)).Select(l => l.Split(' ')[0]).ToHashSet();
        var missing = EncodingTable.All.Where(e => e.Group.StartsWith("dp-", StringComparison.Ordinal) && e.Mnemonic is not ("adr" or "adrp"))
            .Select(e => e.Mnemonic).Distinct().Where(m => !written.Contains(m)).ToList();
        Assert.True(missing.Count == 0, "no source line for " + string.Join(", ", missing));
    }

    /// <summary>Operands GNU as refuses (out of range, wrong width, reserved forms) do not encode either.</summary>
    [Theory]
    [InlineData("add w0, w1, w2, lsl #32")]
    [InlineData("add x0, x1, #4097")]
    [InlineData("add x0, x1, #1, lsl #1")]
    [InlineData("add x0, x1, w2, lsl #2")]
    [InlineData("add x0, x1, w2, uxtb #5")]
    [InlineData("add x0, x1, sp")]
    [InlineData("neg sp, x1")]
    [InlineData("cmp x0, sp")]
    [InlineData("mov w0, #0x100000000")]
    [InlineData("mov x0, #0x1234567")]
    [InlineData("and w0, w1, #0x100000000")]
    [InlineData("movz w0, #1, lsl #32")]
    [InlineData("movk x0, #1, lsl #8")]
    [InlineData("sbfx x0, x1, #60, #8")]
    [InlineData("bfi x0, x1, #60, #8")]
    [InlineData("lsl w0, w1, #32")]
    [InlineData("ror x0, x1, #64")]
    [InlineData("sxtw w0, w1")]
    [InlineData("cset w0, al")]
    [InlineData("cinc x0, x1, nv")]
    [InlineData("ccmp x0, #32, #0, eq")]
    [InlineData("rmif x0, #64, #0")]
    [InlineData("smax w0, w1, #128")]
    [InlineData("umax w0, w1, #-1")]
    [InlineData("smull x0, x1, x2")]
    [InlineData("mul x0, x1, w2")]
    [InlineData("crc32x w0, w1, w2")]
    [InlineData("irg x0, x1, sp")]
    public void Lines_gnu_as_rejects_do_not_encode(string line)
    {
        using var dir = new TempDir();
        var source = dir.File("bad.s");
        File.WriteAllText(source, line + "\n");
        var gnuAs = OracleTool.RunRaw("aarch64-linux-gnu-as", "-march=armv8.5-a+memtag+cssc", source, "-o", dir.File("bad.o"));
        Assert.True(gnuAs.Exit != 0, $"GNU as accepts '{line}'");
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        Assert.False(InstructionEncoder.TryEncode(line[..space], line[(space + 1)..], new LiteralParseContext(0), out var word),
            $"'{line}' encodes as {word:x8}");
    }

}
