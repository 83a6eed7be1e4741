// PatchLab's kernel: the task structure, thread flags, task states, pt_regs and the host calls, as the library's
// assembly (Kernel/Library) and the host side (Kernel/Scheduler.cs, Kernel/Livepatch) share them. The layout
// follows arm64 Linux with THREAD_INFO_IN_TASK: thread_info first, reached through SP_EL0 ("current").

	.equ	TSK_TI_FLAGS, 0
	.equ	TSK_TI_PREEMPT, 8
	.equ	TSK_STATE, 16			// u32 __state
	.equ	TSK_PATCH_STATE, 20		// s32 patch_state: -1 no transition, 0 unpatched, 1 patched
	.equ	TSK_PID, 24
	.equ	TSK_CPU, 28
	.equ	THREAD_CPU_CONTEXT, 32		// x19..x28, fp, sp, pc (struct cpu_context)
	.equ	TSK_SIZE, 256

	.equ	TIF_SIGPENDING, 0
	.equ	TIF_NEED_RESCHED, 1
	.equ	TIF_NOTIFY_RESUME, 2
	.equ	TIF_NOTIFY_SIGNAL, 6
	.equ	TIF_PATCH_PENDING, 13
	.equ	_TIF_WORK_MASK, (1 << TIF_SIGPENDING) | (1 << TIF_NEED_RESCHED) | (1 << TIF_NOTIFY_RESUME) | (1 << TIF_NOTIFY_SIGNAL) | (1 << TIF_PATCH_PENDING)

	.equ	TASK_RUNNING, 0
	.equ	TASK_INTERRUPTIBLE, 1
	.equ	TASK_UNINTERRUPTIBLE, 2
	.equ	TASK_FREEZABLE_BIT, 13
	.equ	TASK_FREEZABLE, 1 << TASK_FREEZABLE_BIT

	.equ	SM_NONE, 0			// __schedule modes
	.equ	SM_PREEMPT, 1
	.equ	SM_IDLE, 2

	// struct pt_regs at the top of each kernel stack: x0..x30, sp, pc, pstate, then a frame_record_meta.
	.equ	S_X0, 0
	.equ	S_X8, 64
	.equ	S_SP, 248
	.equ	S_PC, 256
	.equ	S_PSTATE, 264
	.equ	S_STACKFRAME, 272
	.equ	S_STACKFRAME_TYPE, 288
	.equ	PT_REGS_SIZE, 304
	.equ	FRAME_META_TYPE_FINAL, 1
	.equ	FRAME_META_TYPE_PT_REGS, 2

	// Host calls (HVC immediates): where the library's code enters the kernel's C# side.
	.equ	HVC_SCHEDULE, 1			// __schedule(x0 = mode): context switch
	.equ	HVC_WAKE_UP, 2			// wake_up_process(x0 = task)
	.equ	HVC_TIMEOUT, 3			// arm a timer that wakes current after x0 ticks
	.equ	HVC_EXIT, 4			// do_exit
	.equ	HVC_RET_TO_USER, 5		// kernel_exit 0: restore pt_regs, ERET to EL0
	.equ	HVC_RET_FROM_IRQ, 6		// kernel_exit 1: restore pt_regs, return to the interrupted kernel code
	.equ	HVC_NEXT_WORK, 7		// worker_thread: run the next queued work item (x0 = 1) or prepare to sleep (x0 = 0)
	.equ	HVC_SIGNAL, 8			// do_signal: consume pending (fake) signals
	.equ	HVC_KLP_UPDATE_PATCH_STATE, 16	// klp_update_patch_state(x0 = task)
	.equ	HVC_KLP_TRY_SWITCH, 17		// __klp_sched_try_switch: current checks its own stack
	.equ	HVC_FTRACE, 18			// klp_ftrace_handler: x30 = function + 8; returns the target in x16

// cond_resched() at a call site: with PREEMPT_DYNAMIC by static call (x86's way), static_call(cond_resched)() in
// the image's static-call flavour (inline: the site itself is patched); otherwise a call to cond_resched.
	.if CONFIG_COND_RESCHED == 2
	.include "static_call.S"
	.endif
	.macro	COND_RESCHED
	.if CONFIG_COND_RESCHED == 2
	STATIC_CALL cond_resched
	.else
	bl	cond_resched
	.endif
	.endm

	.macro	get_current, reg
	mrs	\reg, sp_el0
	.endm

	// A traceable function: the two-NOP patchable entry of -fpatchable-function-entry=2, recorded in
	// __patchable_function_entries (ftrace_init turns the first NOP into MOV X9, X30 at boot).
	.macro	SYM_FUNC_START, name:req
	.text
	.balign	8
	.globl	\name
	.type	\name, %function
\name:
	.pushsection __patchable_function_entries, "aw"
	.balign	8
	.quad	\name
	.popsection
	nop
	nop
	.endm

	// A notrace function: no patchable entry, so it can be neither traced nor live-patched.
	.macro	SYM_FUNC_START_NOTRACE, name:req
	.text
	.balign	8
	.globl	\name
	.type	\name, %function
\name:
	.endm

	.macro	SYM_FUNC_END, name:req
	.size	\name, . - \name
	.endm

	// The frame record GCC builds with frame pointers: x29 points at {caller's x29, return address}.
	.macro	FRAME_PUSH
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	.endm

	.macro	FRAME_POP
	ldp	x29, x30, [sp], #16
	.endm
