/* Writes to a pipe whose read end is closed: EPIPE with SIGPIPE ignored, then death by SIGPIPE. */
#include "sys.h"
struct ksigaction { unsigned int flags; long handler; unsigned long mask[2]; };
void __start(void) {
    int fds[2];
    sys3(SYS_pipe2, (long) fds, 0, 0);
    sys3(SYS_close, fds[0], 0, 0);
    struct ksigaction ign = {0, 1, {0, 0}};
    sys4(SYS_rt_sigaction, 13, (long) &ign, 0, 16);
    long r = sys3(SYS_write, fds[1], (long) "x", 1);
    say("ignored: ");
    num(r);
    say("\n");
    struct ksigaction dfl = {0, 0, {0, 0}};
    sys4(SYS_rt_sigaction, 13, (long) &dfl, 0, 16);
    sys3(SYS_write, fds[1], (long) "x", 1);
    say("after\n");
    leave(0);
}
