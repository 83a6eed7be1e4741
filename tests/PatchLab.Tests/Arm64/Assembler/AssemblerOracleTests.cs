namespace PatchLab.Tests.Arm64.Assembler;

/// <summary>
/// Our assembler against GNU as on the same source: every section (bytes, flags, alignment), relocation and symbol
/// must match. Only branches, ADR/ADRP, <c>.inst</c> and data are used, the instructions the encoder knows today.
/// </summary>
public class AssemblerOracleTests
{
    [Fact]
    public void BranchesToLocalLabelsFoldAndOthersRelocate()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	.globl gfn
            	.type gfn, %function
            gfn:
            	b lfn
            	bl gfn
            	b 1f
            	bl ext
            	b.eq lfn
            	cbz x0, 1f
            	tbnz w3, #5, lfn
            	adrp x0, ldata
            	adrp x1, gdata
            	adr x2, lfn
            	adr x3, gfn
            	adrp x4, lfn
            1:	ret
            	.size gfn, .-gfn
            lfn:
            	ret
            	.weak wfn
            wfn:	bl wfn
            	b ext+8
            	.data
            ldata:	.quad 1
            	.globl gdata
            gdata:	.word 5
            """);
    }

    [Fact]
    public void DataDirectivesChooseAbsoluteAndPcRelativeRelocationsAsGnuAsDoes()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	.globl gfn
            gfn:	ret
            lfn:	ret
            	adrp x0, lfn
            	adr x0, gfn
            	b gfn
            	.data
            	.globl gd
            gd:	.word 1
            ld:	.word 2
            	.long gd - ., ld - ., gfn - lfn, gfn - ., lfn - . + 8, ext - . + 4, lfn + 4 - gd
            	.quad ext - ., lfn - ld + 1
            	.hword ext - ., ext
            	.long ext
            	.quad gfn - lfn
            	.long ld - gd
            	.set Q, lfn
            	.quad Q, Q+4
            	.set E, ext
            	.quad E+8
            	.long .Lx - .
            	.section .rodata.str1.1,"aMS",@progbits,1
            .Ly:	.asciz "ab"
            .Lx:	.asciz "cd"
            	.data
            	.quad .Lx, .Ly
            """);
    }

    [Fact]
    public void AlignmentPadsCodeWithNopsAndMappingSymbolsFollowGnuAs()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.data
            	.quad 1
            	.section .foo, "a"
            	.byte 1
            	.section .bar, "aw", %nobits
            	.zero 4
            	.bss
            	.zero 4
            	.section .baz, "ax"
            	.word 1
            	ret
            	.section .qux, "a"
            	.byte 1
            	ret
            	.byte 1
            	.section .empty, "a"
            	.section .text.x, "ax", %progbits
            	.align 4
            	ret
            	.balign 16
            	.byte 1
            	.balign 8
            	ret
            	.p2align 4,,3
            	ret
            	.balign 8, 0xff
            	.section .data.y, "aw"
            	.byte 1
            	.balign 8
            	.byte 2
            	.balign 16, 0xab
            	.word 7
            	.file "foo.c"
            	.ident "GCC: x"
            	.section .note.GNU-stack,"",%progbits
            """);
    }

    [Fact]
    public void SubsectionsPushPopPreviousFillAndStrings()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.section foo
            	.byte 1
            	.section .text.bar
            	.section .data.baz
            	.section .rodata.q
            	.section .init_array
            	.section .note.x
            	.section .bss.y
            	.section .tbss
            	.text
            	ret
            	.subsection 1
            2:	.byte 1
            	.subsection 0
            	ret
            	.subsection 2
            	.balign 8
            	ret
            	.subsection 0
            	b 3f
            	.data
            	.byte 3
            	.previous
            	ret
            	.pushsection __jump_table, "aw"
            	.byte 4
            	.popsection
            	ret
            	.fill 2, 3, 0x0102
            	.fill 3
            	.ascii "a\n\t\"\\\101\x41", "z"
            	.string "s"
            	.balign 4
            3:
            """);
    }

    [Fact]
    public void KernelJumpTableAndStaticCallSiteMacros()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.file "kern.c"
            	.macro JUMP_ENTRY key, label
            999:	.inst 0xd503201f
            	.pushsection __jump_table, "aw"
            	.align 3
            	.long 999b - ., \label - .
            	.quad \key - .
            	.popsection
            	.endm

            	.macro STATIC_CALL_SITE insn, key, tail=0
            	.pushsection .static_call_sites, "aw"
            	.long \insn - .
            	.long \key - . + \tail
            	.popsection
            	.endm

            	.macro PLT name:req, target
            .Lplt_\name\()_\@:
            	.inst 0x90000010, 0x91000210
            	br x16
            	.ifnb \target
            	.quad \target
            	.endif
            	.endm

            	.text
            	.globl func
            	.type func, %function
            	.p2align 2
            func:
            	JUMP_ENTRY static_key_a, .Lyes
            	b .Lno
            .Lyes:	bl slow_path
            .Lno:
            2:	bl __SCT__tp_func_foo
            	STATIC_CALL_SITE 2b, __SCK__tp_func_foo
            3:	b __SCT__tp_func_bar
            	STATIC_CALL_SITE 3b, __SCK__tp_func_bar, 1
            	ret
            	.size func, . - func
            	PLT one
            	PLT two, func
            	PLT three target=func+4

            	.set COUNT, 0
            	.rept 3
            	.set COUNT, COUNT + 1
            	.byte COUNT
            	.endr
            	.irp reg, 0, 1, 2
            	blr x\reg
            	.endr
            	.irpc c, abc
            	.ascii "\c"
            	.endr
            	.if COUNT == 3
            	.word 0x33
            	.elseif COUNT == 2
            	.word 0x22
            	.else
            	.word 0x11
            	.endif
            	.ifdef COUNT
            	.hword 1
            	.endif
            	.ifndef NOPE
            	.hword 2
            	.endif
            	.ifc abc, abc
            	.hword 3
            	.endif
            	.ifnc abc, abd
            	.hword 4
            	.endif
            	.balign 4
            	.word (1 + 2) * 3, 7 / 2, -7 % 3, 1 << 4, 0x100 >> 4, 6 & 3, 6 | 1, 6 ^ 3, ~0, !0, 1 + 2 | 4, 'a', 0b101, 017
            	.word 2 > 1, 1 == 1, 3 != 3, 1 && 0, 1 || 0
            	.hidden func
            	.local lonely
            lonely:	.quad lonely
            	.section .data.rel, "aw"
            	.quad func, func + 8, lonely
            	.section .rodata, "a"
            tbl:	.long .Lyes - tbl, .Lno - tbl
            	.equ ANSWER, 42
            	.long ANSWER
            	adrp x0, :got:ext_sym
            	adrp x1, :pg_hi21:ldata2
            	adrp x2, :pg_hi21_nc:ldata2
            	.data
            ldata2:	.byte 1
            	.ident "GCC: (test) 12"
            	.section .note.GNU-stack,"",%progbits
            """);
    }

    [Fact]
    public void InstructionsInCodeSectionsAreWordAligned()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	.byte 1
            foo:	ret
            	.byte 2
            bar:
            	.inst 0xd503201f
            	.byte 3
            baz:	.byte 4
            	ret
            	.section .q, "a"
            	.byte 1
            qq:	ret
            """);
    }

    [Fact]
    public void NumericLabelsLinkOrderSectionsEquatesAndMergeSections()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            1:	b 1f
            1:	b 1b
            	b 1f
            1:	cbnz x1, 1b
            	.section __patchable_function_entries, "awo", %progbits, pfe_func
            	.quad .Lpfe
            	.text
            	.globl pfe_func
            	.type pfe_func, %function
            .Lpfe:	.inst 0xd503201f, 0xd503201f
            pfe_func:
            	ret
            	.size pfe_func, .-pfe_func
            	.pushsection .altinstr, 1
            	.byte 9
            	.popsection
            	.pushsection .altinstr
            	.byte 8
            	.popsection
            	.pushsection .data
            	.balign 16, 0xee
            	.skip 3, 0x5a
            	.zero 2
            	.balign 8, 0xcc, 2
            	.balign 8, 0xcc
            	.string "a\"b\\c\101\x42\n"
            	.asciz "x", "y"
            	.type obj, %object
            obj:	.quad 0
            	.size obj, 8
            	.popsection
            	.weak undef_weak
            	.quad undef_weak
            	.equiv EQ, 5
            	.set V, 1
            	.set V, V + 1
            	.byte V, EQ
            	.set later, fwd + 4
            	.quad later
            	.balign 8
            fwd:	.quad 0
            	.balign 4
            	adr x0, later
            	.section .rodata.str1.8, "aMS", %progbits, 1
            .LC0:	.string "hello"
            .LC1:	.string "world"
            	.text
            	adrp x0, .LC1
            	adrp x0, .LC1+2
            	.quad .LC1 + 1
            	.long .LC0 - .
            """);
    }

    [Fact]
    public void DataInLaterSubsectionsOfDataSectionsIsMarked()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.section .a1
            	.subsection 1
            	.byte 9
            	.subsection 0
            	.byte 8
            	.section .a2
            	.byte 8
            	.subsection 1
            	.byte 9
            	.section .a3
            	.subsection 1
            	.byte 9
            """);
    }

    [Fact]
    public void IncludeReadsFilesBesideTheSource()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.include "macros.inc"
            	.text
            entry:
            	SITE target
            	SITE other
            	.data
            	.incbin "blob.bin"
            	.incbin "blob.bin", 3
            	.incbin "blob.bin", 2, 4
            """, new Dictionary<string, string>
        {
            ["blob.bin"] = "0123456789",
            ["macros.inc"] = """
                	.macro SITE sym
                	.globl \sym
                777:	bl \sym
                	.pushsection .sites, "a"
                	.long 777b - .
                	.popsection
                	.endm
                """,
        });
    }

    [Fact]
    public void CommentsAndStatementSeparators()
    {
        GnuAsComparison.AssertSameAsGnu("""
            // a line comment
            # a hash comment
            	.text /* block
            	   comment */ ; ret ; ret // trailing
            a:	b a ; b: b b
            	.ascii "semi;colon//not a comment"
            	.byte ';', '/
            """);
    }

    [Fact]
    public void MacroArgumentsDefaultsNamedVarargAndNesting()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.macro pair a, b=7
            	.byte \a, \b
            	.endm
            	.macro spaced a b
            	.hword \a + \b
            	.endm
            	.macro all first, rest:vararg
            	.byte \first
            	.byte \rest
            	.endm
            	.macro outer name
            	.macro inner_\name
            	.quad \name
            	.endm
            	.endm
            	.macro stop
            	.byte 1
            	.exitm
            	.byte 2
            	.endm
            	.data
            	pair 1
            	pair 1, 2
            	pair b=3, a=4
            	spaced 5 6
            	all 1, 2, 3, 4
            	outer sym
            	inner_sym
            	stop
            	.irp r, x0, x1
            	.ifc \r, x1
            	.byte 0x11
            	.else
            	.byte 0x10
            	.endif
            	.endr
            """);
    }

    [Fact]
    public void ConstantTargetsAndGotPagesRelocateAsGnuAsDoes()
    {
        // A constant branch or ADR target is a displacement; a constant ADRP target is left to the linker with no
        // symbol; GOT relocations against local labels name the section.
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	adrp x0, 0x12345
            	adrp x1, :pg_hi21:0x12345
            	adrp x1, :pg_hi21_nc:ldata+8
            	adr x2, 0x10
            	b 0x100
            	bl 0x100
            	adrp x3, :got:ldata
            	adrp x3, :got:ext
            	cbz x0, 0x40
            	tbz w0, #3, -8
            	.data
            ldata:	.quad 0
            """);
    }

    [Fact]
    public void KernelAlternativeMacrosWithSubsectionsAndOrgChecks()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.macro altinstruction_entry orig_offset alt_offset feature orig_len alt_len
            	.word \orig_offset - .
            	.word \alt_offset - .
            	.hword (\feature)
            	.byte \orig_len
            	.byte \alt_len
            	.endm

            	.macro __ALTERNATIVE_CFG oldinstr, newinstr, feature, cfg_enabled
            	.if \cfg_enabled
            661:	\oldinstr
            662:	.pushsection .altinstructions,"a"
            	altinstruction_entry 661b, 663f, \feature, 662b-661b, 664f-663f
            	.popsection
            	.subsection 1
            663:	\newinstr
            664:	.org	. - (664b-663b) + (662b - 661b)
            	.org	. - (662b-661b) + (664b - 663b)
            	.previous
            	.endif
            	.endm

            	.macro ALTERNATIVE oldinstr, newinstr, feature, cfg_enabled = 1
            	__ALTERNATIVE_CFG "\oldinstr", "\newinstr", \feature, \cfg_enabled
            	.endm

            	.text
            	.globl entry
            entry:
            	ALTERNATIVE "b 1f", "bl ext", 7
            	ALTERNATIVE ".inst 0xd503201f", ".inst 0xd50320ff", 12
            	ALTERNATIVE "b entry", "b.ne entry", 3, 0
            1:	ret
            	.data
            	.org 8
            	.byte 1
            	.org 16, 0xaa
            	.uleb128 300, 1, 0
            	.sleb128 -1, -129, 63, 64
            	.purgem ALTERNATIVE
            """);
    }

    [Fact]
    public void SymbolsSetToLabelsAreLabelsOfTheirOwnAndSettingAgainKeepsEarlierUses()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.globl gfn
            gfn:	ret
            	.set al, gfn
            	.set ex, extfn
            	.set ab, 5
            	.globl ab
            	.quad al, ex, ab
            	bl al
            	bl ex
            	.globl al2
            	.set al2, gfn+4
            	.quad al2
            	.set x, .
            	b x
            	.quad x
            	.set x, .
            	b x
            	.quad x
            	.set y, fwd + 4
            	.globl y
            	.quad y
            	b y
            	.set z, fwd - 4
            	.quad z
            	b z
            fwd:	ret
            """);
    }

    [Fact]
    public void MacroNamesIgnoreCaseAndEmptyArgumentsTakeDefaults()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.macro Foo a
            	.byte \a
            	.endm
            	foo 1
            	FOO 2
            	.data
            	.macro m2 a=1, b
            	.byte \a, \b
            	.endm
            	m2 b = 5
            	m2 , 4
            	.irp x,(1+2),3
            	.byte \x
            	.endr
            """);
    }

    [Fact]
    public void GlobalSymbolSetAgainLeavesALocalCopyForEarlierUses()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.globl x
            a:	ret
            b:	ret
            	.set x, a
            	.quad x
            	.set x, b
            	.quad x
            """);
    }

    [Fact]
    public void CommonSymbolsAndLocalSpaceInBss()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.comm cbuf, 64, 16
            	.comm c2, 4
            	.lcomm lbuf, 32
            	.lcomm l2, 3
            	.quad cbuf, lbuf
            	.local c3
            	.comm c3, 8, 8
            	.type sfn, #function
            sfn: ret
            	.bss
            	.byte 0
            	.lcomm a, 3
            	.zero 2
            	.comm ca, 64
            	.comm cb, 3
            	.comm cc, 1000
            	.comm cd, 8, 1
            	.data
            	.byte 1
            	.local x
            	.comm x, 8
            	.byte 2
            	.quad x, ca
            """);
    }

    [Fact]
    public void MacroArgumentsSplitAtBlanksUnlessAnOperatorJoinsThem()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.macro m a, b, c
            	.byte \a
            	.byte \b
            	.ifnb \c
            	.byte 0x77
            	.endif
            	.endm
            	m 1, 2 + 3
            	m 4 5, 6
            	m 1 + 2
            """);
    }

    [Fact]
    public void CodeIsAlignedOnlyWhereItFollowsData()
    {
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	.byte 1
            	.balign 4, 0xee
            	ret
            	.byte 2
            	.balign 8, 0
            	.inst 0
            	.p2align 3, , 2
            	.byte 3
            	.p2align 2,0x11,1
            	.hword 5
            	.balign 16,,7
            	ret
            	.data
            	.byte 1
            	.balign 16,,3
            	.byte 2
            	.balign 4,0xcc,2
            """);
        GnuAsComparison.AssertSameAsGnu("""
            	.text
            	.word 0x12345678
            	.byte 1
            	.inst 0xd503201f
            	.byte 2, 2
            	.rept 2
            	.inst 0xd503201f
            	.inst 1
            	.endr
            	.byte 3
            1:	.inst 2
            	.byte 4
            	.balign 8
            	.byte 5
            	.word 6
            	.byte 7
            	.long 1b - .
            	.byte 8
            	.quad 9
            	ret
            	.section .text.b, "ax"
            	.byte 1
            	.p2align 3
            	.byte 1
            	.p2align 2
            	.inst 0
            """);
    }
}
