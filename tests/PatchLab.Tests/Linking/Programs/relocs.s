// Every static relocation GNU as emits for non-PIC code, against symbols of other objects (relocs_main.c, consts.s).
        .text
        .globl  movw_address
        .type   movw_address, %function
movw_address:
        movz    x0, #:abs_g3:reloc_target
        movk    x0, #:abs_g2_nc:reloc_target
        movk    x0, #:abs_g1_nc:reloc_target
        movk    x0, #:abs_g0_nc:reloc_target
        ret

        .globl  movw_checked_address
        .type   movw_checked_address, %function
movw_checked_address:
        movz    x0, #:abs_g1:reloc_target
        movk    x0, #:abs_g0_nc:reloc_target
        ret

        .globl  small_value
        .type   small_value, %function
small_value:
        movz    x0, #:abs_g0:small_const
        ret

        .globl  g2_part
        .type   g2_part, %function
g2_part:
        movz    x0, #:abs_g2:reloc_target
        ret

        .globl  adr_address
        .type   adr_address, %function
adr_address:
        adr     x0, reloc_text_target
        ret

        .globl  literal_value
        .type   literal_value, %function
literal_value:
        ldr     x0, reloc_literal
        ret

        .globl  is_zero
        .type   is_zero, %function
is_zero:
        cmp     x0, #0
        b.eq    ret_one
        mov     x0, #0
        ret

        .globl  bit3
        .type   bit3, %function
bit3:
        tbnz    x0, #3, ret_one
        mov     x0, #0
        ret

        .globl  tail_twice
        .type   tail_twice, %function
tail_twice:
        b       twice

        .globl  load_sizes
        .type   load_sizes, %function
load_sizes:
        adrp    x1, reloc_bytes
        ldrb    w2, [x1, #:lo12:reloc_bytes]
        adrp    x1, reloc_halves
        ldrh    w3, [x1, #:lo12:reloc_halves]
        adrp    x1, reloc_words
        ldr     w4, [x1, #:lo12:reloc_words]
        adrp    x1, reloc_doubles
        ldr     x5, [x1, #:lo12:reloc_doubles]
        adrp    x1, reloc_quads
        add     x1, x1, #:lo12:reloc_quads
        ldp     x6, x7, [x1]
        add     x0, x2, x3
        add     x0, x0, x4
        add     x0, x0, x5
        add     x0, x0, x6
        add     x0, x0, x7
        ret

        // Not run (the C side checks its offset field), so the program needs no SIMD registers.
        .globl  quad_load
        .type   quad_load, %function
quad_load:
        ldr     q0, [x1, #:lo12:reloc_quads]
        ret

        .section .rodata
        .balign 8
        .globl  rel_table
rel_table:
        .quad   reloc_target
        .quad   reloc_target - .
        .word   reloc_target - .
        .word   reloc_target
        .hword  small_const
        .hword  reloc_near - .
