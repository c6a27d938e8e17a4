/* Calls a null function pointer: SIGSEGV at address 0. */
#include "sys.h"
void __start(void) {
    void (*volatile f)(void) = 0;
    say("before\n");
    f();
    say("after\n");
    leave(0);
}
