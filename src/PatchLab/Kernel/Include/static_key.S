// Static keys (jump labels) for PatchLab's kernel-style assembly, in the shape arm64 Linux emits them
// (arch/arm64/include/asm/jump_label.h): each site is a NOP or a B, and a __jump_table entry records it as
// { s32 code - ., s32 target - ., s64 key - . + branch }. A site branches while (key enabled) XOR branch.

	.ifndef STATIC_KEY_S
	.equ	STATIC_KEY_S, 1

	.macro JUMP_TABLE_ENTRY code:req, target:req, key:req, branch:req
	.pushsection __jump_table, "aw"
	.balign 8
	.long \code - ., \target - .
	.quad \key - . + \branch
	.popsection
	.endm

// Branches to \l_yes while the key is enabled (static_branch_unlikely); \default is the key's initial state.
	.macro STATIC_BRANCH_UNLIKELY key:req, l_yes:req, default=0
	.if \default
999:	b	\l_yes
	.else
999:	nop
	.endif
	JUMP_TABLE_ENTRY 999b, \l_yes, \key, 0
	.endm

// Falls through while the key is enabled and branches to \l_no while it is disabled (static_branch_likely).
	.macro STATIC_BRANCH_LIKELY key:req, l_no:req, default=1
	.if \default
999:	nop
	.else
999:	b	\l_no
	.endif
	JUMP_TABLE_ENTRY 999b, \l_no, \key, 1
	.endm

// struct static_key { atomic_t enabled; ...; } — 16 bytes in .data, as DEFINE_STATIC_KEY_TRUE/FALSE make it.
	.macro DEFINE_STATIC_KEY name:req, enabled=0
	.pushsection .data
	.balign 8
	.globl	\name
	.type	\name, %object
\name:	.long	\enabled
	.long	0
	.quad	0
	.size	\name, 16
	.popsection
	.endm
	.endif
