#include "rt.h"

static u64 seed = 12345;
static u64 next(void) { seed = seed * 6364136223846793005UL + 1442695040888963407UL; return seed >> 33; }

static void quicksort(s64 *a, int lo, int hi)
{
    while (lo < hi) {
        s64 p = a[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { s64 t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; } else { quicksort(a, i, hi); hi = j; }
    }
}

static u32 crc32(const u8 *p, u64 n)
{
    u32 c = 0xffffffffu;
    while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1))); }
    return ~c;
}

static u64 fnv1a(const u8 *p, u64 n) { u64 h = 14695981039346656037UL; while (n--) { h ^= *p++; h *= 1099511628211UL; } return h; }

static s64 ackermann(s64 m, s64 n) { return m == 0 ? n + 1 : n == 0 ? ackermann(m - 1, 1) : ackermann(m - 1, ackermann(m, n - 1)); }
static u64 fib(u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static __attribute__((noinline)) int classify(int x)
{
    switch (x) {
    case 0: return 11; case 1: return 7; case 2: return 42; case 3: return -5; case 4: return 99;
    case 5: return 3; case 6: return 18; case 7: return -77; case 8: return 1000; default: return x * 3;
    }
}

typedef s64 (*binop)(s64, s64);
static s64 add(s64 a, s64 b) { return a + b; }
static s64 sub(s64 a, s64 b) { return a - b; }
static s64 mulop(s64 a, s64 b) { return a * b; }
static s64 divop(s64 a, s64 b) { return b ? a / b : 0; }
static s64 modop(s64 a, s64 b) { return b ? a % b : 0; }

/* By hand: libgcc's __popcountdi2 uses Advanced SIMD, which the interpreter does not execute yet. */
static u64 popcount(u64 v)
{
    v = v - ((v >> 1) & 0x5555555555555555UL);
    v = (v & 0x3333333333333333UL) + ((v >> 2) & 0x3333333333333333UL);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
    return (v * 0x0101010101010101UL) >> 56;
}

static char text[] = "The quick brown fox jumps over the lazy dog";

int main(void)
{
    static s64 a[500];
    for (int i = 0; i < 500; i++) a[i] = (s64)(next() % 100000) - 50000;
    quicksort(a, 0, 499);
    int sorted = 1;
    for (int i = 1; i < 500; i++) if (a[i - 1] > a[i]) sorted = 0;
    line("sorted", (u64)sorted);
    puts_("min "); put_s64(a[0]); puts_(" max "); put_s64(a[499]); puts_("\n");

    line("crc32", crc32((const u8 *)text, len(text)));
    puts_("fnv1a "); put_hex(fnv1a((const u8 *)text, len(text))); puts_("\n");
    line("ackermann(2,3)", (u64)ackermann(2, 3));
    line("fib(24)", fib(24));

    s64 total = 0;
    for (int i = -3; i < 20; i++) total += classify(i);
    puts_("classify "); put_s64(total); puts_("\n");

    binop ops[] = { add, sub, mulop, divop, modop };
    s64 acc = 7;
    for (int i = 0; i < 40; i++) acc = ops[i % 5](acc * 3 + i, (s64)(next() % 17) - 8);
    puts_("ops "); put_s64(acc); puts_("\n");

    u64 bits = 0;
    for (u64 v = 1; v < 5000; v += 7) bits += popcount(v * 0x9e3779b97f4a7c15UL) + (u64)__builtin_clzll(v) + (u64)__builtin_ctzll(v);
    line("bits", bits);

    u32 ud = 0; s64 sd = 0;
    for (int i = 1; i < 300; i++) { ud += 0xfffffff0u / (u32)i; sd += (-1000000007L) / i + (-1000000007L) % i; }
    line("udiv", ud);
    puts_("sdiv "); put_s64(sd); puts_("\n");

    char rev[64];
    u64 n = len(text);
    for (u64 i = 0; i < n; i++) rev[i] = text[n - 1 - i];
    rev[n] = 0;
    for (u64 i = 0; i < n; i++) if (rev[i] >= 'a' && rev[i] <= 'z') rev[i] = (char)(rev[i] - 32);
    puts_(rev); puts_("\n");
    return (int)(total & 0x3f);
}
