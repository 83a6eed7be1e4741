/* A static glibc program: stdio, malloc, string functions, qsort, and floating-point formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned next(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

int main(int argc, char **argv)
{
    unsigned state = 2026;
    printf("argc %d, program name ends in %s\n", argc, strrchr(argv[0], '/') ? "a path" : argv[0]);

    int n = 1000;
    int *values = malloc(n * sizeof *values);
    for (int i = 0; i < n; i++) values[i] = (int)(next(&state) % 100000) - 50000;
    qsort(values, n, sizeof *values, compare_ints);
    long sum = 0;
    for (int i = 0; i < n; i++) sum += (long)values[i] * (i + 1);
    printf("sorted: min %d max %d median %d weighted %ld\n", values[0], values[n - 1], values[n / 2], sum);
    free(values);

    const char *words[] = { "pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape", "lemon", "mango" };
    char *copies[10];
    for (int i = 0; i < 10; i++) copies[i] = strdup(words[i]);
    qsort(copies, 10, sizeof *copies, compare_strings);
    char line[256] = "";
    for (int i = 0; i < 10; i++)
    {
        strcat(line, copies[i]);
        strcat(line, i < 9 ? "," : "");
    }
    printf("words: %s (length %zu)\n", line, strlen(line));
    printf("strchr %s, strstr %s, memchr %s\n", strchr(line, 'k'), strstr(line, "grape"), (char *)memchr(line, 'm', strlen(line)));
    printf("strncmp %d, memcmp %d, strcmp %d\n", strncmp("abcdef", "abcxyz", 3), memcmp("abc", "abd", 3) < 0, strcmp(copies[0], copies[1]) < 0);
    for (int i = 0; i < 10; i++) free(copies[i]);

    char buffer[4096];
    for (int size = 2; size < 4000; size = size * 3 + 1)
    {
        char *block = malloc(size);
        memset(block, 'a' + size % 26, size);
        block[size - 1] = 0;
        memcpy(buffer, block, size);
        memmove(buffer + 1, buffer, size - 1);
        printf("block %d: strlen %zu first %c last %c\n", size, strlen(buffer + 1), buffer[0], buffer[size - 2]);
        free(block);
    }

    double x = 0;
    for (int i = 1; i <= 100; i++) x += 1.0 / ((double)i * i);
    printf("basel %.12f sqrt %.9f pi %.6f\n", x, sqrt(6 * x), 3.14159265358979);
    printf("floats %g %e %.3f %a\n", 1e-300 * 1e-10, 123456.789, -0.0005, 1.0 / 3);
    float f = 1.0f;
    for (int i = 0; i < 20; i++) f = f * 1.5f - 0.25f;
    printf("single %.6f int %d rounded %ld\n", f, (int)f, lround(f));
    for (int i = -3; i <= 3; i++)
    {
        double t = i * 0.7 + 0.1;
        printf("math %d: exp %.15g log %.15g sin %.15g cos %.15g pow %.15g atan2 %.15g\n",
            i, exp(t), log(fabs(t) + 1e-3), sin(t), cos(t), pow(fabs(t), 1.0 / 3), atan2(t, 1.5));
        printf("single %d: expf %.8g logf %.8g sinf %.8g sqrtf %.8g floorf %g\n",
            i, expf((float)t), logf((float)fabs(t) + 1e-3f), sinf((float)t), sqrtf((float)fabs(t)), floorf((float)t));
    }
    double parsed = strtod("2.718281828459045e-3", NULL);
    int scanned_int = 0;
    double scanned_double = 0;
    sscanf("  -42 6.02214076e23", "%d %lf", &scanned_int, &scanned_double);
    printf("parsed %.17g scanned %d %.10e atoi %d strtol %ld\n", parsed, scanned_int, scanned_double, atoi("1234"), strtol("-0x7f", NULL, 16));
    char formatted[64];
    snprintf(formatted, sizeof formatted, "%08.3f|%-6d|%x|%s", 3.14159, 42, 0xbeef, "end");
    puts(formatted);
    return 0;
}
