// The demo livepatch's new functions (what a livepatch module built with -fpatchable-function-entry=2 holds).
	.include "kernel.S"

	.data
	.balign	8
	.globl	livepatched_calls
livepatched_calls:
	.quad	0
	// One bit per pid that has run the new getpid (test_klp_syscall's klp_pids, the other way round).
	.globl	livepatched_pids
livepatched_pids:
	.zero	64

SYM_FUNC_START livepatch_vhost_handle_work
	FRAME_PUSH
	mov	x1, #32
1:	subs	x1, x1, #1
	b.ne	1b
	add	x2, x0, #8
	mov	x1, #1
	stadd	x1, [x2]
	adrp	x1, livepatched_calls
	add	x1, x1, :lo12:livepatched_calls
	mov	x2, #1
	stadd	x2, [x1]
	FRAME_POP
	ret
SYM_FUNC_END livepatch_vhost_handle_work

SYM_FUNC_START livepatch_sleepy_wait
	FRAME_PUSH
	get_current x1
	mov	w2, #TASK_UNINTERRUPTIBLE
	str	w2, [x1, #TSK_STATE]
	bl	schedule_timeout
	FRAME_POP
	ret
SYM_FUNC_END livepatch_sleepy_wait

SYM_FUNC_START livepatch_sleepy_pair
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	mov	x19, x0
	bl	sleepy_wait
	mov	x0, x19
	bl	sleepy_wait
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret
SYM_FUNC_END livepatch_sleepy_pair

SYM_FUNC_START livepatch_sys_getpid
	adrp	x1, livepatched_calls
	add	x1, x1, :lo12:livepatched_calls
	mov	x2, #1
	stadd	x2, [x1]
	get_current x0
	ldr	w0, [x0, #TSK_PID]
	adrp	x1, livepatched_pids
	add	x1, x1, :lo12:livepatched_pids
	lsr	w3, w0, #6
	add	x1, x1, x3, lsl #3
	lsl	x2, x2, x0
	stset	x2, [x1]
	ret
SYM_FUNC_END livepatch_sys_getpid

// The selftests' replacements: each shows its module's mark (test_klp_livepatch 1, test_klp_atomic_replace 2).
SYM_FUNC_START livepatch_cmdline_proc_show
	adrp	x1, proc_cmdline_shown
	mov	x2, #1
	str	x2, [x1, :lo12:proc_cmdline_shown]
	mov	x0, #0
	ret
SYM_FUNC_END livepatch_cmdline_proc_show

SYM_FUNC_START livepatch_meminfo_proc_show
	adrp	x1, proc_meminfo_shown
	mov	x2, #2
	str	x2, [x1, :lo12:proc_meminfo_shown]
	mov	x0, #0
	ret
SYM_FUNC_END livepatch_meminfo_proc_show
