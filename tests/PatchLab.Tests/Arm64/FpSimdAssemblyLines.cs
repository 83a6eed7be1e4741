namespace PatchLab.Tests.Arm64;

/// <summary>
/// Hand-written GNU as lines for every SIMD&amp;FP, crypto, SVE and SME mnemonic in the table, as GCC and the
/// kernel write them; the cross-checks encode each and compare with an outside assembler.
/// </summary>
internal static class FpSimdAssemblyLines
{
    /// <summary>Lines LLVM 14's assembler also knows.</summary>
    public static readonly string[] Common =
    [
        // Scalar floating point.
        "fmov s0, s1", "fmov d2, d3", "fmov h4, h5", "fabs d0, d1", "fneg s2, s3", "fsqrt h4, h5",
        "frintn s0, s1", "frintp d0, d1", "frintm h0, h1", "frintz s0, s1", "frinta d0, d1", "frintx s0, s1", "frinti d0, d1",
        "frint32z s0, s1", "frint32x d0, d1", "frint64z s0, s1", "frint64x d0, d1",
        "fcvt d0, s1", "fcvt s0, d1", "fcvt h0, s1", "fcvt s0, h1", "fcvt h0, d1", "fcvt d0, h1", "bfcvt h0, s1",
        "fcmp s0, s1", "fcmp d0, #0.0", "fcmpe h0, h1", "fcmpe s0, #0.0",
        "fccmp s1, s2, #0x0, gt", "fccmpe d1, d2, #0xf, eq", "fcsel d0, d1, d2, ne",
        "fmul s0, s1, s2", "fdiv d0, d1, d2", "fadd h0, h1, h2", "fsub s0, s1, s2", "fmax d0, d1, d2", "fmin s0, s1, s2",
        "fmaxnm d0, d1, d2", "fminnm s0, s1, s2", "fnmul d0, d1, d2",
        "fmadd s0, s1, s2, s3", "fmsub d0, d1, d2, d3", "fnmadd h0, h1, h2, h3", "fnmsub s0, s1, s2, s3",
        "fmov d0, #1.000000000000000000e+00", "fmov s1, #-2.5", "fmov h2, #0.125",
        "scvtf s0, w1, #32", "ucvtf d0, x1, #64", "fcvtzs w0, s1, #1", "fcvtzu x0, d1, #10",
        "fcvtns w0, s1", "fcvtnu x0, d1", "fcvtas w0, h1", "fcvtau x0, s1", "fcvtps w0, d1", "fcvtpu x0, s1",
        "fcvtms w0, s1", "fcvtmu x0, d1", "fcvtzs x0, s1", "fcvtzu w0, d1", "scvtf d0, w1", "ucvtf s0, x1",
        "fmov w0, s1", "fmov s0, w1", "fmov x0, d1", "fmov d0, x1", "fmov w0, h1", "fmov h0, x1",
        "fmov x0, v1.d[1]", "fmov v0.d[1], x1", "fjcvtzs w0, d1",

        // Advanced SIMD three same.
        "shadd v0.8b, v1.8b, v2.8b", "uhadd v0.4s, v1.4s, v2.4s", "sqadd v0.2d, v1.2d, v2.2d", "uqadd v0.8h, v1.8h, v2.8h",
        "srhadd v0.16b, v1.16b, v2.16b", "urhadd v0.4h, v1.4h, v2.4h", "shsub v0.2s, v1.2s, v2.2s", "uhsub v0.8b, v1.8b, v2.8b",
        "sqsub v0.4s, v1.4s, v2.4s", "uqsub v0.16b, v1.16b, v2.16b", "cmgt v0.2d, v1.2d, v2.2d", "cmhi v0.8b, v1.8b, v2.8b",
        "cmge v0.4h, v1.4h, v2.4h", "cmhs v0.2s, v1.2s, v2.2s", "sshl v0.2d, v1.2d, v2.2d", "ushl v0.16b, v1.16b, v2.16b",
        "sqshl v0.8h, v1.8h, v2.8h", "uqshl v0.4s, v1.4s, v2.4s", "srshl v0.8b, v1.8b, v2.8b", "urshl v0.2d, v1.2d, v2.2d",
        "sqrshl v0.4h, v1.4h, v2.4h", "uqrshl v0.16b, v1.16b, v2.16b", "smax v0.4s, v1.4s, v2.4s", "umax v0.8b, v1.8b, v2.8b",
        "smin v0.8h, v1.8h, v2.8h", "umin v0.2s, v1.2s, v2.2s", "sabd v0.16b, v1.16b, v2.16b", "uabd v0.4h, v1.4h, v2.4h",
        "saba v0.4s, v1.4s, v2.4s", "uaba v0.8b, v1.8b, v2.8b", "add v0.2d, v1.2d, v2.2d", "sub v0.4s, v1.4s, v2.4s",
        "cmtst v0.8b, v1.8b, v2.8b", "cmeq v0.2d, v1.2d, v2.2d", "mla v0.4s, v1.4s, v2.4s", "mls v0.8h, v1.8h, v2.8h",
        "mul v0.16b, v1.16b, v2.16b", "pmul v0.8b, v1.8b, v2.8b", "smaxp v0.4s, v1.4s, v2.4s", "umaxp v0.8b, v1.8b, v2.8b",
        "sminp v0.4h, v1.4h, v2.4h", "uminp v0.2s, v1.2s, v2.2s", "sqdmulh v0.4s, v1.4s, v2.4s", "sqrdmulh v0.4h, v1.4h, v2.4h",
        "addp v0.2d, v1.2d, v2.2d", "and v0.16b, v1.16b, v2.16b", "bic v0.8b, v1.8b, v2.8b", "orr v0.16b, v1.16b, v2.16b",
        "orn v0.8b, v1.8b, v2.8b", "eor v0.16b, v1.16b, v2.16b", "bsl v0.8b, v1.8b, v2.8b", "bit v0.16b, v1.16b, v2.16b",
        "bif v0.8b, v1.8b, v2.8b", "mov v0.16b, v1.16b", "mov v31.8b, v31.8b",
        "fmaxnm v0.4s, v1.4s, v2.4s", "fmla v0.2d, v1.2d, v2.2d", "fadd v0.2s, v1.2s, v2.2s", "fmulx v0.8h, v1.8h, v2.8h",
        "fcmeq v0.4h, v1.4h, v2.4h", "fmax v0.4s, v1.4s, v2.4s", "frecps v0.2d, v1.2d, v2.2d", "fminnm v0.2s, v1.2s, v2.2s",
        "fmls v0.4s, v1.4s, v2.4s", "fsub v0.8h, v1.8h, v2.8h", "fmin v0.2d, v1.2d, v2.2d", "frsqrts v0.4s, v1.4s, v2.4s",
        "fmaxnmp v0.2s, v1.2s, v2.2s", "faddp v0.4s, v1.4s, v2.4s", "fmul v0.2d, v1.2d, v2.2d", "fcmge v0.4s, v1.4s, v2.4s",
        "facge v0.2s, v1.2s, v2.2s", "fmaxp v0.8h, v1.8h, v2.8h", "fdiv v0.4s, v1.4s, v2.4s", "fminnmp v0.2d, v1.2d, v2.2d",
        "fabd v0.4s, v1.4s, v2.4s", "fcmgt v0.2s, v1.2s, v2.2s", "facgt v0.4h, v1.4h, v2.4h", "fminp v0.4s, v1.4s, v2.4s",
        "fmlal v0.2s, v1.2h, v2.2h", "fmlsl v0.4s, v1.4h, v2.4h", "fmlal2 v0.4s, v1.4h, v2.4h", "fmlsl2 v0.2s, v1.2h, v2.2h",
        "sqrdmlah v0.4s, v1.4s, v2.4s", "sqrdmlsh v0.4h, v1.4h, v2.4h", "sdot v0.4s, v1.16b, v2.16b",
        "udot v0.2s, v1.8b, v2.8b", "usdot v0.4s, v1.16b, v2.16b", "smmla v0.4s, v1.16b, v2.16b",
        "ummla v0.4s, v1.16b, v2.16b", "usmmla v0.4s, v1.16b, v2.16b", "fcmla v0.4s, v1.4s, v2.4s, #90",
        "fcmla v0.2d, v1.2d, v2.2d, #270", "fcadd v0.8h, v1.8h, v2.8h, #90", "fcadd v0.2s, v1.2s, v2.2s, #270",
        "bfdot v0.2s, v1.4h, v2.4h", "bfmmla v0.4s, v1.8h, v2.8h", "bfmlalb v0.4s, v1.8h, v2.8h", "bfmlalt v0.4s, v1.8h, v2.8h",

        // Three different.
        "saddl v0.8h, v1.8b, v2.8b", "uaddl2 v0.4s, v1.8h, v2.8h", "saddw v0.2d, v1.2d, v2.2s", "uaddw2 v0.8h, v1.8h, v2.16b",
        "ssubl v0.4s, v1.4h, v2.4h", "usubl2 v0.2d, v1.4s, v2.4s", "ssubw v0.8h, v1.8h, v2.8b", "usubw2 v0.4s, v1.4s, v2.8h",
        "addhn v0.8b, v1.8h, v2.8h", "raddhn2 v0.8h, v1.4s, v2.4s", "sabal v0.2d, v1.2s, v2.2s", "uabal2 v0.8h, v1.16b, v2.16b",
        "subhn v0.2s, v1.2d, v2.2d", "rsubhn2 v0.16b, v1.8h, v2.8h", "sabdl v0.4s, v1.4h, v2.4h", "uabdl2 v0.2d, v1.4s, v2.4s",
        "smlal v0.8h, v1.8b, v2.8b", "umlal2 v0.4s, v1.8h, v2.8h", "sqdmlal v0.4s, v1.4h, v2.4h", "sqdmlal2 v0.2d, v1.4s, v2.4s",
        "smlsl v0.2d, v1.2s, v2.2s", "umlsl2 v0.8h, v1.16b, v2.16b", "sqdmlsl v0.2d, v1.2s, v2.2s", "sqdmlsl2 v0.4s, v1.8h, v2.8h",
        "smull v0.8h, v1.8b, v2.8b", "umull2 v0.2d, v1.4s, v2.4s", "sqdmull v0.4s, v1.4h, v2.4h", "sqdmull2 v0.2d, v1.4s, v2.4s",
        "pmull v0.8h, v1.8b, v2.8b", "pmull2 v0.8h, v1.16b, v2.16b", "pmull v0.1q, v1.1d, v2.1d", "pmull2 v0.1q, v1.2d, v2.2d",
        "saddl2 v0.8h, v1.16b, v2.16b", "uaddl v0.2d, v1.2s, v2.2s", "uabdl v0.8h, v1.8b, v2.8b",
        "sabdl2 v0.4s, v1.8h, v2.8h", "addhn2 v0.4s, v1.2d, v2.2d", "raddhn v0.4h, v1.4s, v2.4s", "subhn2 v0.16b, v1.8h, v2.8h",
        "rsubhn v0.8b, v1.8h, v2.8h", "saddw2 v0.4s, v1.4s, v2.8h", "uaddw v0.2d, v1.2d, v2.2s", "ssubl2 v0.8h, v1.16b, v2.16b",
        "usubl v0.4s, v1.4h, v2.4h", "ssubw2 v0.2d, v1.2d, v2.4s", "usubw v0.8h, v1.8h, v2.8b", "sabal2 v0.4s, v1.8h, v2.8h",
        "uabal v0.8h, v1.8b, v2.8b", "smlal2 v0.2d, v1.4s, v2.4s", "umlal v0.4s, v1.4h, v2.4h", "smlsl2 v0.8h, v1.16b, v2.16b",
        "umlsl v0.2d, v1.2s, v2.2s", "smull2 v0.4s, v1.8h, v2.8h", "umull v0.8h, v1.8b, v2.8b",

        // Two-register miscellaneous.
        "rev64 v0.4s, v1.4s", "rev16 v0.16b, v1.16b", "rev32 v0.8h, v1.8h", "saddlp v0.4h, v1.8b", "uaddlp v0.2d, v1.4s",
        "suqadd v0.2d, v1.2d", "usqadd v0.8b, v1.8b", "cls v0.4s, v1.4s", "clz v0.8h, v1.8h", "cnt v0.16b, v1.16b",
        "sadalp v0.8h, v1.16b", "uadalp v0.1d, v1.2s", "sqabs v0.2d, v1.2d", "sqneg v0.4s, v1.4s",
        "cmgt v0.4s, v1.4s, #0", "cmeq v0.16b, v1.16b, #0", "cmlt v0.2d, v1.2d, #0", "cmge v0.8h, v1.8h, #0",
        "cmle v0.2s, v1.2s, #0", "abs v0.2d, v1.2d", "neg v0.4s, v1.4s", "mvn v0.16b, v1.16b", "not v0.8b, v1.8b",
        "rbit v0.16b, v1.16b", "xtn v0.8b, v1.8h", "xtn2 v0.8h, v1.4s", "sqxtn v0.2s, v1.2d", "sqxtn2 v0.16b, v1.8h",
        "sqxtun v0.4h, v1.4s", "sqxtun2 v0.4s, v1.2d", "uqxtn v0.8b, v1.8h", "uqxtn2 v0.8h, v1.4s",
        "shll v0.8h, v1.8b, #8", "shll2 v0.2d, v1.4s, #32", "fcvtn v0.4h, v1.4s", "fcvtn2 v0.4s, v1.2d",
        "fcvtl v0.2d, v1.2s", "fcvtl2 v0.4s, v1.8h", "fcvtxn v0.2s, v1.2d", "fcvtxn2 v0.4s, v1.2d",
        "bfcvtn v0.4h, v1.4s", "bfcvtn2 v0.8h, v1.4s",
        "frintn v0.4s, v1.4s", "frintm v0.2d, v1.2d", "fcvtns v0.8h, v1.8h", "fcvtms v0.2s, v1.2s", "fcvtas v0.4s, v1.4s",
        "scvtf v0.2d, v1.2d", "frint32z v0.4s, v1.4s", "frint64z v0.2d, v1.2d", "fcmgt v0.4s, v1.4s, #0.0",
        "fcmeq v0.2d, v1.2d, #0.0", "fcmlt v0.4h, v1.4h, #0.0", "fabs v0.4s, v1.4s", "frintp v0.2s, v1.2s",
        "frintz v0.8h, v1.8h", "fcvtps v0.4s, v1.4s", "fcvtzs v0.2d, v1.2d", "urecpe v0.4s, v1.4s", "frecpe v0.2d, v1.2d",
        "frinta v0.4s, v1.4s", "frintx v0.4h, v1.4h", "fcvtnu v0.2d, v1.2d", "fcvtmu v0.4s, v1.4s", "fcvtau v0.2s, v1.2s",
        "ucvtf v0.8h, v1.8h", "frint32x v0.2s, v1.2s", "frint64x v0.4s, v1.4s", "fcmge v0.2d, v1.2d, #0.0",
        "fcmle v0.4s, v1.4s, #0.0", "fneg v0.2d, v1.2d", "frinti v0.4s, v1.4s", "fcvtpu v0.8h, v1.8h", "fcvtzu v0.4s, v1.4s",
        "ursqrte v0.2s, v1.2s", "frsqrte v0.4s, v1.4s", "fsqrt v0.2d, v1.2d",

        // Across lanes, copy, permute, extract, table lookup.
        "saddlv h0, v1.16b", "uaddlv s0, v1.8h", "uaddlv d0, v1.4s", "smaxv b0, v1.8b", "sminv h0, v1.8h", "addv s0, v1.4s",
        "umaxv b0, v1.16b", "uminv h0, v1.4h", "fmaxnmv s0, v1.4s", "fmaxv h0, v1.8h", "fminnmv h0, v1.4h", "fminv s0, v1.4s",
        "dup v0.16b, v1.b[15]", "dup v0.4s, v1.s[1]", "dup v0.2d, v1.d[1]", "dup v0.8h, w1", "dup v0.2d, x1",
        "mov v0.s[1], w1", "mov v0.d[1], x1", "ins v0.b[3], w1", "mov v0.s[1], v1.s[0]", "ins v0.h[7], v1.h[2]",
        "umov w0, v1.b[1]", "umov w0, v1.h[7]", "mov w0, v1.s[1]", "mov x0, v1.d[1]", "umov w0, v1.s[3]", "umov x0, v1.d[0]",
        "smov w0, v1.b[2]", "smov x0, v1.h[3]", "smov x0, v1.s[1]",
        "uzp1 v0.4s, v1.4s, v2.4s", "trn1 v0.8b, v1.8b, v2.8b", "zip1 v0.2d, v1.2d, v2.2d", "uzp2 v0.8h, v1.8h, v2.8h",
        "trn2 v0.16b, v1.16b, v2.16b", "zip2 v0.2s, v1.2s, v2.2s",
        "ext v0.8b, v1.8b, v2.8b, #7", "ext v0.16b, v1.16b, v2.16b, #15",
        "tbl v0.8b, {v1.16b}, v2.8b", "tbl v0.16b, {v1.16b, v2.16b}, v3.16b", "tbx v0.16b, {v1.16b-v3.16b}, v4.16b",
        "tbl v0.8b, {v30.16b, v31.16b, v0.16b, v1.16b}, v24.8b", "tbx v0.8b, {v4.16b-v7.16b}, v8.8b",

        // Modified immediate.
        "movi v0.4s, #0x1", "movi v0.4s, #0xff, lsl #24", "movi v0.4h, #0x12, lsl #8", "movi v0.2s, #0x12, msl #16",
        "movi v0.16b, #0x5f", "movi d0, #0xff00ff00ff00ff00", "movi v0.2d, #0xffffffffffffffff", "mvni v0.4s, #0x3, lsl #16",
        "mvni v0.8h, #0x7", "mvni v0.4s, #0x12, msl #8", "orr v0.4s, #0x1, lsl #8", "orr v0.8h, #0x80",
        "bic v0.2s, #0xf0, lsl #24", "bic v0.4h, #0x1, lsl #8", "fmov v0.4s, #1.0", "fmov v0.2d, #-0.5",
        "fmov v0.8h, #2.0",

        // Shifts by immediate.
        "sshr v0.16b, v1.16b, #1", "ssra v0.4s, v1.4s, #32", "srshr v0.2d, v1.2d, #64", "srsra v0.8h, v1.8h, #3",
        "shl v0.2s, v1.2s, #31", "sqshl v0.4h, v1.4h, #15", "shrn v0.8b, v1.8h, #8", "rshrn2 v0.16b, v1.8h, #1",
        "sqshrn v0.2s, v1.2d, #32", "sqrshrn2 v0.8h, v1.4s, #16", "sshll v0.8h, v1.8b, #7", "sshll2 v0.2d, v1.4s, #31",
        "sxtl v0.4s, v1.4h", "sxtl2 v0.8h, v1.16b", "uxtl v0.8h, v1.8b", "uxtl2 v0.2d, v1.4s", "ushll v0.4s, v1.4h, #3",
        "ushll2 v0.8h, v1.16b, #1", "scvtf v0.4s, v1.4s, #10", "fcvtzs v0.2d, v1.2d, #64", "ucvtf v0.8h, v1.8h, #16",
        "fcvtzu v0.4h, v1.4h, #1", "ushr v0.2d, v1.2d, #63", "usra v0.16b, v1.16b, #8", "urshr v0.4s, v1.4s, #2",
        "ursra v0.8b, v1.8b, #5", "sri v0.2d, v1.2d, #1", "sli v0.4s, v1.4s, #0", "sqshlu v0.8h, v1.8h, #15",
        "uqshl v0.16b, v1.16b, #7", "sqshrun v0.4h, v1.4s, #16", "sqrshrun2 v0.4s, v1.2d, #1", "uqshrn v0.8b, v1.8h, #4",
        "uqrshrn2 v0.8h, v1.4s, #9", "shrn2 v0.4s, v1.2d, #17", "rshrn v0.2s, v1.2d, #3", "sqshrn2 v0.16b, v1.8h, #2",
        "sqrshrn v0.4h, v1.4s, #5", "sqshrun2 v0.8h, v1.4s, #6", "sqrshrun v0.8b, v1.8h, #8", "uqshrn2 v0.4s, v1.2d, #30",
        "uqrshrn v0.2s, v1.2d, #31",
        "sshr d0, d1, #64", "ushr d0, d1, #1", "ssra d0, d1, #5", "usra d0, d1, #6", "srshr d0, d1, #7", "urshr d0, d1, #8",
        "srsra d0, d1, #9", "ursra d0, d1, #10", "shl d0, d1, #63", "sli d0, d1, #2", "sri d0, d1, #3", "sqshl b0, b1, #7",
        "uqshl h0, h1, #15", "sqshlu s0, s1, #31", "sqshrn b0, h1, #8", "uqshrn h0, s1, #16", "sqrshrn s0, d1, #32",
        "uqrshrn b0, h1, #1", "sqshrun h0, s1, #3", "sqrshrun s0, d1, #4", "scvtf s0, s1, #32", "ucvtf d0, d1, #64",
        "fcvtzs h0, h1, #16", "fcvtzu s0, s1, #1",

        // Scalar three same, three different, two-register miscellaneous, pairwise, copy.
        "sqadd b0, b1, b2", "uqadd h0, h1, h2", "sqsub s0, s1, s2", "uqsub d0, d1, d2", "cmgt d0, d1, d2", "cmhi d0, d1, d2",
        "cmge d0, d1, d2", "cmhs d0, d1, d2", "sshl d0, d1, d2", "ushl d0, d1, d2", "sqshl s0, s1, s2", "uqshl b0, b1, b2",
        "srshl d0, d1, d2", "urshl d0, d1, d2", "sqrshl h0, h1, h2", "uqrshl d0, d1, d2", "add d0, d1, d2", "sub d0, d1, d2",
        "cmtst d0, d1, d2", "cmeq d0, d1, d2", "sqdmulh h0, h1, h2", "sqrdmulh s0, s1, s2", "fmulx s0, s1, s2",
        "fcmeq d0, d1, d2", "frecps h0, h1, h2", "frsqrts s0, s1, s2", "fcmge d0, d1, d2", "facge h0, h1, h2",
        "fabd s0, s1, s2", "fcmgt d0, d1, d2", "facgt s0, s1, s2", "sqrdmlah h0, h1, h2", "sqrdmlsh s0, s1, s2",
        "sqdmlal s0, h1, h2", "sqdmlsl d0, s1, s2", "sqdmull s0, h1, h2",
        "suqadd b0, b1", "usqadd d0, d1", "sqabs h0, h1", "sqneg s0, s1", "cmgt d0, d1, #0", "cmeq d0, d1, #0",
        "cmlt d0, d1, #0", "cmge d0, d1, #0", "cmle d0, d1, #0", "abs d0, d1", "neg d0, d1", "sqxtn b0, h1",
        "sqxtun h0, s1", "uqxtn s0, d1", "fcvtxn s0, d1", "fcvtns s0, s1", "fcvtms d0, d1", "fcvtas h0, h1",
        "scvtf s0, s1", "fcmgt d0, d1, #0.0", "fcmeq h0, h1, #0.0", "fcmlt s0, s1, #0.0", "fcvtps d0, d1",
        "fcvtzs s0, s1", "frecpe d0, d1", "frecpx s0, s1", "fcvtnu h0, h1", "fcvtmu s0, s1", "fcvtau d0, d1",
        "ucvtf h0, h1", "fcmge s0, s1, #0.0", "fcmle d0, d1, #0.0", "fcvtpu s0, s1", "fcvtzu h0, h1", "frsqrte s0, s1",
        "addp d0, v1.2d", "fmaxnmp s0, v1.2s", "faddp d0, v1.2d", "fmaxp h0, v1.2h", "fminnmp d0, v1.2d", "fminp s0, v1.2s",
        "mov b0, v1.b[15]", "mov h0, v1.h[3]", "mov s0, v1.s[1]", "mov d0, v1.d[1]", "dup s0, v1.s[2]",

        // By element.
        "mul v0.4s, v1.4s, v2.s[3]", "mul v0.8h, v1.8h, v2.h[7]", "sqdmulh v0.2s, v1.2s, v31.s[1]", "sqrdmulh v0.4h, v1.4h, v15.h[4]",
        "mla v0.4s, v1.4s, v2.s[0]", "mls v0.8h, v1.8h, v2.h[1]", "sqrdmlah v0.4s, v1.4s, v2.s[2]", "sqrdmlsh v0.8h, v1.8h, v2.h[3]",
        "sqdmulh h0, h1, v2.h[5]", "sqrdmulh s0, s1, v2.s[3]", "sqrdmlah h0, h1, v2.h[0]", "sqrdmlsh s0, s1, v2.s[1]",
        "smlal v0.4s, v1.4h, v2.h[1]", "smlal2 v0.2d, v1.4s, v2.s[3]", "sqdmlal v0.2d, v1.2s, v2.s[0]",
        "sqdmlal2 v0.4s, v1.8h, v2.h[7]", "smlsl v0.4s, v1.4h, v2.h[2]", "smlsl2 v0.2d, v1.4s, v2.s[1]",
        "sqdmlsl v0.4s, v1.4h, v2.h[4]", "sqdmlsl2 v0.2d, v1.4s, v2.s[2]", "smull v0.2d, v1.2s, v2.s[3]",
        "smull2 v0.4s, v1.8h, v2.h[6]", "sqdmull v0.4s, v1.4h, v2.h[5]", "sqdmull2 v0.2d, v1.4s, v2.s[0]",
        "umlal v0.4s, v1.4h, v2.h[3]", "umlal2 v0.2d, v1.4s, v2.s[2]", "umlsl v0.2d, v1.2s, v2.s[1]",
        "umlsl2 v0.4s, v1.8h, v2.h[0]", "umull v0.4s, v1.4h, v2.h[7]", "umull2 v0.2d, v1.4s, v2.s[3]",
        "sqdmlal s0, h1, v2.h[3]", "sqdmlsl d0, s1, v2.s[1]", "sqdmull s0, h1, v2.h[7]",
        "fmla v0.4s, v1.4s, v2.s[3]", "fmla v0.2d, v1.2d, v2.d[1]", "fmla v0.8h, v1.8h, v2.h[7]", "fmls v0.2s, v1.2s, v2.s[0]",
        "fmul v0.2d, v1.2d, v2.d[0]", "fmulx v0.4h, v1.4h, v2.h[2]", "fmla s0, s1, v2.s[3]", "fmls d0, d1, v2.d[1]",
        "fmul h0, h1, v2.h[5]", "fmulx s0, s1, v2.s[2]",
        "sdot v0.4s, v1.16b, v2.4b[3]", "udot v0.2s, v1.8b, v2.4b[0]", "usdot v0.4s, v1.16b, v2.4b[1]",
        "sudot v0.2s, v1.8b, v2.4b[2]", "bfdot v0.4s, v1.8h, v2.2h[3]", "fmlal v0.2s, v1.2h, v2.h[7]",
        "fmlsl v0.4s, v1.4h, v2.h[1]", "fmlal2 v0.4s, v1.4h, v2.h[6]", "fmlsl2 v0.2s, v1.2h, v2.h[0]",
        "bfmlalb v0.4s, v1.8h, v2.h[3]", "bfmlalt v0.4s, v1.8h, v2.h[7]", "fcmla v0.4h, v1.4h, v2.h[1], #180",
        "fcmla v0.8h, v1.8h, v2.h[3], #0", "fcmla v0.4s, v1.4s, v2.s[1], #270",

        // Cryptography.
        "aese v0.16b, v1.16b", "aesd v0.16b, v1.16b", "aesmc v0.16b, v1.16b", "aesimc v0.16b, v1.16b",
        "sha1c q0, s1, v2.4s", "sha1p q0, s1, v2.4s", "sha1m q0, s1, v2.4s", "sha1su0 v0.4s, v1.4s, v2.4s",
        "sha256h q0, q1, v2.4s", "sha256h2 q0, q1, v2.4s", "sha256su1 v0.4s, v1.4s, v2.4s", "sha1h s0, s1",
        "sha1su1 v0.4s, v1.4s", "sha256su0 v0.4s, v1.4s", "sha512h q0, q1, v2.2d", "sha512h2 q0, q1, v2.2d",
        "sha512su0 v0.2d, v1.2d", "sha512su1 v0.2d, v1.2d, v2.2d", "rax1 v0.2d, v1.2d, v2.2d",
        "eor3 v0.16b, v1.16b, v2.16b, v3.16b", "bcax v0.16b, v1.16b, v2.16b, v3.16b", "xar v0.2d, v1.2d, v2.2d, #63",
        "sm3ss1 v0.4s, v1.4s, v2.4s, v3.4s", "sm3tt1a v0.4s, v1.4s, v2.s[3]", "sm3tt1b v0.4s, v1.4s, v2.s[2]",
        "sm3tt2a v0.4s, v1.4s, v2.s[1]", "sm3tt2b v0.4s, v1.4s, v2.s[0]", "sm3partw1 v0.4s, v1.4s, v2.4s",
        "sm3partw2 v0.4s, v1.4s, v2.4s", "sm4e v0.4s, v1.4s", "sm4ekey v0.4s, v1.4s, v2.4s",

        // SVE and SME register state.
        "str z0, [x0, #-34, mul vl]", "ldr z31, [sp, #255, mul vl]", "ldr z1, [x2]", "str p0, [x0, #-3, mul vl]",
        "ldr p15, [x1]", "rdvl x0, #1", "rdvl x3, #-32", "addvl sp, sp, #-1", "addvl x0, x1, #31", "addpl x0, sp, #-4",
        "rdffr p0.b", "rdffr p1.b, p2/z", "rdffrs p1.b, p2/z", "wrffr p3.b", "setffr", "ptrue p0.b", "ptrue p1.s, vl4",
        "ptrues p1.d, pow2", "ptrue p2.h, mul3", "pfalse p7.b", "ldr za[w12, 0], [x0]", "str za[w13, 15], [x1, #15, mul vl]",
        "zero {za}", "zero {za0.d, za7.d}",
    ];

    /// <summary>Lines LLVM 14 does not know (SME vector-length arithmetic, mixed tile sizes); GNU as judges these.</summary>
    public static readonly string[] GnuOnly =
    [
        "zero {za0.h, za1.s}", "rdsvl x0, #1", "addsvl sp, sp, #-1", "addspl x2, x3, #5",
    ];
}
