/* `patchlab bench exec`'s default workload: integer-only, freestanding, a few seconds under qemu-aarch64. */
typedef unsigned long u64;
typedef long s64;
typedef unsigned int u32;
typedef unsigned char u8;

static long sys3(long n, long a, long b, long c)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

static void put_hex(const char *label, u64 v)
{
    char buf[40];
    int n = 0;
    while (label[n]) { buf[n] = label[n]; n++; }
    buf[n++] = ' ';
    for (int i = 15; i >= 0; i--) buf[n++] = "0123456789abcdef"[(v >> (4 * i)) & 15];
    buf[n++] = '\n';
    sys3(64, 1, (long)buf, n);
}

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

static u64 fib(u32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static s64 data[200000];
static u8 sieve[2000000];

int main(void)
{
    for (int i = 0; i < 200000; i++) data[i] = (s64)(next() % 1000000) - 500000;
    quicksort(data, 0, 199999);
    u64 h = 0;
    for (int i = 0; i < 200000; i += 1000) h = h * 31 + (u64)data[i];
    put_hex("sort", h);

    u64 primes = 0;
    for (u64 i = 2; i < 2000000; i++) {
        if (sieve[i]) continue;
        primes++;
        for (u64 j = i * i; j < 2000000; j += i) sieve[j] = 1;
    }
    put_hex("primes", primes);

    put_hex("crc32", crc32((const u8 *)data, sizeof data));
    put_hex("fib", fib(30));
    return 0;
}

__attribute__((used)) void start_c(void) { sys3(93, main(), 0, 0); for (;;) {} }

__asm__(".globl _start\n_start:\n mov x29, #0\n bl start_c\n");

void *memset(void *d, int c, u64 n) { u8 *p = d; while (n--) *p++ = (u8)c; return d; }
void *memcpy(void *d, const void *s, u64 n) { u8 *p = d; const u8 *q = s; while (n--) *p++ = *q++; return d; }
