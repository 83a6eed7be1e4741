namespace PatchLab.Tests.Arm64;

/// <summary>
/// GNU as source for every load/store mnemonic of A64 and each of its addressing forms, for comparing our encoder
/// with LLVM's (and, through it, GNU as's: both agree on every line).
/// </summary>
internal static class LoadsStoresSource
{
    public const string Lines = """
        strb w3, [x4]
        strb w3, [sp, #123]
        strb w3, [x4, #4095]
        sturb w3, [x4, #-17]
        sturb w3, [sp]
        strb w3, [x4], #-256
        strb w3, [x4, #255]!
        strb w3, [sp, #0]!
        strb w3, [x4, x5]
        strb w3, [x4, x5, lsl #0]
        strb w3, [x4, w5, uxtw]
        strb w3, [x4, w5, sxtw #0]
        strb w3, [x4, xzr, sxtx]
        sttrb w3, [x4, #-9]
        sttrb w3, [sp]
        ldrb w3, [x4]
        ldrb w3, [sp, #123]
        ldrb w3, [x4, #4095]
        ldurb w3, [x4, #-17]
        ldurb w3, [sp]
        ldrb w3, [x4], #-256
        ldrb w3, [x4, #255]!
        ldrb w3, [sp, #0]!
        ldrb w3, [x4, x5]
        ldrb w3, [x4, x5, lsl #0]
        ldrb w3, [x4, w5, uxtw]
        ldrb w3, [x4, w5, sxtw #0]
        ldrb w3, [x4, xzr, sxtx]
        ldtrb w3, [x4, #-9]
        ldtrb w3, [sp]
        ldrsb x3, [x4]
        ldrsb x3, [sp, #123]
        ldrsb x3, [x4, #4095]
        ldursb x3, [x4, #-17]
        ldursb x3, [sp]
        ldrsb x3, [x4], #-256
        ldrsb x3, [x4, #255]!
        ldrsb x3, [sp, #0]!
        ldrsb x3, [x4, x5]
        ldrsb x3, [x4, x5, lsl #0]
        ldrsb x3, [x4, w5, uxtw]
        ldrsb x3, [x4, w5, sxtw #0]
        ldrsb x3, [x4, xzr, sxtx]
        ldtrsb x3, [x4, #-9]
        ldtrsb x3, [sp]
        ldrsb w3, [x4]
        ldrsb w3, [sp, #123]
        ldrsb w3, [x4, #4095]
        ldursb w3, [x4, #-17]
        ldursb w3, [sp]
        ldrsb w3, [x4], #-256
        ldrsb w3, [x4, #255]!
        ldrsb w3, [sp, #0]!
        ldrsb w3, [x4, x5]
        ldrsb w3, [x4, x5, lsl #0]
        ldrsb w3, [x4, w5, uxtw]
        ldrsb w3, [x4, w5, sxtw #0]
        ldrsb w3, [x4, xzr, sxtx]
        ldtrsb w3, [x4, #-9]
        ldtrsb w3, [sp]
        strh w3, [x4]
        strh w3, [sp, #246]
        strh w3, [x4, #8190]
        sturh w3, [x4, #-17]
        sturh w3, [sp]
        strh w3, [x4], #-256
        strh w3, [x4, #255]!
        strh w3, [sp, #0]!
        strh w3, [x4, x5]
        strh w3, [x4, x5, lsl #1]
        strh w3, [x4, w5, uxtw]
        strh w3, [x4, w5, sxtw #1]
        strh w3, [x4, xzr, sxtx]
        sttrh w3, [x4, #-9]
        sttrh w3, [sp]
        ldrh w3, [x4]
        ldrh w3, [sp, #246]
        ldrh w3, [x4, #8190]
        ldurh w3, [x4, #-17]
        ldurh w3, [sp]
        ldrh w3, [x4], #-256
        ldrh w3, [x4, #255]!
        ldrh w3, [sp, #0]!
        ldrh w3, [x4, x5]
        ldrh w3, [x4, x5, lsl #1]
        ldrh w3, [x4, w5, uxtw]
        ldrh w3, [x4, w5, sxtw #1]
        ldrh w3, [x4, xzr, sxtx]
        ldtrh w3, [x4, #-9]
        ldtrh w3, [sp]
        ldrsh x3, [x4]
        ldrsh x3, [sp, #246]
        ldrsh x3, [x4, #8190]
        ldursh x3, [x4, #-17]
        ldursh x3, [sp]
        ldrsh x3, [x4], #-256
        ldrsh x3, [x4, #255]!
        ldrsh x3, [sp, #0]!
        ldrsh x3, [x4, x5]
        ldrsh x3, [x4, x5, lsl #1]
        ldrsh x3, [x4, w5, uxtw]
        ldrsh x3, [x4, w5, sxtw #1]
        ldrsh x3, [x4, xzr, sxtx]
        ldtrsh x3, [x4, #-9]
        ldtrsh x3, [sp]
        ldrsh w3, [x4]
        ldrsh w3, [sp, #246]
        ldrsh w3, [x4, #8190]
        ldursh w3, [x4, #-17]
        ldursh w3, [sp]
        ldrsh w3, [x4], #-256
        ldrsh w3, [x4, #255]!
        ldrsh w3, [sp, #0]!
        ldrsh w3, [x4, x5]
        ldrsh w3, [x4, x5, lsl #1]
        ldrsh w3, [x4, w5, uxtw]
        ldrsh w3, [x4, w5, sxtw #1]
        ldrsh w3, [x4, xzr, sxtx]
        ldtrsh w3, [x4, #-9]
        ldtrsh w3, [sp]
        str w3, [x4]
        str w3, [sp, #492]
        str w3, [x4, #16380]
        stur w3, [x4, #-17]
        stur w3, [sp]
        str w3, [x4], #-256
        str w3, [x4, #255]!
        str w3, [sp, #0]!
        str w3, [x4, x5]
        str w3, [x4, x5, lsl #2]
        str w3, [x4, w5, uxtw]
        str w3, [x4, w5, sxtw #2]
        str w3, [x4, xzr, sxtx]
        sttr w3, [x4, #-9]
        sttr w3, [sp]
        ldr w3, [x4]
        ldr w3, [sp, #492]
        ldr w3, [x4, #16380]
        ldur w3, [x4, #-17]
        ldur w3, [sp]
        ldr w3, [x4], #-256
        ldr w3, [x4, #255]!
        ldr w3, [sp, #0]!
        ldr w3, [x4, x5]
        ldr w3, [x4, x5, lsl #2]
        ldr w3, [x4, w5, uxtw]
        ldr w3, [x4, w5, sxtw #2]
        ldr w3, [x4, xzr, sxtx]
        ldtr w3, [x4, #-9]
        ldtr w3, [sp]
        ldrsw x3, [x4]
        ldrsw x3, [sp, #492]
        ldrsw x3, [x4, #16380]
        ldursw x3, [x4, #-17]
        ldursw x3, [sp]
        ldrsw x3, [x4], #-256
        ldrsw x3, [x4, #255]!
        ldrsw x3, [sp, #0]!
        ldrsw x3, [x4, x5]
        ldrsw x3, [x4, x5, lsl #2]
        ldrsw x3, [x4, w5, uxtw]
        ldrsw x3, [x4, w5, sxtw #2]
        ldrsw x3, [x4, xzr, sxtx]
        ldtrsw x3, [x4, #-9]
        ldtrsw x3, [sp]
        str x3, [x4]
        str x3, [sp, #984]
        str x3, [x4, #32760]
        stur x3, [x4, #-17]
        stur x3, [sp]
        str x3, [x4], #-256
        str x3, [x4, #255]!
        str x3, [sp, #0]!
        str x3, [x4, x5]
        str x3, [x4, x5, lsl #3]
        str x3, [x4, w5, uxtw]
        str x3, [x4, w5, sxtw #3]
        str x3, [x4, xzr, sxtx]
        sttr x3, [x4, #-9]
        sttr x3, [sp]
        ldr x3, [x4]
        ldr x3, [sp, #984]
        ldr x3, [x4, #32760]
        ldur x3, [x4, #-17]
        ldur x3, [sp]
        ldr x3, [x4], #-256
        ldr x3, [x4, #255]!
        ldr x3, [sp, #0]!
        ldr x3, [x4, x5]
        ldr x3, [x4, x5, lsl #3]
        ldr x3, [x4, w5, uxtw]
        ldr x3, [x4, w5, sxtw #3]
        ldr x3, [x4, xzr, sxtx]
        ldtr x3, [x4, #-9]
        ldtr x3, [sp]
        str b3, [x4]
        str b3, [sp, #123]
        str b3, [x4, #4095]
        stur b3, [x4, #-17]
        stur b3, [sp]
        str b3, [x4], #-256
        str b3, [x4, #255]!
        str b3, [sp, #0]!
        str b3, [x4, x5]
        str b3, [x4, x5, lsl #0]
        str b3, [x4, w5, uxtw]
        str b3, [x4, w5, sxtw #0]
        str b3, [x4, xzr, sxtx]
        str h3, [x4]
        str h3, [sp, #246]
        str h3, [x4, #8190]
        stur h3, [x4, #-17]
        stur h3, [sp]
        str h3, [x4], #-256
        str h3, [x4, #255]!
        str h3, [sp, #0]!
        str h3, [x4, x5]
        str h3, [x4, x5, lsl #1]
        str h3, [x4, w5, uxtw]
        str h3, [x4, w5, sxtw #1]
        str h3, [x4, xzr, sxtx]
        str s3, [x4]
        str s3, [sp, #492]
        str s3, [x4, #16380]
        stur s3, [x4, #-17]
        stur s3, [sp]
        str s3, [x4], #-256
        str s3, [x4, #255]!
        str s3, [sp, #0]!
        str s3, [x4, x5]
        str s3, [x4, x5, lsl #2]
        str s3, [x4, w5, uxtw]
        str s3, [x4, w5, sxtw #2]
        str s3, [x4, xzr, sxtx]
        str d3, [x4]
        str d3, [sp, #984]
        str d3, [x4, #32760]
        stur d3, [x4, #-17]
        stur d3, [sp]
        str d3, [x4], #-256
        str d3, [x4, #255]!
        str d3, [sp, #0]!
        str d3, [x4, x5]
        str d3, [x4, x5, lsl #3]
        str d3, [x4, w5, uxtw]
        str d3, [x4, w5, sxtw #3]
        str d3, [x4, xzr, sxtx]
        str q3, [x4]
        str q3, [sp, #1968]
        str q3, [x4, #65520]
        stur q3, [x4, #-17]
        stur q3, [sp]
        str q3, [x4], #-256
        str q3, [x4, #255]!
        str q3, [sp, #0]!
        str q3, [x4, x5]
        str q3, [x4, x5, lsl #4]
        str q3, [x4, w5, uxtw]
        str q3, [x4, w5, sxtw #4]
        str q3, [x4, xzr, sxtx]
        ldr b3, [x4]
        ldr b3, [sp, #123]
        ldr b3, [x4, #4095]
        ldur b3, [x4, #-17]
        ldur b3, [sp]
        ldr b3, [x4], #-256
        ldr b3, [x4, #255]!
        ldr b3, [sp, #0]!
        ldr b3, [x4, x5]
        ldr b3, [x4, x5, lsl #0]
        ldr b3, [x4, w5, uxtw]
        ldr b3, [x4, w5, sxtw #0]
        ldr b3, [x4, xzr, sxtx]
        ldr h3, [x4]
        ldr h3, [sp, #246]
        ldr h3, [x4, #8190]
        ldur h3, [x4, #-17]
        ldur h3, [sp]
        ldr h3, [x4], #-256
        ldr h3, [x4, #255]!
        ldr h3, [sp, #0]!
        ldr h3, [x4, x5]
        ldr h3, [x4, x5, lsl #1]
        ldr h3, [x4, w5, uxtw]
        ldr h3, [x4, w5, sxtw #1]
        ldr h3, [x4, xzr, sxtx]
        ldr s3, [x4]
        ldr s3, [sp, #492]
        ldr s3, [x4, #16380]
        ldur s3, [x4, #-17]
        ldur s3, [sp]
        ldr s3, [x4], #-256
        ldr s3, [x4, #255]!
        ldr s3, [sp, #0]!
        ldr s3, [x4, x5]
        ldr s3, [x4, x5, lsl #2]
        ldr s3, [x4, w5, uxtw]
        ldr s3, [x4, w5, sxtw #2]
        ldr s3, [x4, xzr, sxtx]
        ldr d3, [x4]
        ldr d3, [sp, #984]
        ldr d3, [x4, #32760]
        ldur d3, [x4, #-17]
        ldur d3, [sp]
        ldr d3, [x4], #-256
        ldr d3, [x4, #255]!
        ldr d3, [sp, #0]!
        ldr d3, [x4, x5]
        ldr d3, [x4, x5, lsl #3]
        ldr d3, [x4, w5, uxtw]
        ldr d3, [x4, w5, sxtw #3]
        ldr d3, [x4, xzr, sxtx]
        ldr q3, [x4]
        ldr q3, [sp, #1968]
        ldr q3, [x4, #65520]
        ldur q3, [x4, #-17]
        ldur q3, [sp]
        ldr q3, [x4], #-256
        ldr q3, [x4, #255]!
        ldr q3, [sp, #0]!
        ldr q3, [x4, x5]
        ldr q3, [x4, x5, lsl #4]
        ldr q3, [x4, w5, uxtw]
        ldr q3, [x4, w5, sxtw #4]
        ldr q3, [x4, xzr, sxtx]
        prfm pldl1keep, [x0]
        prfm pstl3strm, [x1, #32760]
        prfm plil2keep, [x0, x1, lsl #3]
        prfm #0x18, [x2, w3, sxtw]
        prfm pldl3strm, [x2, w3, uxtw #3]
        prfm plil1strm, [sp, x3]
        prfum pldl2strm, [x0, #-256]
        prfum #0x1f, [x0]
        prfm pldl1keep, #0x100
        prfm pstl1keep, #-8
        ldr w1, #0x100
        ldr x1, #-0x100
        ldrsw x1, #0x40
        ldr s1, #4
        ldr d1, #0xffffc
        ldr q1, #-0x100000
        ldraa x0, [x1]
        ldraa x0, [x1, #-4096]
        ldrab x2, [sp, #4088]!
        ldrab x3, [x4, #8]
        ldraa x5, [x6, #-8]!
        stp w1, w2, [x3]
        stp w1, w2, [sp, #-256]
        stp w1, w2, [x3, #252]!
        stp w1, w2, [x3], #-4
        stnp w1, w2, [x3]
        stnp w1, w2, [x3, #-256]
        stnp w1, w2, [sp, #252]
        ldp w1, w2, [x3]
        ldp w1, w2, [sp, #-256]
        ldp w1, w2, [x3, #252]!
        ldp w1, w2, [x3], #-4
        ldnp w1, w2, [x3]
        ldnp w1, w2, [x3, #-256]
        ldnp w1, w2, [sp, #252]
        stp x1, x2, [x3]
        stp x1, x2, [sp, #-512]
        stp x1, x2, [x3, #504]!
        stp x1, x2, [x3], #-8
        stnp x1, x2, [x3]
        stnp x1, x2, [x3, #-512]
        stnp x1, x2, [sp, #504]
        ldp x1, x2, [x3]
        ldp x1, x2, [sp, #-512]
        ldp x1, x2, [x3, #504]!
        ldp x1, x2, [x3], #-8
        ldnp x1, x2, [x3]
        ldnp x1, x2, [x3, #-512]
        ldnp x1, x2, [sp, #504]
        stp s1, s2, [x3]
        stp s1, s2, [sp, #-256]
        stp s1, s2, [x3, #252]!
        stp s1, s2, [x3], #-4
        stnp s1, s2, [x3]
        stnp s1, s2, [x3, #-256]
        stnp s1, s2, [sp, #252]
        ldp s1, s2, [x3]
        ldp s1, s2, [sp, #-256]
        ldp s1, s2, [x3, #252]!
        ldp s1, s2, [x3], #-4
        ldnp s1, s2, [x3]
        ldnp s1, s2, [x3, #-256]
        ldnp s1, s2, [sp, #252]
        stp d1, d2, [x3]
        stp d1, d2, [sp, #-512]
        stp d1, d2, [x3, #504]!
        stp d1, d2, [x3], #-8
        stnp d1, d2, [x3]
        stnp d1, d2, [x3, #-512]
        stnp d1, d2, [sp, #504]
        ldp d1, d2, [x3]
        ldp d1, d2, [sp, #-512]
        ldp d1, d2, [x3, #504]!
        ldp d1, d2, [x3], #-8
        ldnp d1, d2, [x3]
        ldnp d1, d2, [x3, #-512]
        ldnp d1, d2, [sp, #504]
        stp q1, q2, [x3]
        stp q1, q2, [sp, #-1024]
        stp q1, q2, [x3, #1008]!
        stp q1, q2, [x3], #-16
        stnp q1, q2, [x3]
        stnp q1, q2, [x3, #-1024]
        stnp q1, q2, [sp, #1008]
        ldp q1, q2, [x3]
        ldp q1, q2, [sp, #-1024]
        ldp q1, q2, [x3, #1008]!
        ldp q1, q2, [x3], #-16
        ldnp q1, q2, [x3]
        ldnp q1, q2, [x3, #-1024]
        ldnp q1, q2, [sp, #1008]
        ldpsw x1, x2, [x3]
        ldpsw x1, x2, [sp, #-256]
        ldpsw x1, x2, [x3, #252]!
        ldpsw x1, x2, [x3], #-4
        stgp x0, x1, [x2]
        stgp x0, x1, [x2, #-1024]
        stgp xzr, x1, [sp, #1008]!
        stgp x0, xzr, [x2], #-16
        stxrb w1, w2, [x3]
        stxrb wzr, w30, [x29]
        stlxrb w1, w2, [x3]
        stlxrb wzr, w30, [x29]
        ldxrb w2, [x3]
        ldxrb wzr, [sp]
        ldaxrb w2, [x3]
        ldaxrb wzr, [sp]
        stllrb w2, [x3]
        stllrb wzr, [sp]
        stlrb w2, [x3]
        stlrb wzr, [sp]
        ldlarb w2, [x3]
        ldlarb wzr, [sp]
        ldarb w2, [x3]
        ldarb wzr, [sp]
        ldaprb w2, [x3]
        ldaprb wzr, [sp]
        casb w1, w2, [x3]
        ldaddb w1, w2, [sp]
        ldclrb w1, w2, [sp]
        ldeorb w1, w2, [sp]
        ldsetb w1, w2, [sp]
        ldsmaxb w1, w2, [sp]
        ldsminb w1, w2, [sp]
        ldumaxb w1, w2, [sp]
        lduminb w1, w2, [sp]
        swpb w1, w2, [x3]
        staddb w4, [x5]
        stclrb w4, [x5]
        steorb w4, [x5]
        stsetb w4, [x5]
        stsmaxb w4, [x5]
        stsminb w4, [x5]
        stumaxb w4, [x5]
        stuminb w4, [x5]
        casab w1, w2, [x3]
        ldaddab w1, w2, [sp]
        ldclrab w1, w2, [sp]
        ldeorab w1, w2, [sp]
        ldsetab w1, w2, [sp]
        ldsmaxab w1, w2, [sp]
        ldsminab w1, w2, [sp]
        ldumaxab w1, w2, [sp]
        lduminab w1, w2, [sp]
        swpab w1, w2, [x3]
        caslb w1, w2, [x3]
        ldaddlb w1, w2, [sp]
        ldclrlb w1, w2, [sp]
        ldeorlb w1, w2, [sp]
        ldsetlb w1, w2, [sp]
        ldsmaxlb w1, w2, [sp]
        ldsminlb w1, w2, [sp]
        ldumaxlb w1, w2, [sp]
        lduminlb w1, w2, [sp]
        swplb w1, w2, [x3]
        staddlb w4, [x5]
        stclrlb w4, [x5]
        steorlb w4, [x5]
        stsetlb w4, [x5]
        stsmaxlb w4, [x5]
        stsminlb w4, [x5]
        stumaxlb w4, [x5]
        stuminlb w4, [x5]
        casalb w1, w2, [x3]
        ldaddalb w1, w2, [sp]
        ldclralb w1, w2, [sp]
        ldeoralb w1, w2, [sp]
        ldsetalb w1, w2, [sp]
        ldsmaxalb w1, w2, [sp]
        ldsminalb w1, w2, [sp]
        ldumaxalb w1, w2, [sp]
        lduminalb w1, w2, [sp]
        swpalb w1, w2, [x3]
        stxrh w1, w2, [x3]
        stxrh wzr, w30, [x29]
        stlxrh w1, w2, [x3]
        stlxrh wzr, w30, [x29]
        ldxrh w2, [x3]
        ldxrh wzr, [sp]
        ldaxrh w2, [x3]
        ldaxrh wzr, [sp]
        stllrh w2, [x3]
        stllrh wzr, [sp]
        stlrh w2, [x3]
        stlrh wzr, [sp]
        ldlarh w2, [x3]
        ldlarh wzr, [sp]
        ldarh w2, [x3]
        ldarh wzr, [sp]
        ldaprh w2, [x3]
        ldaprh wzr, [sp]
        cash w1, w2, [x3]
        ldaddh w1, w2, [sp]
        ldclrh w1, w2, [sp]
        ldeorh w1, w2, [sp]
        ldseth w1, w2, [sp]
        ldsmaxh w1, w2, [sp]
        ldsminh w1, w2, [sp]
        ldumaxh w1, w2, [sp]
        lduminh w1, w2, [sp]
        swph w1, w2, [x3]
        staddh w4, [x5]
        stclrh w4, [x5]
        steorh w4, [x5]
        stseth w4, [x5]
        stsmaxh w4, [x5]
        stsminh w4, [x5]
        stumaxh w4, [x5]
        stuminh w4, [x5]
        casah w1, w2, [x3]
        ldaddah w1, w2, [sp]
        ldclrah w1, w2, [sp]
        ldeorah w1, w2, [sp]
        ldsetah w1, w2, [sp]
        ldsmaxah w1, w2, [sp]
        ldsminah w1, w2, [sp]
        ldumaxah w1, w2, [sp]
        lduminah w1, w2, [sp]
        swpah w1, w2, [x3]
        caslh w1, w2, [x3]
        ldaddlh w1, w2, [sp]
        ldclrlh w1, w2, [sp]
        ldeorlh w1, w2, [sp]
        ldsetlh w1, w2, [sp]
        ldsmaxlh w1, w2, [sp]
        ldsminlh w1, w2, [sp]
        ldumaxlh w1, w2, [sp]
        lduminlh w1, w2, [sp]
        swplh w1, w2, [x3]
        staddlh w4, [x5]
        stclrlh w4, [x5]
        steorlh w4, [x5]
        stsetlh w4, [x5]
        stsmaxlh w4, [x5]
        stsminlh w4, [x5]
        stumaxlh w4, [x5]
        stuminlh w4, [x5]
        casalh w1, w2, [x3]
        ldaddalh w1, w2, [sp]
        ldclralh w1, w2, [sp]
        ldeoralh w1, w2, [sp]
        ldsetalh w1, w2, [sp]
        ldsmaxalh w1, w2, [sp]
        ldsminalh w1, w2, [sp]
        ldumaxalh w1, w2, [sp]
        lduminalh w1, w2, [sp]
        swpalh w1, w2, [x3]
        stxr w1, w2, [x3]
        stxr wzr, w30, [x29]
        stlxr w1, w2, [x3]
        stlxr wzr, w30, [x29]
        ldxr w2, [x3]
        ldxr wzr, [sp]
        ldaxr w2, [x3]
        ldaxr wzr, [sp]
        stllr w2, [x3]
        stllr wzr, [sp]
        stlr w2, [x3]
        stlr wzr, [sp]
        ldlar w2, [x3]
        ldlar wzr, [sp]
        ldar w2, [x3]
        ldar wzr, [sp]
        ldapr w2, [x3]
        ldapr wzr, [sp]
        cas w1, w2, [x3]
        ldadd w1, w2, [sp]
        ldclr w1, w2, [sp]
        ldeor w1, w2, [sp]
        ldset w1, w2, [sp]
        ldsmax w1, w2, [sp]
        ldsmin w1, w2, [sp]
        ldumax w1, w2, [sp]
        ldumin w1, w2, [sp]
        swp w1, w2, [x3]
        stadd w4, [x5]
        stclr w4, [x5]
        steor w4, [x5]
        stset w4, [x5]
        stsmax w4, [x5]
        stsmin w4, [x5]
        stumax w4, [x5]
        stumin w4, [x5]
        casa w1, w2, [x3]
        ldadda w1, w2, [sp]
        ldclra w1, w2, [sp]
        ldeora w1, w2, [sp]
        ldseta w1, w2, [sp]
        ldsmaxa w1, w2, [sp]
        ldsmina w1, w2, [sp]
        ldumaxa w1, w2, [sp]
        ldumina w1, w2, [sp]
        swpa w1, w2, [x3]
        casl w1, w2, [x3]
        ldaddl w1, w2, [sp]
        ldclrl w1, w2, [sp]
        ldeorl w1, w2, [sp]
        ldsetl w1, w2, [sp]
        ldsmaxl w1, w2, [sp]
        ldsminl w1, w2, [sp]
        ldumaxl w1, w2, [sp]
        lduminl w1, w2, [sp]
        swpl w1, w2, [x3]
        staddl w4, [x5]
        stclrl w4, [x5]
        steorl w4, [x5]
        stsetl w4, [x5]
        stsmaxl w4, [x5]
        stsminl w4, [x5]
        stumaxl w4, [x5]
        stuminl w4, [x5]
        casal w1, w2, [x3]
        ldaddal w1, w2, [sp]
        ldclral w1, w2, [sp]
        ldeoral w1, w2, [sp]
        ldsetal w1, w2, [sp]
        ldsmaxal w1, w2, [sp]
        ldsminal w1, w2, [sp]
        ldumaxal w1, w2, [sp]
        lduminal w1, w2, [sp]
        swpal w1, w2, [x3]
        stxr w1, x2, [x3]
        stxr wzr, x30, [x29]
        stlxr w1, x2, [x3]
        stlxr wzr, x30, [x29]
        ldxr x2, [x3]
        ldxr xzr, [sp]
        ldaxr x2, [x3]
        ldaxr xzr, [sp]
        stllr x2, [x3]
        stllr xzr, [sp]
        stlr x2, [x3]
        stlr xzr, [sp]
        ldlar x2, [x3]
        ldlar xzr, [sp]
        ldar x2, [x3]
        ldar xzr, [sp]
        ldapr x2, [x3]
        ldapr xzr, [sp]
        cas x1, x2, [x3]
        ldadd x1, x2, [sp]
        ldclr x1, x2, [sp]
        ldeor x1, x2, [sp]
        ldset x1, x2, [sp]
        ldsmax x1, x2, [sp]
        ldsmin x1, x2, [sp]
        ldumax x1, x2, [sp]
        ldumin x1, x2, [sp]
        swp x1, x2, [x3]
        stadd x4, [x5]
        stclr x4, [x5]
        steor x4, [x5]
        stset x4, [x5]
        stsmax x4, [x5]
        stsmin x4, [x5]
        stumax x4, [x5]
        stumin x4, [x5]
        casa x1, x2, [x3]
        ldadda x1, x2, [sp]
        ldclra x1, x2, [sp]
        ldeora x1, x2, [sp]
        ldseta x1, x2, [sp]
        ldsmaxa x1, x2, [sp]
        ldsmina x1, x2, [sp]
        ldumaxa x1, x2, [sp]
        ldumina x1, x2, [sp]
        swpa x1, x2, [x3]
        casl x1, x2, [x3]
        ldaddl x1, x2, [sp]
        ldclrl x1, x2, [sp]
        ldeorl x1, x2, [sp]
        ldsetl x1, x2, [sp]
        ldsmaxl x1, x2, [sp]
        ldsminl x1, x2, [sp]
        ldumaxl x1, x2, [sp]
        lduminl x1, x2, [sp]
        swpl x1, x2, [x3]
        staddl x4, [x5]
        stclrl x4, [x5]
        steorl x4, [x5]
        stsetl x4, [x5]
        stsmaxl x4, [x5]
        stsminl x4, [x5]
        stumaxl x4, [x5]
        stuminl x4, [x5]
        casal x1, x2, [x3]
        ldaddal x1, x2, [sp]
        ldclral x1, x2, [sp]
        ldeoral x1, x2, [sp]
        ldsetal x1, x2, [sp]
        ldsmaxal x1, x2, [sp]
        ldsminal x1, x2, [sp]
        ldumaxal x1, x2, [sp]
        lduminal x1, x2, [sp]
        swpal x1, x2, [x3]
        casp w0, w1, w2, w3, [x4]
        casp w28, w29, w6, w7, [sp]
        caspa w0, w1, w2, w3, [x4]
        caspa w28, w29, w6, w7, [sp]
        caspl w0, w1, w2, w3, [x4]
        caspl w28, w29, w6, w7, [sp]
        caspal w0, w1, w2, w3, [x4]
        caspal w28, w29, w6, w7, [sp]
        stxp w1, w2, w3, [x4]
        stlxp w1, w2, w3, [x4]
        ldxp w2, w3, [sp]
        ldaxp w2, w3, [sp]
        casp x0, x1, x2, x3, [x4]
        casp x30, xzr, x4, x5, [sp]
        caspa x0, x1, x2, x3, [x4]
        caspa x30, xzr, x4, x5, [sp]
        caspl x0, x1, x2, x3, [x4]
        caspl x30, xzr, x4, x5, [sp]
        caspal x0, x1, x2, x3, [x4]
        caspal x30, xzr, x4, x5, [sp]
        stxp w1, x2, x3, [x4]
        stlxp w1, x2, x3, [x4]
        ldxp x2, x3, [sp]
        ldaxp x2, x3, [sp]
        stlurb w1, [x2]
        stlurb w1, [sp, #-256]
        stlurb w1, [x2, #255]
        ldapurb w1, [x2]
        ldapurb w1, [sp, #-256]
        ldapurb w1, [x2, #255]
        ldapursb x1, [x2]
        ldapursb x1, [sp, #-256]
        ldapursb x1, [x2, #255]
        ldapursb w1, [x2]
        ldapursb w1, [sp, #-256]
        ldapursb w1, [x2, #255]
        stlurh w1, [x2]
        stlurh w1, [sp, #-256]
        stlurh w1, [x2, #255]
        ldapurh w1, [x2]
        ldapurh w1, [sp, #-256]
        ldapurh w1, [x2, #255]
        ldapursh x1, [x2]
        ldapursh x1, [sp, #-256]
        ldapursh x1, [x2, #255]
        ldapursh w1, [x2]
        ldapursh w1, [sp, #-256]
        ldapursh w1, [x2, #255]
        stlur w1, [x2]
        stlur w1, [sp, #-256]
        stlur w1, [x2, #255]
        ldapur w1, [x2]
        ldapur w1, [sp, #-256]
        ldapur w1, [x2, #255]
        ldapursw x1, [x2]
        ldapursw x1, [sp, #-256]
        ldapursw x1, [x2, #255]
        stlur x1, [x2]
        stlur x1, [sp, #-256]
        stlur x1, [x2, #255]
        ldapur x1, [x2]
        ldapur x1, [sp, #-256]
        ldapur x1, [x2, #255]
        st64b x0, [x1]
        ld64b x2, [sp]
        st64bv x3, x4, [x5]
        st64bv0 x6, x8, [sp]
        ld1 {v5.8b}, [x0]
        ld1 {v5.8b}, [sp], #8
        ld1 {v5.8b}, [x1], x2
        ld1 {v30.16b}, [x0]
        ld1 {v30.16b}, [sp], #16
        ld1 {v30.16b}, [x1], x2
        ld1 {v5.4h}, [x0]
        ld1 {v5.4h}, [sp], #8
        ld1 {v5.4h}, [x1], x2
        ld1 {v30.8h}, [x0]
        ld1 {v30.8h}, [sp], #16
        ld1 {v30.8h}, [x1], x2
        ld1 {v5.2s}, [x0]
        ld1 {v5.2s}, [sp], #8
        ld1 {v5.2s}, [x1], x2
        ld1 {v30.4s}, [x0]
        ld1 {v30.4s}, [sp], #16
        ld1 {v30.4s}, [x1], x2
        ld1 {v5.1d}, [x0]
        ld1 {v5.1d}, [sp], #8
        ld1 {v5.1d}, [x1], x2
        ld1 {v30.2d}, [x0]
        ld1 {v30.2d}, [sp], #16
        ld1 {v30.2d}, [x1], x2
        ld1 {v5.8b, v6.8b}, [x0]
        ld1 {v5.8b, v6.8b}, [sp], #16
        ld1 {v5.8b, v6.8b}, [x1], x2
        ld1 {v30.16b-v31.16b}, [x0]
        ld1 {v30.16b-v31.16b}, [sp], #32
        ld1 {v30.16b-v31.16b}, [x1], x2
        ld1 {v5.4h, v6.4h}, [x0]
        ld1 {v5.4h, v6.4h}, [sp], #16
        ld1 {v5.4h, v6.4h}, [x1], x2
        ld1 {v30.8h-v31.8h}, [x0]
        ld1 {v30.8h-v31.8h}, [sp], #32
        ld1 {v30.8h-v31.8h}, [x1], x2
        ld1 {v5.2s, v6.2s}, [x0]
        ld1 {v5.2s, v6.2s}, [sp], #16
        ld1 {v5.2s, v6.2s}, [x1], x2
        ld1 {v30.4s-v31.4s}, [x0]
        ld1 {v30.4s-v31.4s}, [sp], #32
        ld1 {v30.4s-v31.4s}, [x1], x2
        ld1 {v5.1d, v6.1d}, [x0]
        ld1 {v5.1d, v6.1d}, [sp], #16
        ld1 {v5.1d, v6.1d}, [x1], x2
        ld1 {v30.2d-v31.2d}, [x0]
        ld1 {v30.2d-v31.2d}, [sp], #32
        ld1 {v30.2d-v31.2d}, [x1], x2
        ld1 {v5.8b, v6.8b, v7.8b}, [x0]
        ld1 {v5.8b, v6.8b, v7.8b}, [sp], #24
        ld1 {v5.8b, v6.8b, v7.8b}, [x1], x2
        ld1 {v30.16b, v31.16b, v0.16b}, [x0]
        ld1 {v30.16b, v31.16b, v0.16b}, [sp], #48
        ld1 {v30.16b, v31.16b, v0.16b}, [x1], x2
        ld1 {v5.4h, v6.4h, v7.4h}, [x0]
        ld1 {v5.4h, v6.4h, v7.4h}, [sp], #24
        ld1 {v5.4h, v6.4h, v7.4h}, [x1], x2
        ld1 {v30.8h, v31.8h, v0.8h}, [x0]
        ld1 {v30.8h, v31.8h, v0.8h}, [sp], #48
        ld1 {v30.8h, v31.8h, v0.8h}, [x1], x2
        ld1 {v5.2s, v6.2s, v7.2s}, [x0]
        ld1 {v5.2s, v6.2s, v7.2s}, [sp], #24
        ld1 {v5.2s, v6.2s, v7.2s}, [x1], x2
        ld1 {v30.4s, v31.4s, v0.4s}, [x0]
        ld1 {v30.4s, v31.4s, v0.4s}, [sp], #48
        ld1 {v30.4s, v31.4s, v0.4s}, [x1], x2
        ld1 {v5.1d, v6.1d, v7.1d}, [x0]
        ld1 {v5.1d, v6.1d, v7.1d}, [sp], #24
        ld1 {v5.1d, v6.1d, v7.1d}, [x1], x2
        ld1 {v30.2d, v31.2d, v0.2d}, [x0]
        ld1 {v30.2d, v31.2d, v0.2d}, [sp], #48
        ld1 {v30.2d, v31.2d, v0.2d}, [x1], x2
        ld1 {v5.8b, v6.8b, v7.8b, v8.8b}, [x0]
        ld1 {v5.8b, v6.8b, v7.8b, v8.8b}, [sp], #32
        ld1 {v5.8b, v6.8b, v7.8b, v8.8b}, [x1], x2
        ld1 {v30.16b, v31.16b, v0.16b, v1.16b}, [x0]
        ld1 {v30.16b, v31.16b, v0.16b, v1.16b}, [sp], #64
        ld1 {v30.16b, v31.16b, v0.16b, v1.16b}, [x1], x2
        ld1 {v5.4h, v6.4h, v7.4h, v8.4h}, [x0]
        ld1 {v5.4h, v6.4h, v7.4h, v8.4h}, [sp], #32
        ld1 {v5.4h, v6.4h, v7.4h, v8.4h}, [x1], x2
        ld1 {v30.8h, v31.8h, v0.8h, v1.8h}, [x0]
        ld1 {v30.8h, v31.8h, v0.8h, v1.8h}, [sp], #64
        ld1 {v30.8h, v31.8h, v0.8h, v1.8h}, [x1], x2
        ld1 {v5.2s, v6.2s, v7.2s, v8.2s}, [x0]
        ld1 {v5.2s, v6.2s, v7.2s, v8.2s}, [sp], #32
        ld1 {v5.2s, v6.2s, v7.2s, v8.2s}, [x1], x2
        ld1 {v30.4s, v31.4s, v0.4s, v1.4s}, [x0]
        ld1 {v30.4s, v31.4s, v0.4s, v1.4s}, [sp], #64
        ld1 {v30.4s, v31.4s, v0.4s, v1.4s}, [x1], x2
        ld1 {v5.1d, v6.1d, v7.1d, v8.1d}, [x0]
        ld1 {v5.1d, v6.1d, v7.1d, v8.1d}, [sp], #32
        ld1 {v5.1d, v6.1d, v7.1d, v8.1d}, [x1], x2
        ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x0]
        ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [sp], #64
        ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x1], x2
        ld2 {v5.8b, v6.8b}, [x0]
        ld2 {v5.8b, v6.8b}, [sp], #16
        ld2 {v5.8b, v6.8b}, [x1], x2
        ld2 {v30.16b-v31.16b}, [x0]
        ld2 {v30.16b-v31.16b}, [sp], #32
        ld2 {v30.16b-v31.16b}, [x1], x2
        ld2 {v5.4h, v6.4h}, [x0]
        ld2 {v5.4h, v6.4h}, [sp], #16
        ld2 {v5.4h, v6.4h}, [x1], x2
        ld2 {v30.8h-v31.8h}, [x0]
        ld2 {v30.8h-v31.8h}, [sp], #32
        ld2 {v30.8h-v31.8h}, [x1], x2
        ld2 {v5.2s, v6.2s}, [x0]
        ld2 {v5.2s, v6.2s}, [sp], #16
        ld2 {v5.2s, v6.2s}, [x1], x2
        ld2 {v30.4s-v31.4s}, [x0]
        ld2 {v30.4s-v31.4s}, [sp], #32
        ld2 {v30.4s-v31.4s}, [x1], x2
        ld2 {v30.2d-v31.2d}, [x0]
        ld2 {v30.2d-v31.2d}, [sp], #32
        ld2 {v30.2d-v31.2d}, [x1], x2
        ld3 {v5.8b, v6.8b, v7.8b}, [x0]
        ld3 {v5.8b, v6.8b, v7.8b}, [sp], #24
        ld3 {v5.8b, v6.8b, v7.8b}, [x1], x2
        ld3 {v30.16b, v31.16b, v0.16b}, [x0]
        ld3 {v30.16b, v31.16b, v0.16b}, [sp], #48
        ld3 {v30.16b, v31.16b, v0.16b}, [x1], x2
        ld3 {v5.4h, v6.4h, v7.4h}, [x0]
        ld3 {v5.4h, v6.4h, v7.4h}, [sp], #24
        ld3 {v5.4h, v6.4h, v7.4h}, [x1], x2
        ld3 {v30.8h, v31.8h, v0.8h}, [x0]
        ld3 {v30.8h, v31.8h, v0.8h}, [sp], #48
        ld3 {v30.8h, v31.8h, v0.8h}, [x1], x2
        ld3 {v5.2s, v6.2s, v7.2s}, [x0]
        ld3 {v5.2s, v6.2s, v7.2s}, [sp], #24
        ld3 {v5.2s, v6.2s, v7.2s}, [x1], x2
        ld3 {v30.4s, v31.4s, v0.4s}, [x0]
        ld3 {v30.4s, v31.4s, v0.4s}, [sp], #48
        ld3 {v30.4s, v31.4s, v0.4s}, [x1], x2
        ld3 {v30.2d, v31.2d, v0.2d}, [x0]
        ld3 {v30.2d, v31.2d, v0.2d}, [sp], #48
        ld3 {v30.2d, v31.2d, v0.2d}, [x1], x2
        ld4 {v5.8b, v6.8b, v7.8b, v8.8b}, [x0]
        ld4 {v5.8b, v6.8b, v7.8b, v8.8b}, [sp], #32
        ld4 {v5.8b, v6.8b, v7.8b, v8.8b}, [x1], x2
        ld4 {v30.16b, v31.16b, v0.16b, v1.16b}, [x0]
        ld4 {v30.16b, v31.16b, v0.16b, v1.16b}, [sp], #64
        ld4 {v30.16b, v31.16b, v0.16b, v1.16b}, [x1], x2
        ld4 {v5.4h, v6.4h, v7.4h, v8.4h}, [x0]
        ld4 {v5.4h, v6.4h, v7.4h, v8.4h}, [sp], #32
        ld4 {v5.4h, v6.4h, v7.4h, v8.4h}, [x1], x2
        ld4 {v30.8h, v31.8h, v0.8h, v1.8h}, [x0]
        ld4 {v30.8h, v31.8h, v0.8h, v1.8h}, [sp], #64
        ld4 {v30.8h, v31.8h, v0.8h, v1.8h}, [x1], x2
        ld4 {v5.2s, v6.2s, v7.2s, v8.2s}, [x0]
        ld4 {v5.2s, v6.2s, v7.2s, v8.2s}, [sp], #32
        ld4 {v5.2s, v6.2s, v7.2s, v8.2s}, [x1], x2
        ld4 {v30.4s, v31.4s, v0.4s, v1.4s}, [x0]
        ld4 {v30.4s, v31.4s, v0.4s, v1.4s}, [sp], #64
        ld4 {v30.4s, v31.4s, v0.4s, v1.4s}, [x1], x2
        ld4 {v30.2d, v31.2d, v0.2d, v1.2d}, [x0]
        ld4 {v30.2d, v31.2d, v0.2d, v1.2d}, [sp], #64
        ld4 {v30.2d, v31.2d, v0.2d, v1.2d}, [x1], x2
        ld1 {v31.b}[0], [x0]
        ld1 {v31.b}[15], [x0]
        ld1 {v31.b}[15], [sp], #1
        ld1 {v31.b}[1], [x3], x4
        ld1 {v31.h}[0], [x0]
        ld1 {v31.h}[7], [x0]
        ld1 {v31.h}[7], [sp], #2
        ld1 {v31.h}[1], [x3], x4
        ld1 {v31.s}[0], [x0]
        ld1 {v31.s}[3], [x0]
        ld1 {v31.s}[3], [sp], #4
        ld1 {v31.s}[1], [x3], x4
        ld1 {v31.d}[0], [x0]
        ld1 {v31.d}[1], [x0]
        ld1 {v31.d}[1], [sp], #8
        ld1 {v31.d}[1], [x3], x4
        ld2 {v31.b, v0.b}[0], [x0]
        ld2 {v31.b, v0.b}[15], [x0]
        ld2 {v31.b, v0.b}[15], [sp], #2
        ld2 {v31.b, v0.b}[1], [x3], x4
        ld2 {v31.h, v0.h}[0], [x0]
        ld2 {v31.h, v0.h}[7], [x0]
        ld2 {v31.h, v0.h}[7], [sp], #4
        ld2 {v31.h, v0.h}[1], [x3], x4
        ld2 {v31.s, v0.s}[0], [x0]
        ld2 {v31.s, v0.s}[3], [x0]
        ld2 {v31.s, v0.s}[3], [sp], #8
        ld2 {v31.s, v0.s}[1], [x3], x4
        ld2 {v31.d, v0.d}[0], [x0]
        ld2 {v31.d, v0.d}[1], [x0]
        ld2 {v31.d, v0.d}[1], [sp], #16
        ld2 {v31.d, v0.d}[1], [x3], x4
        ld3 {v31.b, v0.b, v1.b}[0], [x0]
        ld3 {v31.b, v0.b, v1.b}[15], [x0]
        ld3 {v31.b, v0.b, v1.b}[15], [sp], #3
        ld3 {v31.b, v0.b, v1.b}[1], [x3], x4
        ld3 {v31.h, v0.h, v1.h}[0], [x0]
        ld3 {v31.h, v0.h, v1.h}[7], [x0]
        ld3 {v31.h, v0.h, v1.h}[7], [sp], #6
        ld3 {v31.h, v0.h, v1.h}[1], [x3], x4
        ld3 {v31.s, v0.s, v1.s}[0], [x0]
        ld3 {v31.s, v0.s, v1.s}[3], [x0]
        ld3 {v31.s, v0.s, v1.s}[3], [sp], #12
        ld3 {v31.s, v0.s, v1.s}[1], [x3], x4
        ld3 {v31.d, v0.d, v1.d}[0], [x0]
        ld3 {v31.d, v0.d, v1.d}[1], [x0]
        ld3 {v31.d, v0.d, v1.d}[1], [sp], #24
        ld3 {v31.d, v0.d, v1.d}[1], [x3], x4
        ld4 {v31.b, v0.b, v1.b, v2.b}[0], [x0]
        ld4 {v31.b, v0.b, v1.b, v2.b}[15], [x0]
        ld4 {v31.b, v0.b, v1.b, v2.b}[15], [sp], #4
        ld4 {v31.b, v0.b, v1.b, v2.b}[1], [x3], x4
        ld4 {v31.h, v0.h, v1.h, v2.h}[0], [x0]
        ld4 {v31.h, v0.h, v1.h, v2.h}[7], [x0]
        ld4 {v31.h, v0.h, v1.h, v2.h}[7], [sp], #8
        ld4 {v31.h, v0.h, v1.h, v2.h}[1], [x3], x4
        ld4 {v31.s, v0.s, v1.s, v2.s}[0], [x0]
        ld4 {v31.s, v0.s, v1.s, v2.s}[3], [x0]
        ld4 {v31.s, v0.s, v1.s, v2.s}[3], [sp], #16
        ld4 {v31.s, v0.s, v1.s, v2.s}[1], [x3], x4
        ld4 {v31.d, v0.d, v1.d, v2.d}[0], [x0]
        ld4 {v31.d, v0.d, v1.d, v2.d}[1], [x0]
        ld4 {v31.d, v0.d, v1.d, v2.d}[1], [sp], #32
        ld4 {v31.d, v0.d, v1.d, v2.d}[1], [x3], x4
        st1 {v5.8b}, [x0]
        st1 {v5.8b}, [sp], #8
        st1 {v5.8b}, [x1], x2
        st1 {v30.16b}, [x0]
        st1 {v30.16b}, [sp], #16
        st1 {v30.16b}, [x1], x2
        st1 {v5.4h}, [x0]
        st1 {v5.4h}, [sp], #8
        st1 {v5.4h}, [x1], x2
        st1 {v30.8h}, [x0]
        st1 {v30.8h}, [sp], #16
        st1 {v30.8h}, [x1], x2
        st1 {v5.2s}, [x0]
        st1 {v5.2s}, [sp], #8
        st1 {v5.2s}, [x1], x2
        st1 {v30.4s}, [x0]
        st1 {v30.4s}, [sp], #16
        st1 {v30.4s}, [x1], x2
        st1 {v5.1d}, [x0]
        st1 {v5.1d}, [sp], #8
        st1 {v5.1d}, [x1], x2
        st1 {v30.2d}, [x0]
        st1 {v30.2d}, [sp], #16
        st1 {v30.2d}, [x1], x2
        st1 {v5.8b, v6.8b}, [x0]
        st1 {v5.8b, v6.8b}, [sp], #16
        st1 {v5.8b, v6.8b}, [x1], x2
        st1 {v30.16b-v31.16b}, [x0]
        st1 {v30.16b-v31.16b}, [sp], #32
        st1 {v30.16b-v31.16b}, [x1], x2
        st1 {v5.4h, v6.4h}, [x0]
        st1 {v5.4h, v6.4h}, [sp], #16
        st1 {v5.4h, v6.4h}, [x1], x2
        st1 {v30.8h-v31.8h}, [x0]
        st1 {v30.8h-v31.8h}, [sp], #32
        st1 {v30.8h-v31.8h}, [x1], x2
        st1 {v5.2s, v6.2s}, [x0]
        st1 {v5.2s, v6.2s}, [sp], #16
        st1 {v5.2s, v6.2s}, [x1], x2
        st1 {v30.4s-v31.4s}, [x0]
        st1 {v30.4s-v31.4s}, [sp], #32
        st1 {v30.4s-v31.4s}, [x1], x2
        st1 {v5.1d, v6.1d}, [x0]
        st1 {v5.1d, v6.1d}, [sp], #16
        st1 {v5.1d, v6.1d}, [x1], x2
        st1 {v30.2d-v31.2d}, [x0]
        st1 {v30.2d-v31.2d}, [sp], #32
        st1 {v30.2d-v31.2d}, [x1], x2
        st1 {v5.8b, v6.8b, v7.8b}, [x0]
        st1 {v5.8b, v6.8b, v7.8b}, [sp], #24
        st1 {v5.8b, v6.8b, v7.8b}, [x1], x2
        st1 {v30.16b, v31.16b, v0.16b}, [x0]
        st1 {v30.16b, v31.16b, v0.16b}, [sp], #48
        st1 {v30.16b, v31.16b, v0.16b}, [x1], x2
        st1 {v5.4h, v6.4h, v7.4h}, [x0]
        st1 {v5.4h, v6.4h, v7.4h}, [sp], #24
        st1 {v5.4h, v6.4h, v7.4h}, [x1], x2
        st1 {v30.8h, v31.8h, v0.8h}, [x0]
        st1 {v30.8h, v31.8h, v0.8h}, [sp], #48
        st1 {v30.8h, v31.8h, v0.8h}, [x1], x2
        st1 {v5.2s, v6.2s, v7.2s}, [x0]
        st1 {v5.2s, v6.2s, v7.2s}, [sp], #24
        st1 {v5.2s, v6.2s, v7.2s}, [x1], x2
        st1 {v30.4s, v31.4s, v0.4s}, [x0]
        st1 {v30.4s, v31.4s, v0.4s}, [sp], #48
        st1 {v30.4s, v31.4s, v0.4s}, [x1], x2
        st1 {v5.1d, v6.1d, v7.1d}, [x0]
        st1 {v5.1d, v6.1d, v7.1d}, [sp], #24
        st1 {v5.1d, v6.1d, v7.1d}, [x1], x2
        st1 {v30.2d, v31.2d, v0.2d}, [x0]
        st1 {v30.2d, v31.2d, v0.2d}, [sp], #48
        st1 {v30.2d, v31.2d, v0.2d}, [x1], x2
        st1 {v5.8b, v6.8b, v7.8b, v8.8b}, [x0]
        st1 {v5.8b, v6.8b, v7.8b, v8.8b}, [sp], #32
        st1 {v5.8b, v6.8b, v7.8b, v8.8b}, [x1], x2
        st1 {v30.16b, v31.16b, v0.16b, v1.16b}, [x0]
        st1 {v30.16b, v31.16b, v0.16b, v1.16b}, [sp], #64
        st1 {v30.16b, v31.16b, v0.16b, v1.16b}, [x1], x2
        st1 {v5.4h, v6.4h, v7.4h, v8.4h}, [x0]
        st1 {v5.4h, v6.4h, v7.4h, v8.4h}, [sp], #32
        st1 {v5.4h, v6.4h, v7.4h, v8.4h}, [x1], x2
        st1 {v30.8h, v31.8h, v0.8h, v1.8h}, [x0]
        st1 {v30.8h, v31.8h, v0.8h, v1.8h}, [sp], #64
        st1 {v30.8h, v31.8h, v0.8h, v1.8h}, [x1], x2
        st1 {v5.2s, v6.2s, v7.2s, v8.2s}, [x0]
        st1 {v5.2s, v6.2s, v7.2s, v8.2s}, [sp], #32
        st1 {v5.2s, v6.2s, v7.2s, v8.2s}, [x1], x2
        st1 {v30.4s, v31.4s, v0.4s, v1.4s}, [x0]
        st1 {v30.4s, v31.4s, v0.4s, v1.4s}, [sp], #64
        st1 {v30.4s, v31.4s, v0.4s, v1.4s}, [x1], x2
        st1 {v5.1d, v6.1d, v7.1d, v8.1d}, [x0]
        st1 {v5.1d, v6.1d, v7.1d, v8.1d}, [sp], #32
        st1 {v5.1d, v6.1d, v7.1d, v8.1d}, [x1], x2
        st1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x0]
        st1 {v30.2d, v31.2d, v0.2d, v1.2d}, [sp], #64
        st1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x1], x2
        st2 {v5.8b, v6.8b}, [x0]
        st2 {v5.8b, v6.8b}, [sp], #16
        st2 {v5.8b, v6.8b}, [x1], x2
        st2 {v30.16b-v31.16b}, [x0]
        st2 {v30.16b-v31.16b}, [sp], #32
        st2 {v30.16b-v31.16b}, [x1], x2
        st2 {v5.4h, v6.4h}, [x0]
        st2 {v5.4h, v6.4h}, [sp], #16
        st2 {v5.4h, v6.4h}, [x1], x2
        st2 {v30.8h-v31.8h}, [x0]
        st2 {v30.8h-v31.8h}, [sp], #32
        st2 {v30.8h-v31.8h}, [x1], x2
        st2 {v5.2s, v6.2s}, [x0]
        st2 {v5.2s, v6.2s}, [sp], #16
        st2 {v5.2s, v6.2s}, [x1], x2
        st2 {v30.4s-v31.4s}, [x0]
        st2 {v30.4s-v31.4s}, [sp], #32
        st2 {v30.4s-v31.4s}, [x1], x2
        st2 {v30.2d-v31.2d}, [x0]
        st2 {v30.2d-v31.2d}, [sp], #32
        st2 {v30.2d-v31.2d}, [x1], x2
        st3 {v5.8b, v6.8b, v7.8b}, [x0]
        st3 {v5.8b, v6.8b, v7.8b}, [sp], #24
        st3 {v5.8b, v6.8b, v7.8b}, [x1], x2
        st3 {v30.16b, v31.16b, v0.16b}, [x0]
        st3 {v30.16b, v31.16b, v0.16b}, [sp], #48
        st3 {v30.16b, v31.16b, v0.16b}, [x1], x2
        st3 {v5.4h, v6.4h, v7.4h}, [x0]
        st3 {v5.4h, v6.4h, v7.4h}, [sp], #24
        st3 {v5.4h, v6.4h, v7.4h}, [x1], x2
        st3 {v30.8h, v31.8h, v0.8h}, [x0]
        st3 {v30.8h, v31.8h, v0.8h}, [sp], #48
        st3 {v30.8h, v31.8h, v0.8h}, [x1], x2
        st3 {v5.2s, v6.2s, v7.2s}, [x0]
        st3 {v5.2s, v6.2s, v7.2s}, [sp], #24
        st3 {v5.2s, v6.2s, v7.2s}, [x1], x2
        st3 {v30.4s, v31.4s, v0.4s}, [x0]
        st3 {v30.4s, v31.4s, v0.4s}, [sp], #48
        st3 {v30.4s, v31.4s, v0.4s}, [x1], x2
        st3 {v30.2d, v31.2d, v0.2d}, [x0]
        st3 {v30.2d, v31.2d, v0.2d}, [sp], #48
        st3 {v30.2d, v31.2d, v0.2d}, [x1], x2
        st4 {v5.8b, v6.8b, v7.8b, v8.8b}, [x0]
        st4 {v5.8b, v6.8b, v7.8b, v8.8b}, [sp], #32
        st4 {v5.8b, v6.8b, v7.8b, v8.8b}, [x1], x2
        st4 {v30.16b, v31.16b, v0.16b, v1.16b}, [x0]
        st4 {v30.16b, v31.16b, v0.16b, v1.16b}, [sp], #64
        st4 {v30.16b, v31.16b, v0.16b, v1.16b}, [x1], x2
        st4 {v5.4h, v6.4h, v7.4h, v8.4h}, [x0]
        st4 {v5.4h, v6.4h, v7.4h, v8.4h}, [sp], #32
        st4 {v5.4h, v6.4h, v7.4h, v8.4h}, [x1], x2
        st4 {v30.8h, v31.8h, v0.8h, v1.8h}, [x0]
        st4 {v30.8h, v31.8h, v0.8h, v1.8h}, [sp], #64
        st4 {v30.8h, v31.8h, v0.8h, v1.8h}, [x1], x2
        st4 {v5.2s, v6.2s, v7.2s, v8.2s}, [x0]
        st4 {v5.2s, v6.2s, v7.2s, v8.2s}, [sp], #32
        st4 {v5.2s, v6.2s, v7.2s, v8.2s}, [x1], x2
        st4 {v30.4s, v31.4s, v0.4s, v1.4s}, [x0]
        st4 {v30.4s, v31.4s, v0.4s, v1.4s}, [sp], #64
        st4 {v30.4s, v31.4s, v0.4s, v1.4s}, [x1], x2
        st4 {v30.2d, v31.2d, v0.2d, v1.2d}, [x0]
        st4 {v30.2d, v31.2d, v0.2d, v1.2d}, [sp], #64
        st4 {v30.2d, v31.2d, v0.2d, v1.2d}, [x1], x2
        st1 {v31.b}[0], [x0]
        st1 {v31.b}[15], [x0]
        st1 {v31.b}[15], [sp], #1
        st1 {v31.b}[1], [x3], x4
        st1 {v31.h}[0], [x0]
        st1 {v31.h}[7], [x0]
        st1 {v31.h}[7], [sp], #2
        st1 {v31.h}[1], [x3], x4
        st1 {v31.s}[0], [x0]
        st1 {v31.s}[3], [x0]
        st1 {v31.s}[3], [sp], #4
        st1 {v31.s}[1], [x3], x4
        st1 {v31.d}[0], [x0]
        st1 {v31.d}[1], [x0]
        st1 {v31.d}[1], [sp], #8
        st1 {v31.d}[1], [x3], x4
        st2 {v31.b, v0.b}[0], [x0]
        st2 {v31.b, v0.b}[15], [x0]
        st2 {v31.b, v0.b}[15], [sp], #2
        st2 {v31.b, v0.b}[1], [x3], x4
        st2 {v31.h, v0.h}[0], [x0]
        st2 {v31.h, v0.h}[7], [x0]
        st2 {v31.h, v0.h}[7], [sp], #4
        st2 {v31.h, v0.h}[1], [x3], x4
        st2 {v31.s, v0.s}[0], [x0]
        st2 {v31.s, v0.s}[3], [x0]
        st2 {v31.s, v0.s}[3], [sp], #8
        st2 {v31.s, v0.s}[1], [x3], x4
        st2 {v31.d, v0.d}[0], [x0]
        st2 {v31.d, v0.d}[1], [x0]
        st2 {v31.d, v0.d}[1], [sp], #16
        st2 {v31.d, v0.d}[1], [x3], x4
        st3 {v31.b, v0.b, v1.b}[0], [x0]
        st3 {v31.b, v0.b, v1.b}[15], [x0]
        st3 {v31.b, v0.b, v1.b}[15], [sp], #3
        st3 {v31.b, v0.b, v1.b}[1], [x3], x4
        st3 {v31.h, v0.h, v1.h}[0], [x0]
        st3 {v31.h, v0.h, v1.h}[7], [x0]
        st3 {v31.h, v0.h, v1.h}[7], [sp], #6
        st3 {v31.h, v0.h, v1.h}[1], [x3], x4
        st3 {v31.s, v0.s, v1.s}[0], [x0]
        st3 {v31.s, v0.s, v1.s}[3], [x0]
        st3 {v31.s, v0.s, v1.s}[3], [sp], #12
        st3 {v31.s, v0.s, v1.s}[1], [x3], x4
        st3 {v31.d, v0.d, v1.d}[0], [x0]
        st3 {v31.d, v0.d, v1.d}[1], [x0]
        st3 {v31.d, v0.d, v1.d}[1], [sp], #24
        st3 {v31.d, v0.d, v1.d}[1], [x3], x4
        st4 {v31.b, v0.b, v1.b, v2.b}[0], [x0]
        st4 {v31.b, v0.b, v1.b, v2.b}[15], [x0]
        st4 {v31.b, v0.b, v1.b, v2.b}[15], [sp], #4
        st4 {v31.b, v0.b, v1.b, v2.b}[1], [x3], x4
        st4 {v31.h, v0.h, v1.h, v2.h}[0], [x0]
        st4 {v31.h, v0.h, v1.h, v2.h}[7], [x0]
        st4 {v31.h, v0.h, v1.h, v2.h}[7], [sp], #8
        st4 {v31.h, v0.h, v1.h, v2.h}[1], [x3], x4
        st4 {v31.s, v0.s, v1.s, v2.s}[0], [x0]
        st4 {v31.s, v0.s, v1.s, v2.s}[3], [x0]
        st4 {v31.s, v0.s, v1.s, v2.s}[3], [sp], #16
        st4 {v31.s, v0.s, v1.s, v2.s}[1], [x3], x4
        st4 {v31.d, v0.d, v1.d, v2.d}[0], [x0]
        st4 {v31.d, v0.d, v1.d, v2.d}[1], [x0]
        st4 {v31.d, v0.d, v1.d, v2.d}[1], [sp], #32
        st4 {v31.d, v0.d, v1.d, v2.d}[1], [x3], x4
        ld1r {v2.8b}, [x0]
        ld1r {v2.8b}, [x0], #1
        ld1r {v2.8b}, [sp], x9
        ld1r {v2.16b}, [x0]
        ld1r {v2.16b}, [x0], #1
        ld1r {v2.16b}, [sp], x9
        ld1r {v2.4h}, [x0]
        ld1r {v2.4h}, [x0], #2
        ld1r {v2.4h}, [sp], x9
        ld1r {v2.8h}, [x0]
        ld1r {v2.8h}, [x0], #2
        ld1r {v2.8h}, [sp], x9
        ld1r {v2.2s}, [x0]
        ld1r {v2.2s}, [x0], #4
        ld1r {v2.2s}, [sp], x9
        ld1r {v2.4s}, [x0]
        ld1r {v2.4s}, [x0], #4
        ld1r {v2.4s}, [sp], x9
        ld1r {v2.1d}, [x0]
        ld1r {v2.1d}, [x0], #8
        ld1r {v2.1d}, [sp], x9
        ld1r {v2.2d}, [x0]
        ld1r {v2.2d}, [x0], #8
        ld1r {v2.2d}, [sp], x9
        ld2r {v2.8b, v3.8b}, [x0]
        ld2r {v2.8b, v3.8b}, [x0], #2
        ld2r {v2.8b, v3.8b}, [sp], x9
        ld2r {v2.16b, v3.16b}, [x0]
        ld2r {v2.16b, v3.16b}, [x0], #2
        ld2r {v2.16b, v3.16b}, [sp], x9
        ld2r {v2.4h, v3.4h}, [x0]
        ld2r {v2.4h, v3.4h}, [x0], #4
        ld2r {v2.4h, v3.4h}, [sp], x9
        ld2r {v2.8h, v3.8h}, [x0]
        ld2r {v2.8h, v3.8h}, [x0], #4
        ld2r {v2.8h, v3.8h}, [sp], x9
        ld2r {v2.2s, v3.2s}, [x0]
        ld2r {v2.2s, v3.2s}, [x0], #8
        ld2r {v2.2s, v3.2s}, [sp], x9
        ld2r {v2.4s, v3.4s}, [x0]
        ld2r {v2.4s, v3.4s}, [x0], #8
        ld2r {v2.4s, v3.4s}, [sp], x9
        ld2r {v2.1d, v3.1d}, [x0]
        ld2r {v2.1d, v3.1d}, [x0], #16
        ld2r {v2.1d, v3.1d}, [sp], x9
        ld2r {v2.2d, v3.2d}, [x0]
        ld2r {v2.2d, v3.2d}, [x0], #16
        ld2r {v2.2d, v3.2d}, [sp], x9
        ld3r {v2.8b, v3.8b, v4.8b}, [x0]
        ld3r {v2.8b, v3.8b, v4.8b}, [x0], #3
        ld3r {v2.8b, v3.8b, v4.8b}, [sp], x9
        ld3r {v2.16b, v3.16b, v4.16b}, [x0]
        ld3r {v2.16b, v3.16b, v4.16b}, [x0], #3
        ld3r {v2.16b, v3.16b, v4.16b}, [sp], x9
        ld3r {v2.4h, v3.4h, v4.4h}, [x0]
        ld3r {v2.4h, v3.4h, v4.4h}, [x0], #6
        ld3r {v2.4h, v3.4h, v4.4h}, [sp], x9
        ld3r {v2.8h, v3.8h, v4.8h}, [x0]
        ld3r {v2.8h, v3.8h, v4.8h}, [x0], #6
        ld3r {v2.8h, v3.8h, v4.8h}, [sp], x9
        ld3r {v2.2s, v3.2s, v4.2s}, [x0]
        ld3r {v2.2s, v3.2s, v4.2s}, [x0], #12
        ld3r {v2.2s, v3.2s, v4.2s}, [sp], x9
        ld3r {v2.4s, v3.4s, v4.4s}, [x0]
        ld3r {v2.4s, v3.4s, v4.4s}, [x0], #12
        ld3r {v2.4s, v3.4s, v4.4s}, [sp], x9
        ld3r {v2.1d, v3.1d, v4.1d}, [x0]
        ld3r {v2.1d, v3.1d, v4.1d}, [x0], #24
        ld3r {v2.1d, v3.1d, v4.1d}, [sp], x9
        ld3r {v2.2d, v3.2d, v4.2d}, [x0]
        ld3r {v2.2d, v3.2d, v4.2d}, [x0], #24
        ld3r {v2.2d, v3.2d, v4.2d}, [sp], x9
        ld4r {v2.8b, v3.8b, v4.8b, v5.8b}, [x0]
        ld4r {v2.8b, v3.8b, v4.8b, v5.8b}, [x0], #4
        ld4r {v2.8b, v3.8b, v4.8b, v5.8b}, [sp], x9
        ld4r {v2.16b, v3.16b, v4.16b, v5.16b}, [x0]
        ld4r {v2.16b, v3.16b, v4.16b, v5.16b}, [x0], #4
        ld4r {v2.16b, v3.16b, v4.16b, v5.16b}, [sp], x9
        ld4r {v2.4h, v3.4h, v4.4h, v5.4h}, [x0]
        ld4r {v2.4h, v3.4h, v4.4h, v5.4h}, [x0], #8
        ld4r {v2.4h, v3.4h, v4.4h, v5.4h}, [sp], x9
        ld4r {v2.8h, v3.8h, v4.8h, v5.8h}, [x0]
        ld4r {v2.8h, v3.8h, v4.8h, v5.8h}, [x0], #8
        ld4r {v2.8h, v3.8h, v4.8h, v5.8h}, [sp], x9
        ld4r {v2.2s, v3.2s, v4.2s, v5.2s}, [x0]
        ld4r {v2.2s, v3.2s, v4.2s, v5.2s}, [x0], #16
        ld4r {v2.2s, v3.2s, v4.2s, v5.2s}, [sp], x9
        ld4r {v2.4s, v3.4s, v4.4s, v5.4s}, [x0]
        ld4r {v2.4s, v3.4s, v4.4s, v5.4s}, [x0], #16
        ld4r {v2.4s, v3.4s, v4.4s, v5.4s}, [sp], x9
        ld4r {v2.1d, v3.1d, v4.1d, v5.1d}, [x0]
        ld4r {v2.1d, v3.1d, v4.1d, v5.1d}, [x0], #32
        ld4r {v2.1d, v3.1d, v4.1d, v5.1d}, [sp], x9
        ld4r {v2.2d, v3.2d, v4.2d, v5.2d}, [x0]
        ld4r {v2.2d, v3.2d, v4.2d, v5.2d}, [x0], #32
        ld4r {v2.2d, v3.2d, v4.2d, v5.2d}, [sp], x9
        ldg x0, [x1]
        ldg x2, [sp, #-4096]
        ldg x3, [x4, #4080]
        stg x0, [x1]
        stg sp, [x2, #-4096]
        stg x3, [sp, #4080]!
        stg x4, [x5], #-16
        stg x6, [x7, #0]!
        stzg x0, [x1]
        stzg sp, [x2, #-4096]
        stzg x3, [sp, #4080]!
        stzg x4, [x5], #-16
        stzg x6, [x7, #0]!
        st2g x0, [x1]
        st2g sp, [x2, #-4096]
        st2g x3, [sp, #4080]!
        st2g x4, [x5], #-16
        st2g x6, [x7, #0]!
        stz2g x0, [x1]
        stz2g sp, [x2, #-4096]
        stz2g x3, [sp, #4080]!
        stz2g x4, [x5], #-16
        stz2g x6, [x7, #0]!
        stgm x0, [x1]
        stgm xzr, [sp]
        ldgm x0, [x1]
        ldgm xzr, [sp]
        stzgm x0, [x1]
        stzgm xzr, [sp]
        cpyfp [x0]!, [x1]!, x2!
        cpyfpwt [x0]!, [x1]!, x2!
        cpyfprt [x0]!, [x1]!, x2!
        cpyfpt [x0]!, [x1]!, x2!
        cpyfpwn [x0]!, [x1]!, x2!
        cpyfpwtwn [x0]!, [x1]!, x2!
        cpyfprtwn [x0]!, [x1]!, x2!
        cpyfptwn [x0]!, [x1]!, x2!
        cpyfprn [x0]!, [x1]!, x2!
        cpyfpwtrn [x0]!, [x1]!, x2!
        cpyfprtrn [x0]!, [x1]!, x2!
        cpyfptrn [x0]!, [x1]!, x2!
        cpyfpn [x0]!, [x1]!, x2!
        cpyfpwtn [x0]!, [x1]!, x2!
        cpyfprtn [x0]!, [x1]!, x2!
        cpyfptn [x0]!, [x1]!, x2!
        cpyfm [x0]!, [x1]!, x2!
        cpyfmwt [x0]!, [x1]!, x2!
        cpyfmrt [x0]!, [x1]!, x2!
        cpyfmt [x0]!, [x1]!, x2!
        cpyfmwn [x0]!, [x1]!, x2!
        cpyfmwtwn [x0]!, [x1]!, x2!
        cpyfmrtwn [x0]!, [x1]!, x2!
        cpyfmtwn [x0]!, [x1]!, x2!
        cpyfmrn [x0]!, [x1]!, x2!
        cpyfmwtrn [x0]!, [x1]!, x2!
        cpyfmrtrn [x0]!, [x1]!, x2!
        cpyfmtrn [x0]!, [x1]!, x2!
        cpyfmn [x0]!, [x1]!, x2!
        cpyfmwtn [x0]!, [x1]!, x2!
        cpyfmrtn [x0]!, [x1]!, x2!
        cpyfmtn [x0]!, [x1]!, x2!
        cpyfe [x0]!, [x1]!, x2!
        cpyfewt [x0]!, [x1]!, x2!
        cpyfert [x0]!, [x1]!, x2!
        cpyfet [x0]!, [x1]!, x2!
        cpyfewn [x0]!, [x1]!, x2!
        cpyfewtwn [x0]!, [x1]!, x2!
        cpyfertwn [x0]!, [x1]!, x2!
        cpyfetwn [x0]!, [x1]!, x2!
        cpyfern [x0]!, [x1]!, x2!
        cpyfewtrn [x0]!, [x1]!, x2!
        cpyfertrn [x0]!, [x1]!, x2!
        cpyfetrn [x0]!, [x1]!, x2!
        cpyfen [x0]!, [x1]!, x2!
        cpyfewtn [x0]!, [x1]!, x2!
        cpyfertn [x0]!, [x1]!, x2!
        cpyfetn [x0]!, [x1]!, x2!
        cpyp [x0]!, [x1]!, x2!
        cpypwt [x0]!, [x1]!, x2!
        cpyprt [x0]!, [x1]!, x2!
        cpypt [x0]!, [x1]!, x2!
        cpypwn [x0]!, [x1]!, x2!
        cpypwtwn [x0]!, [x1]!, x2!
        cpyprtwn [x0]!, [x1]!, x2!
        cpyptwn [x0]!, [x1]!, x2!
        cpyprn [x0]!, [x1]!, x2!
        cpypwtrn [x0]!, [x1]!, x2!
        cpyprtrn [x0]!, [x1]!, x2!
        cpyptrn [x0]!, [x1]!, x2!
        cpypn [x0]!, [x1]!, x2!
        cpypwtn [x0]!, [x1]!, x2!
        cpyprtn [x0]!, [x1]!, x2!
        cpyptn [x0]!, [x1]!, x2!
        cpym [x0]!, [x1]!, x2!
        cpymwt [x0]!, [x1]!, x2!
        cpymrt [x0]!, [x1]!, x2!
        cpymt [x0]!, [x1]!, x2!
        cpymwn [x0]!, [x1]!, x2!
        cpymwtwn [x0]!, [x1]!, x2!
        cpymrtwn [x0]!, [x1]!, x2!
        cpymtwn [x0]!, [x1]!, x2!
        cpymrn [x0]!, [x1]!, x2!
        cpymwtrn [x0]!, [x1]!, x2!
        cpymrtrn [x0]!, [x1]!, x2!
        cpymtrn [x0]!, [x1]!, x2!
        cpymn [x0]!, [x1]!, x2!
        cpymwtn [x0]!, [x1]!, x2!
        cpymrtn [x0]!, [x1]!, x2!
        cpymtn [x0]!, [x1]!, x2!
        cpye [x0]!, [x1]!, x2!
        cpyewt [x0]!, [x1]!, x2!
        cpyert [x0]!, [x1]!, x2!
        cpyet [x0]!, [x1]!, x2!
        cpyewn [x0]!, [x1]!, x2!
        cpyewtwn [x0]!, [x1]!, x2!
        cpyertwn [x0]!, [x1]!, x2!
        cpyetwn [x0]!, [x1]!, x2!
        cpyern [x0]!, [x1]!, x2!
        cpyewtrn [x0]!, [x1]!, x2!
        cpyertrn [x0]!, [x1]!, x2!
        cpyetrn [x0]!, [x1]!, x2!
        cpyen [x0]!, [x1]!, x2!
        cpyewtn [x0]!, [x1]!, x2!
        cpyertn [x0]!, [x1]!, x2!
        cpyetn [x0]!, [x1]!, x2!
        setp [x3]!, x4!, x5
        setp [x6]!, x7!, xzr
        setpt [x3]!, x4!, x5
        setpt [x6]!, x7!, xzr
        setpn [x3]!, x4!, x5
        setpn [x6]!, x7!, xzr
        setptn [x3]!, x4!, x5
        setptn [x6]!, x7!, xzr
        setm [x3]!, x4!, x5
        setm [x6]!, x7!, xzr
        setmt [x3]!, x4!, x5
        setmt [x6]!, x7!, xzr
        setmn [x3]!, x4!, x5
        setmn [x6]!, x7!, xzr
        setmtn [x3]!, x4!, x5
        setmtn [x6]!, x7!, xzr
        sete [x3]!, x4!, x5
        sete [x6]!, x7!, xzr
        setet [x3]!, x4!, x5
        setet [x6]!, x7!, xzr
        seten [x3]!, x4!, x5
        seten [x6]!, x7!, xzr
        setetn [x3]!, x4!, x5
        setetn [x6]!, x7!, xzr
        setgp [x3]!, x4!, x5
        setgp [x6]!, x7!, xzr
        setgpt [x3]!, x4!, x5
        setgpt [x6]!, x7!, xzr
        setgpn [x3]!, x4!, x5
        setgpn [x6]!, x7!, xzr
        setgptn [x3]!, x4!, x5
        setgptn [x6]!, x7!, xzr
        setgm [x3]!, x4!, x5
        setgm [x6]!, x7!, xzr
        setgmt [x3]!, x4!, x5
        setgmt [x6]!, x7!, xzr
        setgmn [x3]!, x4!, x5
        setgmn [x6]!, x7!, xzr
        setgmtn [x3]!, x4!, x5
        setgmtn [x6]!, x7!, xzr
        setge [x3]!, x4!, x5
        setge [x6]!, x7!, xzr
        setget [x3]!, x4!, x5
        setget [x6]!, x7!, xzr
        setgen [x3]!, x4!, x5
        setgen [x6]!, x7!, xzr
        setgetn [x3]!, x4!, x5
        setgetn [x6]!, x7!, xzr
        ldxr x0, [x1, #0]
        ldaxp x0, x1, [x2, #0]
        stlxr w3, x0, [sp, #0]
        ldr x0, [x1, #-8]
        ldr w0, [x1, #1]
        strb w0, [x1, #-1]
        ldrsh x2, [sp, #-255]
        ldr q0, [x0, #-16]
        str d1, [x2, #3]
        ldrsw x0, [x1, #-4]
        ldraa x8, [x15]!
        LDR X0, [X1, W2, SXTW #3]
        ld1 { v0.16b - v3.16b }, [x0]
        LD2 {V0.S, V1.S}[3], [SP], #8
        PRFM PSTL2STRM, [X0]
        ldr x0, [x1,x2,lsl #3]
        stp x29,x30,[sp,#-16]!
        """;

    /// <summary>Forms GNU as accepts and llvm-mc does not.</summary>
    public const string GnuAsOnlyLines = """
        prfm pldl1keep, [x0, #-8]
        prfm #0x1f, [x1, #3]
        """;
}
