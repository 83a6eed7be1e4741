// The scenarios' workloads: a vhost-style worker and the producer that keeps it busy, user tasks hammering a
// syscall, sleepers, and the functions a livepatch replaces (their new versions are in livepatch_demo.S).
	.include "kernel.S"

	// struct vhost_dev { u64 pending; u64 done; struct task_struct *worker; }
	.equ	DEV_PENDING, 0
	.equ	DEV_DONE, 8
	.equ	DEV_WORKER, 16
	.equ	DEV_SIZE, 24
	.equ	VHOST_REFILL, 4096		// the producer tops each device up to this many work items

	.data
	.balign	8
	.globl	vhost_devs
vhost_devs:
	.zero	DEV_SIZE * 8
	.globl	getpid_calls
getpid_calls:
	.quad	0
	// What the last read of /proc/cmdline and /proc/meminfo showed: 0 the original text, else the version's mark.
	.globl	proc_cmdline_shown
proc_cmdline_shown:
	.quad	0
	.globl	proc_meminfo_shown
proc_meminfo_shown:
	.quad	0

// int vhost_worker(struct vhost_dev *dev): takes work items and processes them, calling cond_resched() after
// each (05bfb338fa8d); it sleeps (TASK_INTERRUPTIBLE, not freezable) only when no work is left.
SYM_FUNC_START vhost_worker
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	mov	x19, x0
1:	get_current x20
	mov	w1, #TASK_INTERRUPTIBLE
	str	w1, [x20, #TSK_STATE]
	ldr	x1, [x19, #DEV_PENDING]
	cbz	x1, 2f
	str	wzr, [x20, #TSK_STATE]
	mov	x2, #-1
	stadd	x2, [x19]			// DEV_PENDING
	mov	x0, x19
	bl	vhost_handle_work
	COND_RESCHED
	b	1b
2:	bl	schedule
	b	1b
SYM_FUNC_END vhost_worker

// void vhost_handle_work(struct vhost_dev *dev): one work item (the version a livepatch replaces).
SYM_FUNC_START vhost_handle_work
	FRAME_PUSH
	mov	x1, #32
1:	subs	x1, x1, #1
	b.ne	1b
	add	x2, x0, #DEV_DONE
	mov	x1, #1
	stadd	x1, [x2]
	FRAME_POP
	ret
SYM_FUNC_END vhost_handle_work

// int vhost_producer(int devices): a freezable kthread that refills every device's queue, wakes its worker, and
// sleeps for a tick (wait_event_freezable_timeout).
SYM_FUNC_START vhost_producer
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	mov	x20, x0
1:	adrp	x19, vhost_devs
	add	x19, x19, :lo12:vhost_devs
	mov	x3, x20
2:	cbz	x3, 3f
	mov	x1, #VHOST_REFILL
	str	x1, [x19, #DEV_PENDING]
	ldr	x0, [x19, #DEV_WORKER]
	str	x3, [sp, #-16]!
	cbz	x0, 4f
	bl	wake_up_process
4:	ldr	x3, [sp], #16
	add	x19, x19, #DEV_SIZE
	sub	x3, x3, #1
	b	2b
3:	COND_RESCHED
	get_current x0
	mov	w1, #TASK_INTERRUPTIBLE | TASK_FREEZABLE
	str	w1, [x0, #TSK_STATE]
	mov	x0, #1
	bl	schedule_timeout
	b	1b
SYM_FUNC_END vhost_producer

// int sleeper(long ticks): a kthread that alternates between sleeping inside sleepy_wait (uninterruptibly, x0
// ticks) and sleeping freezably outside it for a tick.
SYM_FUNC_START sleeper
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	mov	x19, x0
1:	mov	x0, x19
	bl	sleepy_wait
	get_current x0
	mov	w1, #TASK_INTERRUPTIBLE | TASK_FREEZABLE
	str	w1, [x0, #TSK_STATE]
	mov	x0, #1
	bl	schedule_timeout
	b	1b
SYM_FUNC_END sleeper

// void sleepy_wait(long ticks): sleeps in TASK_UNINTERRUPTIBLE, so its frame stays on the stack meanwhile.
SYM_FUNC_START sleepy_wait
	FRAME_PUSH
	get_current x1
	mov	w2, #TASK_UNINTERRUPTIBLE
	str	w2, [x1, #TSK_STATE]
	bl	schedule_timeout
	FRAME_POP
	ret
SYM_FUNC_END sleepy_wait

// int pair_sleeper(long ticks): a kthread that calls sleepy_pair over and over.
SYM_FUNC_START pair_sleeper
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	mov	x19, x0
1:	mov	x0, x19
	bl	sleepy_pair
	b	1b
SYM_FUNC_END pair_sleeper

// void sleepy_pair(long ticks): two sleeps in sleepy_wait, one after the other, with this frame on the stack.
SYM_FUNC_START sleepy_pair
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
SYM_FUNC_END sleepy_pair

// long __arm64_sys_getpid(struct pt_regs *regs)
SYM_FUNC_START __arm64_sys_getpid
	adrp	x1, getpid_calls
	add	x1, x1, :lo12:getpid_calls
	mov	x2, #1
	stadd	x2, [x1]
	get_current x0
	ldr	w0, [x0, #TSK_PID]
	ret
SYM_FUNC_END __arm64_sys_getpid

// int cmdline_proc_show(struct seq_file *m, void *v)
SYM_FUNC_START cmdline_proc_show
	adrp	x1, proc_cmdline_shown
	str	xzr, [x1, :lo12:proc_cmdline_shown]
	mov	x0, #0
	ret
SYM_FUNC_END cmdline_proc_show

// int meminfo_proc_show(struct seq_file *m, void *v)
SYM_FUNC_START meminfo_proc_show
	adrp	x1, proc_meminfo_shown
	str	xzr, [x1, :lo12:proc_meminfo_shown]
	mov	x0, #0
	ret
SYM_FUNC_END meminfo_proc_show

// User space: a task that reads /proc/cmdline and /proc/meminfo in a loop.
	.text
	.balign	8
	.globl	user_cat_loop
user_cat_loop:
1:	mov	x8, #2
	svc	#0
	mov	x8, #3
	svc	#0
	b	1b
	.size	user_cat_loop, . - user_cat_loop

// User space: a task that calls getpid() in a loop, with some work of its own between calls.
	.text
	.balign	8
	.globl	user_getpid_loop
user_getpid_loop:
1:	mov	x8, #1
	svc	#0
	mov	x1, #64
2:	subs	x1, x1, #1
	b.ne	2b
	b	1b
	.size	user_getpid_loop, . - user_getpid_loop
