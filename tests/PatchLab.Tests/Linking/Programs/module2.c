/* A second module: calls the first module's module_run (near, in the same region) and the kernel (far). */
extern long module_run(long x);
extern long kernel_add(long a, long b);

long second_run(long x)
{
    return kernel_add(module_run(x), 1000) + 1;
}
