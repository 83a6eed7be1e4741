/* A tiny freestanding runtime for test programs: _start, write, exit, and printing helpers. */
typedef unsigned long u64;
typedef long s64;
typedef unsigned int u32;
typedef unsigned char u8;

static inline long sys3(long n, long a, long b, long c)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

static void put(const char *s, u64 n) { sys3(64, 1, (long)s, (long)n); }
static u64 len(const char *s) { u64 n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { put(s, len(s)); }
static void exit_(int code) { sys3(93, code, 0, 0); for (;;) {} }

static void put_u64(u64 v)
{
    char buf[24];
    int i = 23;
    buf[i] = 0;
    do { buf[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    puts_(buf + i);
}

static void put_s64(s64 v)
{
    if (v < 0) { puts_("-"); put_u64((u64)0 - (u64)v); } else put_u64((u64)v);
}

static void put_hex(u64 v)
{
    char buf[17];
    for (int i = 15; i >= 0; i--) { buf[i] = "0123456789abcdef"[v & 15]; v >>= 4; }
    buf[16] = 0;
    put(buf, 16);
}

static void line(const char *label, u64 v) { puts_(label); puts_(" "); put_u64(v); puts_("\n"); }

int main(void);

__attribute__((used)) void start_c(void) { exit_(main()); }

__asm__(".globl _start\n_start:\n mov x29, #0\n bl start_c\n");

void *memset(void *d, int c, u64 n) { u8 *p = d; while (n--) *p++ = (u8)c; return d; }
void *memcpy(void *d, const void *s, u64 n) { u8 *p = d; const u8 *q = s; while (n--) *p++ = *q++; return d; }

/* libgcc's outline atomics ask for the hardware capabilities; without a C library, report none (LL/SC paths). */
unsigned long __getauxval(unsigned long type) { (void)type; return 0; }
