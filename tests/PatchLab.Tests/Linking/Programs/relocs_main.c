/* Checks each relocation of relocs.s by computing the same address another way; prints 1 for each that agrees. */
#include "rt.h"

struct table { u64 abs64; s64 prel64; int prel32; u32 abs32; unsigned short abs16; short prel16; };
extern const struct table rel_table;
extern const long reloc_near;
extern u64 movw_address(void), movw_checked_address(void), small_value(void), g2_part(void), adr_address(void);
extern const u32 quad_load[];
extern long literal_value(void), is_zero(long), bit3(long), tail_twice(long), load_sizes(void);

long reloc_target = 42;
const long reloc_literal = 0x1122334455667788;
unsigned char reloc_bytes[4] = { 7 };
unsigned short reloc_halves[2] = { 300 };
unsigned int reloc_words[2] = { 70000 };
unsigned long reloc_doubles[1] = { 5000000000UL };
unsigned long reloc_quads[2] __attribute__((aligned(16))) = { 11, 13 };
long ret_one(void) { return 1; }
long twice(long x) { return 2 * x; }
void reloc_text_target(void) { }

int main(void)
{
    const struct table *t = &rel_table;
    u64 target = (u64)&reloc_target;
    line("abs64", t->abs64 == target);
    line("prel64", (u64)&t->prel64 + (u64)t->prel64 == target);
    line("prel32", (u64)&t->prel32 + (u64)(s64)t->prel32 == target);
    line("abs32", t->abs32 == (u32)target);
    line("abs16", t->abs16);
    line("prel16", (u64)&t->prel16 + (u64)(s64)t->prel16 == (u64)&reloc_near);
    line("movw", movw_address() == target);
    line("movw_checked", movw_checked_address() == target);
    line("movw_g0", small_value());
    line("movw_g2", g2_part() == ((target >> 32) & 0xffff));
    line("adr", adr_address() == (u64)reloc_text_target);
    line("literal", literal_value() == reloc_literal);
    line("condbr", (u64)(is_zero(0) + 10 * is_zero(5)));
    line("tstbr", (u64)(bit3(8) + 10 * bit3(1)));
    line("jump26", (u64)tail_twice(21));
    line("ldst", (u64)load_sizes());
    line("ldst128", ((quad_load[0] >> 10) & 0xfff) == (((u64)reloc_quads & 0xfff) >> 4));
    return (int)reloc_target;
}
