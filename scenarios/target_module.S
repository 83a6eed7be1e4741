// A target module for scenarios: one traceable function, which a livepatch can replace while the module is loaded.
	.include "kernel.S"

SYM_FUNC_START target_module_func
	mov	x0, #0
	ret
SYM_FUNC_END target_module_func
