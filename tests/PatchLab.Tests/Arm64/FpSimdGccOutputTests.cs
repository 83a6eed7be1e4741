using System.Buffers.Binary;
using PatchLab.Arm64;
using PatchLab.Tests.Oracles;

namespace PatchLab.Tests.Arm64;

/// <summary>
/// The SIMD&amp;FP and crypto code GCC emits at -O2 (scalar floating point, vectorised loops, NEON intrinsics)
/// encodes from GCC's own assembly text to the words GNU as gives.
/// </summary>
public class FpSimdGccOutputTests
{
    private const string Source = """
        #include <arm_neon.h>
        #include <stdint.h>
        double dmix(double a, double b, float c, int i, long l, unsigned u) {
          double r = a * b + c - i / a;
          r += (double)l + (float)u;
          if (a < b) r = __builtin_fma(a, b, r);
          r = __builtin_fmax(r, c) + __builtin_sqrt(b) + __builtin_floor(a) + __builtin_round(b) + __builtin_trunc(c);
          return r > 1.0 ? r : -r * 0.5;
        }
        long conv(double a, float b) { return (long)a + (int)b + (unsigned)a + __builtin_lround(a); }
        float fsel(float a, float b, int c) { return c ? a : b * 3.0f; }
        int fcmpz(double a) { return a == 0.0 || a < 0.0; }
        void vadd(float *restrict a, const float *restrict b, int n) { for (int i = 0; i < n; i++) a[i] = a[i] * 2.0f + b[i]; }
        void iadd(int *restrict a, const short *restrict b, int n) { for (int i = 0; i < n; i++) a[i] += b[i] >> 3; }
        unsigned sum(const unsigned char *p, int n) { unsigned s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
        uint8x16_t aes(uint8x16_t d, uint8x16_t k) { return vaesmcq_u8(vaeseq_u8(d, k)); }
        uint32x4_t sha(uint32x4_t a, uint32_t e, uint32x4_t w) { return vsha1cq_u32(a, e, w); }
        uint32x4_t sha2(uint32x4_t a, uint32x4_t b, uint32x4_t w) { return vsha256hq_u32(a, b, w); }
        poly128_t pm(poly64_t a, poly64_t b) { return vmull_p64(a, b); }
        int32x4_t mla(int32x4_t a, int32x4_t b, int32x4_t c) { return vmlaq_laneq_s32(a, b, c, 3); }
        int16x8_t sh(int16x8_t a) { return vshrq_n_s16(vshlq_n_s16(a, 3), 5); }
        uint16x8_t wid(uint8x16_t a) { return vmovl_high_u8(a); }
        uint8x8_t nar(uint16x8_t a) { return vqshrn_n_u16(a, 4); }
        int64_t lane(int64x2_t a) { return vgetq_lane_s64(a, 1); }
        int32_t lane32(int32x4_t a) { return vgetq_lane_s32(a, 2); }
        int8_t slane(int8x16_t a) { return vgetq_lane_s8(a, 3); }
        float32x4_t dupf(float a) { return vdupq_n_f32(a); }
        uint8x16_t tbl(uint8x16x2_t t, uint8x16_t i) { return vqtbl2q_u8(t, i); }
        uint8x16_t ext(uint8x16_t a, uint8x16_t b) { return vextq_u8(a, b, 3); }
        uint32x4_t zip(uint32x4_t a, uint32x4_t b) { return vzip1q_u32(a, b); }
        uint8x16_t cnt(uint8x16_t a) { return vcntq_u8(a); }
        uint32_t addv(uint32x4_t a) { return vaddvq_u32(a); }
        uint32x4_t movi(void) { return vdupq_n_u32(0x1200); }
        float32x4_t fmovv(void) { return vdupq_n_f32(1.5f); }
        uint64x2_t cmp(int64x2_t a) { return vceqzq_s64(a); }
        uint32x4_t bic(uint32x4_t a) { return vbicq_u32(a, vdupq_n_u32(0xff00)); }
        int32x4_t dot(int32x4_t a, int8x16_t b, int8x16_t c) { return vdotq_s32(a, b, c); }
        float64x2_t fcvt(float32x4_t a) { return vcvt_high_f64_f32(a); }
        int32x4_t fcvtzs(float32x4_t a) { return vcvtq_n_s32_f32(a, 8); }
        uint64x2_t eor3(uint64x2_t a, uint64x2_t b, uint64x2_t c) { return veor3q_u64(a, b, c); }
        uint64x2_t xar(uint64x2_t a, uint64x2_t b) { return vxarq_u64(a, b, 7); }
        uint64x2_t rax(uint64x2_t a, uint64x2_t b) { return vrax1q_u64(a, b); }
        uint32x4_t sm4(uint32x4_t a, uint32x4_t b) { return vsm4eq_u32(a, b); }
        uint64x2_t s512(uint64x2_t a, uint64x2_t b, uint64x2_t c) { return vsha512hq_u64(a, b, c); }
        float16x8_t h(float16x8_t a, float16x8_t b) { return vfmaq_f16(a, a, b); }
        float32x2_t pair(float32x4_t a) { return vpadd_f32(vget_low_f32(a), vget_high_f32(a)); }
        uint16x8_t mulh(uint8x16_t a, uint8x16_t b) { return vmull_high_u8(a, b); }
        int32x4_t sat(int32x4_t a, int32x4_t b) { return vqrdmulhq_s32(a, b); }
        int64_t scal(int64_t a) { int64x1_t v = vdup_n_s64(a); return vget_lane_s64(vshl_n_s64(v, 3), 0); }
        """;

    [Fact]
    public void Gcc_simd_and_fp_lines_encode_as_gnu_as_encodes_them()
    {
        using var dir = new TempDir();
        var c = dir.File("simd.c");
        var asm = dir.File("simd.s");
        File.WriteAllText(c, Source);
        OracleTool.Run("aarch64-linux-gnu-gcc", "-O2", "-march=armv8.2-a+crypto+fp16+dotprod+sha3+sm4", "-S", c, "-o", asm);

        // Instructions only, and only those whose mnemonic the SIMD&FP rows use; labels and relocations stay out.
        var ours = EncodingTable.All.Where(e => e.Group is "fp-simd" or "sve-sme").Select(e => e.Mnemonic)
            .ToHashSet(StringComparer.Ordinal);
        var lines = File.ReadAllLines(asm).Where(l => l.StartsWith('\t') && char.IsAsciiLetterLower(l[1]))
            .Select(l => l.Trim()).Where(l => ours.Contains(l.Split('\t', ' ')[0]) && !l.Contains(".L", StringComparison.Ordinal))
            .ToArray();
        var lineSource = dir.File("lines.s");
        var obj = dir.File("lines.o");
        var bin = dir.File("lines.bin");
        File.WriteAllLines(lineSource, lines);
        OracleTool.Run("aarch64-linux-gnu-as", "-march=armv8.2-a+crypto+fp16+dotprod+sha3+sm4", "-o", obj, lineSource);
        OracleTool.Run("aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", obj, bin);
        var bytes = File.ReadAllBytes(bin);
        Assert.Equal(lines.Length * 4, bytes.Length);

        var failures = new List<string>();
        var checkedLines = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
            if (Decoder.FindEncoding(expected)?.Group is not ("fp-simd" or "sve-sme")) continue;
            checkedLines++;
            var split = lines[i].IndexOfAny(['\t', ' ']);
            var mnemonic = split < 0 ? lines[i] : lines[i][..split];
            var operands = split < 0 ? "" : lines[i][(split + 1)..];
            if (!InstructionEncoder.TryEncode(mnemonic, operands, new LiteralParseContext(0), out var word))
                failures.Add($"'{lines[i]}': does not encode (GNU as: {expected:x8})");
            else if (word != expected)
                failures.Add($"'{lines[i]}': {word:x8}, GNU as {expected:x8}");
        }
        Assert.True(checkedLines > 60, $"only {checkedLines} SIMD&FP lines in GCC's output");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedLines} lines differ:\n" + string.Join('\n', failures));
    }
}
