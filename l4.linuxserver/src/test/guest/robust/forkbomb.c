/* In a process group of its own, forks until fork fails, reports it and kills the group (itself too). */
#include "sys.h"
void __start(void) {
    long n = 0;
    sys3(5107, 0, 0, 0); /* setpgid(0, 0) */
    for (;;) {
        long pid = sys3(SYS_fork, 0, 0, 0);
        if (pid == 0) {
            for (;;) sys3(5033, 0, 0, 0); /* pause */
        }
        if (pid < 0) {
            say("fork failed: ");
            num(pid);
            say(" after ");
            num(n > 0);
            say("\n");
            sys3(SYS_kill, 0, 9, 0);
        }
        n++;
    }
}
