#include "rt.h"

/* 100! in base 2^32 limbs, printed in decimal by repeated division; 128-bit products. */
#define LIMBS 40
static u32 num[LIMBS];

static void mul_small(u32 m)
{
    u64 carry = 0;
    for (int i = 0; i < LIMBS; i++) { u64 t = (u64)num[i] * m + carry; num[i] = (u32)t; carry = t >> 32; }
}

static u32 div_small(u32 d)
{
    u64 rem = 0;
    for (int i = LIMBS - 1; i >= 0; i--) { u64 cur = (rem << 32) | num[i]; num[i] = (u32)(cur / d); rem = cur % d; }
    return (u32)rem;
}

static int is_zero(void) { for (int i = 0; i < LIMBS; i++) if (num[i]) return 0; return 1; }

int main(void)
{
    num[0] = 1;
    for (u32 i = 2; i <= 100; i++) mul_small(i);
    char digits[200];
    int n = 0;
    while (!is_zero()) digits[n++] = (char)('0' + div_small(10));
    char out[201];
    for (int i = 0; i < n; i++) out[i] = digits[n - 1 - i];
    out[n] = '\n';
    put(out, (u64)n + 1);

    unsigned __int128 p = 1;
    for (u64 k = 3; k < 60; k += 4) p = p * (k * 0x10001UL) + k;
    puts_("int128 "); put_hex((u64)(p >> 64)); put_hex((u64)p); puts_("\n");
    __int128 s = -1;
    for (int k = 1; k < 30; k++) s = s * -7 + k;
    puts_("sint128 "); put_hex((u64)((unsigned __int128)s >> 64)); put_hex((u64)s); puts_("\n");
    u64 hi = (u64)(((unsigned __int128)0xfedcba9876543210UL * 0x0123456789abcdefUL) >> 64);
    line("umulh", hi);
    return n;
}
