// An absolute symbol and a read-only label near relocs.s's table (for ABS16 and PREL16).
        .globl  small_const
        .set    small_const, 0x1234
        .section .rodata
        .globl  reloc_near
reloc_near:
        .quad   0
