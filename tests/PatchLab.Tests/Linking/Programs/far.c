/* A function that can be placed far away (section .far) so calls to it need a veneer. */
__attribute__((section(".far"), noinline)) long far_square(long x) { return x * x + 1; }
