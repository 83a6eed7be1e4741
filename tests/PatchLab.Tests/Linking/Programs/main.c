/* Multi-object program: calls across objects, data and rodata of other objects, COMMON and weak symbols. */
#include "rt.h"

extern long table_sum(void);
extern long far_square(long x);
extern const char greeting[];
extern long counter;
extern long shared_common[4];
long optional_hook(long) __attribute__((weak));
extern long missing_weak_value __attribute__((weak));

static long bump(long by) { counter += by; return counter; }

int main(void)
{
    puts_(greeting);
    line("table_sum", (u64)table_sum());
    line("far_square", (u64)far_square(12));
    line("bump", (u64)bump(5));
    line("bump", (u64)bump(7));
    shared_common[2] = 40;
    line("common", (u64)(shared_common[2] + shared_common[1]));
    line("hook_missing", optional_hook == 0);
    line("weak_addr_zero", &missing_weak_value == 0);
    return (int)(table_sum() % 100);
}
