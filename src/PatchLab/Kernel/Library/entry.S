// Kernel entry and exit. The host's exception entry saves the interrupted state in the pt_regs at the top of the
// task's kernel stack (or, for an interrupt preempting kernel code, pushed on the stack), points x29 at the pt_regs'
// frame_record_meta and continues here; the final ERET is the host's (HVC_RET_TO_USER / HVC_RET_FROM_IRQ).
	.include "kernel.S"

	.equ	NR_SYSCALLS, 4

// A new task's first return from cpu_switch_to: x19 = thread function (0 for a user task), x20 = its argument.
SYM_FUNC_START_NOTRACE ret_from_fork
	cbz	x19, 1f
	mov	x0, x20
	blr	x19
	hvc	#HVC_EXIT
1:	b	ret_to_user
SYM_FUNC_END ret_from_fork

// el0_svc: sp and x29 point into the task's pt_regs; the syscall number is in the saved x8.
SYM_FUNC_START_NOTRACE el0_svc
	FRAME_PUSH
	ldr	x8, [sp, #16 + S_X8]
	cmp	x8, #NR_SYSCALLS
	b.hs	2f
	adrp	x9, sys_call_table
	add	x9, x9, :lo12:sys_call_table
	ldr	x9, [x9, x8, lsl #3]
	add	x0, sp, #16
	blr	x9
1:	str	x0, [sp, #16 + S_X0]
	FRAME_POP
	b	ret_to_user
2:	mov	x0, #-38			// -ENOSYS
	b	1b
SYM_FUNC_END el0_svc

// ret_to_user: with interrupts off, handle the thread flags' work, then return to user space.
SYM_FUNC_START_NOTRACE ret_to_user
	get_current x19
1:	msr	daifset, #2
	ldr	x0, [x19, #TSK_TI_FLAGS]
	mov	x1, #_TIF_WORK_MASK
	tst	x0, x1
	b.ne	2f
	hvc	#HVC_RET_TO_USER
2:	msr	daifclr, #2
	bl	do_notify_resume
	b	1b
SYM_FUNC_END ret_to_user

// void do_notify_resume(unsigned long thread_flags): reschedule, else switch the patch state, handle signals.
SYM_FUNC_START_NOTRACE do_notify_resume
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x0, [sp, #16]
	tbz	x0, #TIF_NEED_RESCHED, 1f
	bl	schedule
	b	3f
1:	tbz	x0, #TIF_PATCH_PENDING, 2f
	get_current x0
	bl	klp_update_patch_state
2:	ldr	x0, [sp, #16]
	mov	x1, #(1 << TIF_SIGPENDING) | (1 << TIF_NOTIFY_SIGNAL)
	tst	x0, x1
	b.eq	3f
	hvc	#HVC_SIGNAL
3:	ldp	x29, x30, [sp], #32
	ret
SYM_FUNC_END do_notify_resume

// Where a task preempted by an interrupt in kernel mode resumes: its pt_regs are at sp.
SYM_FUNC_START_NOTRACE ret_from_irq_preempt
	hvc	#HVC_RET_FROM_IRQ
SYM_FUNC_END ret_from_irq_preempt

	.data
	.balign	8
sys_call_table:
	.quad	sys_ni_syscall
	.quad	__arm64_sys_getpid
	.quad	cmdline_proc_show		// read(/proc/cmdline), reduced to the function that shows it
	.quad	meminfo_proc_show		// read(/proc/meminfo)

SYM_FUNC_START_NOTRACE sys_ni_syscall
	mov	x0, #-38
	ret
SYM_FUNC_END sys_ni_syscall
