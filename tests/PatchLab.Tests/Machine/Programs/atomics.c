#include "rt.h"

static u64 counter;
static u32 flags;

int main(void)
{
    for (int i = 0; i < 1000; i++) __atomic_fetch_add(&counter, (u64)i, __ATOMIC_SEQ_CST);
    line("counter", counter);
    u64 expected = counter, swapped = 0;
    for (int i = 0; i < 10; i++)
        if (__atomic_compare_exchange_n(&counter, &expected, expected + 3, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) swapped++;
    line("swapped", swapped);
    line("after cas", counter);
    for (int i = 0; i < 32; i += 3) __atomic_fetch_or(&flags, 1u << i, __ATOMIC_RELAXED);
    __atomic_fetch_and(&flags, 0x0f0f0f0fu, __ATOMIC_RELEASE);
    __atomic_fetch_xor(&flags, 0x5u, __ATOMIC_SEQ_CST);
    line("flags", flags);
    u64 old = __atomic_exchange_n(&counter, 77, __ATOMIC_SEQ_CST);
    line("exchanged", old);
    line("now", __atomic_load_n(&counter, __ATOMIC_ACQUIRE));
    return 0;
}
