/* A module calling kernel functions (repeatedly, and as a tail call), kernel data, and its own code. */
extern long kernel_add(long a, long b), kernel_mul(long a, long b), kernel_bump(long by);
extern long kernel_counter;
long module_result;

static __attribute__((noinline)) long local_helper(long x) { return x ^ 0x55; }

long module_run(long x)
{
    long a = kernel_add(x, 3);
    long b = kernel_mul(a, 2);
    long c = kernel_add(b, kernel_counter);
    kernel_bump(1);
    module_result = c;
    return local_helper(c) + kernel_counter;
}

long module_tail(long x)
{
    return kernel_add(kernel_mul(x, x), 1);
}
