/* Data, read-only data and COMMON storage for main.c. */
const char greeting[] = "hello from a linked program\n";
long counter = 100;
static const long table[] = { 1, 2, 3, 5, 8, 13, 21, 34 };
long shared_common[4];

long table_sum(void)
{
    long s = 0;
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++) s += table[i];
    return s;
}
