namespace PatchLab.Tests.Arm64.Assembler;

/// <summary><c>.cfi_*</c> directives: the <c>.eh_frame</c> GNU as builds from them, byte for byte.</summary>
public class CallFrameOracleTests
{
    [Fact]
    public void PrologueAndEpilogueInstructions()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	.globl f
            f:
            	.cfi_startproc
            	.inst 0xa9bf7bfd
            	.cfi_def_cfa_offset 16
            	.cfi_offset 29, -16
            	.cfi_offset 30, -8
            	.inst 0x910003fd
            	bl ext
            	.inst 0xa8c17bfd
            	.cfi_restore 30
            	.cfi_restore 29
            	.cfi_def_cfa_offset 0
            	ret
            	.cfi_endproc
            g:
            	.cfi_startproc
            	ret
            	.cfi_endproc
            """);
    }

    [Fact]
    public void FunctionsStartingWithTheSameInstructionsShareACie()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            a:	.cfi_startproc
            	.cfi_undefined x30
            	ret
            	.cfi_endproc
            b:	.cfi_startproc
            	.cfi_undefined x30
            	.inst 0
            	.cfi_adjust_cfa_offset 32
            	.cfi_rel_offset x19, 8
            	.cfi_remember_state
            	.cfi_def_cfa x29, 16
            	.cfi_def_cfa_register sp
            	.cfi_escape 0x16, 0x1f
            	.rept 70
            	.inst 0
            	.endr
            	.cfi_restore_state
            	.cfi_same_value x19
            	.cfi_register x30, x16
            	.cfi_negate_ra_state
            	.cfi_restore x19, x30
            	.cfi_offset 72, -64
            	.cfi_def_cfa_offset -16
            	ret
            	.cfi_endproc
            c:	.cfi_startproc
            	.cfi_undefined x30
            	ret
            	.cfi_endproc
            	.section .text.other, "ax"
            d:	.cfi_startproc
            	ret
            	.cfi_endproc
            """);
    }

    [Fact]
    public void LongAdvancesStateSignalFramesAndSimpleFrames()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	.globl f
            	.type f, %function
            f:
            	.cfi_startproc
            	.inst 0xa9be7bfd
            	.cfi_def_cfa_offset 32
            	.cfi_offset 29, -32
            	.cfi_offset 30, -24
            	.inst 0x910003fd
            	.cfi_def_cfa_register 29
            	.rept 20
            	.inst 0xd503201f
            	.endr
            	bl ext
            	.rept 300
            	.inst 0xd503201f
            	.endr
            	.cfi_remember_state
            	.inst 0xa8c27bfd
            	.cfi_restore 30
            	.cfi_restore 29
            	.cfi_def_cfa 31, 0
            	ret
            	.p2align 4
            	.cfi_restore_state
            	b ext
            	.cfi_endproc
            	.size f, .-f
            	.section .text.entry, "ax"
            entry:
            	.cfi_startproc
            	.cfi_signal_frame
            	.cfi_undefined lr
            	.rept 20000
            	.inst 0xd503201f
            	.endr
            	.cfi_rel_offset x19, 16
            	.cfi_adjust_cfa_offset 16
            	.cfi_offset d8, -16
            	.cfi_offset d8, 16
            	ret
            	.cfi_endproc
            	.text
            g:
            	.cfi_startproc simple
            	.cfi_def_cfa sp, 0
            	ret
            	.cfi_endproc
            """);
    }
}
