// Static calls for PatchLab's kernel-style assembly (include/linux/static_call.h), in five flavours chosen per
// image by CONFIG_STATIC_CALL_FLAVOUR, which KernelImage.Build defines (the StaticCallFlavour values):
//   0 generic          static_call is an indirect call through the key (arm64 Linux up to 2026);
//   1 out-of-line 2021 sites call __SCT__name: bti c; b target | nop; ldr x16, literal; cbz x16, 1f; br x16; 1: ret
//                      (Ard Biesheuvel's prototype; the literal sits 8 bytes before the trampoline; NULL is a NOP
//                      with a zero literal, not the prototype's RET, since B <-> RET is not CMODX-safe);
//   2 out-of-line      sites call __SCT__name: bti c; adrp x16, lit; ldr x16, [x16, :lo12:lit]; br x16, with the
//                      target in a literal in .rodata (mainline since 2026);
//   3 inline           each site is a BL (B for a tail call) patched to the target, or to the site's own pseudo-PLT
//                      (ldr x16, literal; br x16) when the target is out of range, or a NOP for NULL; sites are
//                      listed in .static_call_sites { s32 site - .; s32 key - . + flags } (TAIL 1, INIT 2), and each
//                      site's PLT in .static_call_plts { s32 site - .; s32 plt - . }; the trampoline, for callers
//                      not yet patched, is the 2026 form;
//   4 cond-key         as 2, and static_call_cond is a static branch on the key __SCE__name (enabled while the
//                      target is not NULL; static_call_init enables it) to an out-of-line call, so a NULL call
//                      costs one NOP.
// Keys are struct static_call_key { void *func; unsigned long sites; } named __SCK__name.
// The call-site macros use subsection 1 of the current section for out-of-line code and return to subsection 0.

	.ifndef CONFIG_STATIC_CALL_FLAVOUR
	.equ	CONFIG_STATIC_CALL_FLAVOUR, 2
	.endif
	.include "static_key.S"

// __static_call_return0, the stub RET0 calls (and NULL calls, in the out-of-line forms) go to. Once per image.
	.macro DEFINE_STATIC_CALL_RETURN0
	.pushsection .text
	.balign 4
	.globl	__static_call_return0
	.type	__static_call_return0, %function
__static_call_return0:
	bti	c
	mov	x0, xzr
	ret
	.size	__static_call_return0, . - __static_call_return0
	.popsection
	.endm

// DEFINE_STATIC_CALL(name, func); \func is a symbol, 0 for NULL, or __static_call_return0 for RET0. In the 2021
// form the trampoline starts with `b \func`, so an initial target must be within branch range of it (kernel text).
	.macro DEFINE_STATIC_CALL name:req, func:req
	.pushsection .data
	.balign 8
	.globl	__SCK__\name
	.type	__SCK__\name, %object
__SCK__\name:
	.quad	\func
	.quad	0
	.size	__SCK__\name, 16
	.popsection
	.if CONFIG_STATIC_CALL_FLAVOUR == 1
	.pushsection .static_call.text, "ax"
	.balign 16
	.quad	\func
	.globl	__SCT__\name
	.type	__SCT__\name, %function
__SCT__\name:
	bti	c
	.ifc \func,0
	nop
	.else
	b	\func
	.endif
	ldr	x16, . - 16
	cbz	x16, 9990f
	br	x16
9990:	ret
	.size	__SCT__\name, . - __SCT__\name
	.popsection
	.endif
	.if CONFIG_STATIC_CALL_FLAVOUR >= 2
	.pushsection .static_call.text, "ax"
	.balign 16
	.globl	__SCT__\name
	.type	__SCT__\name, %function
__SCT__\name:
	bti	c
	adrp	x16, __SCL__\name
	ldr	x16, [x16, :lo12:__SCL__\name]
	br	x16
	.size	__SCT__\name, . - __SCT__\name
	.popsection
	.pushsection .rodata
	.balign 8
	.globl	__SCL__\name
	.type	__SCL__\name, %object
__SCL__\name:
	.ifc \func,0
	.quad	__static_call_return0
	.else
	.quad	\func
	.endif
	.size	__SCL__\name, 8
	.popsection
	.endif
	.if CONFIG_STATIC_CALL_FLAVOUR == 4
	DEFINE_STATIC_KEY __SCE__\name, 0
	.endif
	.endm

	.macro DEFINE_STATIC_CALL_NULL name:req
	DEFINE_STATIC_CALL \name, 0
	.endm

	.macro DEFINE_STATIC_CALL_RET0 name:req
	DEFINE_STATIC_CALL \name, __static_call_return0
	.endm

// An inline site: \insn (bl or b) to its own pseudo-PLT, whose literal starts at the trampoline; the site's
// .static_call_sites entry carries \flags (1 for a tail call).
	.macro STATIC_CALL_SITE name:req, insn:req, flags:req
9991:	\insn	9992f
	.pushsection .static_call_sites, "aw"
	.balign 4
	.long	9991b - .
	.long	__SCK__\name - . + \flags
	.popsection
	.pushsection .static_call_plts, "a"
	.balign 4
	.long	9991b - .
	.long	9992f - .
	.popsection
	.subsection 1
	.balign 8
9992:	ldr	x16, 9993f
	br	x16
9993:	.quad	__SCT__\name
	.subsection 0
	.endm

// static_call(name)(): a call that clobbers x16 (and x17), as any call exposed to a veneer may.
	.macro STATIC_CALL name:req
	.if CONFIG_STATIC_CALL_FLAVOUR == 0
	adrp	x16, __SCK__\name
	ldr	x16, [x16, :lo12:__SCK__\name]
	blr	x16
	.elseif CONFIG_STATIC_CALL_FLAVOUR == 3
	STATIC_CALL_SITE \name, bl, 0
	.else
	bl	__SCT__\name
	.endif
	.endm

// A tail call: static_call(name)() in return position, a B where the others have a BL.
	.macro STATIC_CALL_TAIL name:req
	.if CONFIG_STATIC_CALL_FLAVOUR == 0
	adrp	x16, __SCK__\name
	ldr	x16, [x16, :lo12:__SCK__\name]
	br	x16
	.elseif CONFIG_STATIC_CALL_FLAVOUR == 3
	STATIC_CALL_SITE \name, b, 1
	.else
	b	__SCT__\name
	.endif
	.endm

// static_call_cond(name)(): a call that does nothing while the target is NULL.
	.macro STATIC_CALL_COND name:req
	.if CONFIG_STATIC_CALL_FLAVOUR == 0
	adrp	x16, __SCK__\name
	ldr	x16, [x16, :lo12:__SCK__\name]
	cbz	x16, 9994f
	blr	x16
9994:
	.elseif CONFIG_STATIC_CALL_FLAVOUR == 4
	STATIC_BRANCH_UNLIKELY __SCE__\name, 9995f
9996:
	.subsection 1
9995:	bl	__SCT__\name
	b	9996b
	.subsection 0
	.else
	STATIC_CALL \name
	.endif
	.endm
