// The scheduler's entry points and cond_resched() in the kernel's flavours. The context switch itself
// (__schedule's pick and cpu_switch_to) is the host's: HVC_SCHEDULE saves the callee-saved registers, fp, sp and
// pc in the task's cpu_context and loads the next task's. The build's configuration (CONFIG_* symbols) picks:
//   CONFIG_COND_RESCHED: 0 plain _cond_resched, 1 PREEMPT_DYNAMIC by static key (arm64), 2 by static call (x86)
//   CONFIG_KLP_HOOK:     0 none (before 6.4), 1 in cond_resched (6.4), 2 in __schedule with TASK_FREEZABLE (6.16)
//   CONFIG_PREEMPT_FULL: 0 voluntary preemption (cond_resched reschedules), 1 full (cond_resched does nothing)
	.include "kernel.S"
	.include "static_key.S"

	DEFINE_STATIC_KEY klp_sched_try_switch_key, 0
	DEFINE_STATIC_KEY sk_dynamic_cond_resched, !CONFIG_PREEMPT_FULL

// void __schedule(int sched_mode)
SYM_FUNC_START_NOTRACE __schedule
	FRAME_PUSH
	.if CONFIG_KLP_HOOK == 2
	STATIC_BRANCH_UNLIKELY klp_sched_try_switch_key, 2f
	.endif
1:	hvc	#HVC_SCHEDULE
	FRAME_POP
	ret
	.if CONFIG_KLP_HOOK == 2
	// klp_sched_try_switch(prev): only a task sleeping freezably is at a known safe point.
2:	get_current x1
	ldr	w2, [x1, #TSK_STATE]
	tbz	w2, #TASK_FREEZABLE_BIT, 1b
	str	x0, [sp, #-16]!
	bl	__klp_sched_try_switch
	ldr	x0, [sp], #16
	b	1b
	.endif
SYM_FUNC_END __schedule

// void schedule(void): sleeps if current->__state says so, returns once it runs again.
SYM_FUNC_START_NOTRACE schedule
	FRAME_PUSH
1:	mov	x0, #SM_NONE
	bl	__schedule
	get_current x0
	ldr	x1, [x0, #TSK_TI_FLAGS]
	tbnz	x1, #TIF_NEED_RESCHED, 1b
	FRAME_POP
	ret
SYM_FUNC_END schedule

// long schedule_timeout(long ticks): the caller has set current->__state.
SYM_FUNC_START_NOTRACE schedule_timeout
	FRAME_PUSH
	hvc	#HVC_TIMEOUT
	bl	schedule
	FRAME_POP
	ret
SYM_FUNC_END schedule_timeout

// int __cond_resched(void): reschedule if the tick asked for it (preempt_schedule_common).
SYM_FUNC_START_NOTRACE __cond_resched
	get_current x0
	ldr	x1, [x0, #TSK_TI_FLAGS]
	tbnz	x1, #TIF_NEED_RESCHED, 1f
	mov	w0, #0
	ret
1:	FRAME_PUSH
2:	mov	x0, #SM_PREEMPT
	bl	__schedule
	get_current x0
	ldr	x1, [x0, #TSK_TI_FLAGS]
	tbnz	x1, #TIF_NEED_RESCHED, 2b
	mov	w0, #1
	FRAME_POP
	ret
SYM_FUNC_END __cond_resched

	.if CONFIG_COND_RESCHED == 2
// The cond_resched static call, in the image's static-call flavour: its target is __cond_resched under voluntary
// preemption, a return-0 under full preemption, klp_cond_resched while a transition runs (6.4 on x86). Call sites
// use COND_RESCHED; cond_resched() itself tail-calls through it, for callers that do not.
	.if CONFIG_PREEMPT_FULL
	DEFINE_STATIC_CALL cond_resched, cond_resched_ret0
	.else
	DEFINE_STATIC_CALL cond_resched, __cond_resched
	.endif
SYM_FUNC_START_NOTRACE cond_resched
	STATIC_CALL_TAIL cond_resched
SYM_FUNC_END cond_resched

SYM_FUNC_START_NOTRACE cond_resched_ret0
	mov	w0, #0
	ret
SYM_FUNC_END cond_resched_ret0

// klp_cond_resched: the static call's target during a transition.
SYM_FUNC_START_NOTRACE klp_cond_resched
	FRAME_PUSH
	bl	__klp_sched_try_switch
	FRAME_POP
	b	__cond_resched
SYM_FUNC_END klp_cond_resched
	.else
// cond_resched(): dynamic_cond_resched (PREEMPT_DYNAMIC by static key, arm64) or _cond_resched (no
// PREEMPT_DYNAMIC); with the 6.4 hook, klp_sched_try_switch() comes first whatever the preemption mode.
SYM_FUNC_START_NOTRACE cond_resched
	.if CONFIG_KLP_HOOK == 1
	STATIC_BRANCH_UNLIKELY klp_sched_try_switch_key, 2f
	.endif
1:
	.if CONFIG_COND_RESCHED == 1
	STATIC_BRANCH_UNLIKELY sk_dynamic_cond_resched, 3f, !CONFIG_PREEMPT_FULL
	mov	w0, #0
	ret
3:
	.endif
	b	__cond_resched
	.if CONFIG_KLP_HOOK == 1
2:	FRAME_PUSH
	bl	__klp_sched_try_switch
	FRAME_POP
	b	1b
	.endif
SYM_FUNC_END cond_resched
	.endif

// void __klp_sched_try_switch(void): a task at a scheduling point checks its own stack and switches if clean.
SYM_FUNC_START_NOTRACE __klp_sched_try_switch
	get_current x0
	ldr	x1, [x0, #TSK_TI_FLAGS]
	tbz	x1, #TIF_PATCH_PENDING, 1f
	FRAME_PUSH
	hvc	#HVC_KLP_TRY_SWITCH
	FRAME_POP
1:	ret
SYM_FUNC_END __klp_sched_try_switch

// void klp_update_patch_state(struct task_struct *task): switch without a stack check (kernel exit, idle).
SYM_FUNC_START_NOTRACE klp_update_patch_state
	hvc	#HVC_KLP_UPDATE_PATCH_STATE
	ret
SYM_FUNC_END klp_update_patch_state

// wake_up_process(task)
SYM_FUNC_START_NOTRACE wake_up_process
	hvc	#HVC_WAKE_UP
	ret
SYM_FUNC_END wake_up_process

// The idle task (do_idle in a loop): WFI until something needs the CPU, schedule_idle, and then the idle task's
// own livepatch switch point.
SYM_FUNC_START_NOTRACE do_idle
	FRAME_PUSH
	get_current x19
1:	ldr	x0, [x19, #TSK_TI_FLAGS]
	tbnz	x0, #TIF_NEED_RESCHED, 2f
	wfi
	b	1b
2:	mov	x0, #SM_IDLE
	bl	__schedule
	ldr	x0, [x19, #TSK_TI_FLAGS]
	tbz	x0, #TIF_PATCH_PENDING, 1b
	mov	x0, x19
	bl	klp_update_patch_state
	b	1b
SYM_FUNC_END do_idle

// The kworker: runs queued work items (host work on this CPU, in this task's context) and sleeps when none is left.
SYM_FUNC_START_NOTRACE worker_thread
	FRAME_PUSH
1:	hvc	#HVC_NEXT_WORK
	cbnz	x0, 1b
	bl	schedule
	b	1b
SYM_FUNC_END worker_thread
