// ftrace_caller, the target of a patched function's entry BL (arm64 DYNAMIC_FTRACE_WITH_ARGS): at entry x9 holds
// the function's return address (the MOV X9, X30 in the first entry slot) and x30 = function + 8. The ftrace
// handler (the host's klp_ftrace_handler) chooses where the call goes: back into the function after its patchable
// entry, or to a new version. The argument registers are left untouched.
	.include "kernel.S"

SYM_FUNC_START_NOTRACE ftrace_caller
	hvc	#HVC_FTRACE
	mov	x30, x9
	br	x16
SYM_FUNC_END ftrace_caller
