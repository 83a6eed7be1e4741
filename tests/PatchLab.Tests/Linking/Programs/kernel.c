/* A tiny "kernel" whose exported functions and data a module calls (ModuleLoaderTests). */
long kernel_counter = 5;
long kernel_add(long a, long b) { return a + b; }
long kernel_mul(long a, long b) { return a * b; }
long kernel_bump(long by) { kernel_counter += by; return kernel_counter; }
void kernel_entry(void) { for (;;) { } }
