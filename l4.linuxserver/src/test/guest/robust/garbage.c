/* Executes a word that is no MIPS64r2 instruction (LUI with a non-zero rs field): SIGILL. */
#include "sys.h"
static const unsigned int junk[] __attribute__((aligned(8), section(".text.junk"))) = {0x3C210000u, 0};
void __start(void) {
    say("before\n");
    ((void (*)(void)) junk)();
    say("after\n");
    leave(0);
}
