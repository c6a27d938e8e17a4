/* Stores to an address nothing is mapped at: SIGSEGV. */
#include "sys.h"
void __start(void) {
    say("before\n");
    *(volatile long *) 0x7000000000L = 1;
    say("after\n");
    leave(0);
}
