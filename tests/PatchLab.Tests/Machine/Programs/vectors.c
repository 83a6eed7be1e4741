/* Floating point and loops GCC vectorises at -O2/-O3: element-wise arithmetic, reductions, conversions, searches. */
#include "rt.h"

#define N 203

static float fa[N], fb[N], fc[N];
static double da[N], db[N];
static int ia[N], ib[N], ic[N];
static unsigned char bytes[N * 4];
static short shorts[N];

static u64 state = 88172645463325252ull;
static u64 next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }

static void put_bits(const char *label, u64 v) { puts_(label); puts_(" "); put_hex(v); puts_("\n"); }
static u64 bits_d(double d) { union { double d; u64 u; } x = { d }; return x.u; }
static u64 bits_f(float f) { union { float f; u32 u; } x = { f }; return x.u; }

__attribute__((noinline)) static void saxpy(float a, float *x, float *y, int n) { for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i]; }
__attribute__((noinline)) static double dot(const double *x, const double *y, int n) { double s = 0; for (int i = 0; i < n; i++) s += x[i] * y[i]; return s; }
__attribute__((noinline)) static int sum_ints(const int *x, int n) { int s = 0; for (int i = 0; i < n; i++) s += x[i]; return s; }
__attribute__((noinline)) static int max_ints(const int *x, int n) { int m = x[0]; for (int i = 1; i < n; i++) m = x[i] > m ? x[i] : m; return m; }
__attribute__((noinline)) static void add_ints(int *d, const int *a, const int *b, int n) { for (int i = 0; i < n; i++) d[i] = a[i] + b[i] * 3 - (a[i] >> 2); }
__attribute__((noinline)) static void widen(int *d, const short *s, int n) { for (int i = 0; i < n; i++) d[i] = s[i] * 7; }
__attribute__((noinline)) static unsigned count_bytes(const unsigned char *p, int n, unsigned char c) { unsigned k = 0; for (int i = 0; i < n; i++) k += p[i] == c; return k; }
__attribute__((noinline)) static void to_float(float *d, const int *s, int n) { for (int i = 0; i < n; i++) d[i] = (float)s[i] / 16.0f; }
__attribute__((noinline)) static void to_int(int *d, const float *s, int n) { for (int i = 0; i < n; i++) d[i] = (int)s[i]; }
__attribute__((noinline)) static void clamp(float *d, int n, float lo, float hi) { for (int i = 0; i < n; i++) d[i] = d[i] < lo ? lo : d[i] > hi ? hi : d[i]; }
__attribute__((noinline)) static void reverse_bytes(unsigned char *p, int n) { for (int i = 0; i < n / 2; i++) { unsigned char t = p[i]; p[i] = p[n - 1 - i]; p[n - 1 - i] = t; } }
__attribute__((noinline)) static unsigned char max_byte(const unsigned char *p, int n) { unsigned char m = 0; for (int i = 0; i < n; i++) m = p[i] > m ? p[i] : m; return m; }
__attribute__((noinline)) static void mix(unsigned *d, const unsigned char *p, int n) { for (int i = 0; i < n; i++) d[i] = (p[4 * i] | p[4 * i + 1] << 8) ^ (p[4 * i + 2] << 16 | (unsigned)p[4 * i + 3] << 24); }

static double newton_sqrt(double x) { double g = x > 1 ? x / 2 : 1; for (int i = 0; i < 30; i++) g = 0.5 * (g + x / g); return g; }

int main(void)
{
    for (int i = 0; i < N; i++)
    {
        fa[i] = (float)(s64)(next() % 2001 - 1000) / 7.0f;
        fb[i] = (float)(next() % 1000) * 0.125f;
        da[i] = (double)(s64)(next() % 100001 - 50000) / 3.0;
        db[i] = 1.0 / (double)(i + 1);
        ia[i] = (int)(next() % 200001) - 100000;
        ib[i] = (int)(next() % 1001) - 500;
        shorts[i] = (short)next();
    }
    for (int i = 0; i < N * 4; i++) bytes[i] = (u8)(next() % 16);

    saxpy(2.5f, fa, fb, N);
    u64 h = 0;
    for (int i = 0; i < N; i++) h = h * 31 + bits_f(fb[i]);
    put_bits("saxpy", h);
    put_bits("dot", bits_d(dot(da, db, N)));
    line("sum", (u64)(u32)sum_ints(ia, N));
    line("max", (u64)(u32)max_ints(ia, N));
    add_ints(ic, ia, ib, N);
    line("add", (u64)(u32)sum_ints(ic, N));
    widen(ic, shorts, N);
    line("widen", (u64)(u32)sum_ints(ic, N));
    line("count", count_bytes(bytes, N * 4, 7));
    to_float(fc, ia, N);
    h = 0;
    for (int i = 0; i < N; i++) h = h * 31 + bits_f(fc[i]);
    put_bits("to_float", h);
    to_int(ic, fa, N);
    line("to_int", (u64)(u32)sum_ints(ic, N));
    clamp(fa, N, -50.0f, 60.5f);
    h = 0;
    for (int i = 0; i < N; i++) h = h * 31 + bits_f(fa[i]);
    put_bits("clamp", h);
    reverse_bytes(bytes, N * 4);
    line("reversed", bytes[0] + 16u * bytes[1] + 256u * bytes[N]);
    line("max_byte", max_byte(bytes, N * 4));
    mix((unsigned *)ic, bytes, N);
    line("mix", (u64)(u32)sum_ints(ic, N));

    put_bits("sqrt2", bits_d(newton_sqrt(2.0)));
    put_bits("div", bits_d(1.0 / 3.0));
    put_bits("fdiv", bits_f(1.0f / 3.0f));
    volatile double zero = 0.0, one = 1.0, big = 1e308;
    put_bits("inf", bits_d(one / zero));
    put_bits("nan", bits_d(zero / zero));
    put_bits("overflow", bits_d(big * 10.0));
    put_bits("neg zero", bits_d(-zero));
    volatile double m = -2.5, p = 2.5, q = 3.7;
    line("trunc", (u64)(s64)m);
    line("floor", (u64)(s64)__builtin_floor(q));
    line("round", (u64)(s64)__builtin_round(p));
    line("round neg", (u64)(s64)__builtin_round(m));
    line("to unsigned", (u64)(double)q);
    line("big to int", (u64)(s64)(big));
    line("compare", (u64)((m < p) + 2 * (p == p) + 4 * (zero / zero != zero / zero) + 8 * (q >= p)));
    put_bits("fma", bits_d(__builtin_fma(q, p, m)));
    put_bits("fmax", bits_d(__builtin_fmax(m, q)));
    put_bits("single to double", bits_d((double)(float)q));
    put_bits("double to single", bits_f((float)q));
    put_bits("from u64", bits_d((double)(u64)0xfedcba9876543210ull));
    put_bits("from s32", bits_f((float)(int)-123456789));
    return 0;
}
