/*
 * The L4Linux table's operations (SOSP'97), each N times between two clock readings; prints the
 * simulated nanoseconds per operation. Freestanding (raw n64 system calls), so that libc's own
 * work does not count. "lxbench x" exits at once (the program fork+execve runs); "lxbench g" makes
 * 100000 getpid calls and exits (host time per getpid).
 */
#include "../robust/sys.h"

#define SYS_openat 5247
#define SYS_execve 5057
#define SYS_clock_gettime 5222

struct ts { long sec, nsec; };

static long now(void) {
    struct ts t;
    sys3(SYS_clock_gettime, 1, (long) &t, 0);
    return t.sec * 1000000000L + t.nsec;
}

static void report(const char *name, long start, long n) {
    say(name);
    say(" ");
    num((now() - start) / n);
    say("\n");
}

static char *self;

void __start_c(long *sp) {
    long argc = sp[0];
    char **argv = (char **) (sp + 1);
    if (argc > 1 && argv[1][0] == 'g') {
        for (long i = 0; i < 100000; i++) sys3(SYS_getpid, 0, 0, 0);
        leave(0);
    }
    if (argc > 1) leave(0);
    self = argv[0];
    long n = 2000, t;

    t = now();
    for (long i = 0; i < n; i++) sys3(SYS_getpid, 0, 0, 0);
    report("getpid", t, n);

    long null = sys4(SYS_openat, -100, (long) "/dev/null", 1, 0);
    char c = 'x';
    t = now();
    for (long i = 0; i < n; i++) sys3(SYS_write, null, (long) &c, 1);
    report("write-devnull", t, n);

    int p1[2], p2[2];
    sys3(SYS_pipe2, (long) p1, 0, 0);
    sys3(SYS_pipe2, (long) p2, 0, 0);
    long rounds = 500;
    if (sys3(SYS_fork, 0, 0, 0) == 0) {
        for (long i = 0; i < rounds; i++) {
            sys3(SYS_read, p1[0], (long) &c, 1);
            sys3(SYS_write, p2[1], (long) &c, 1);
        }
        leave(0);
    }
    t = now();
    for (long i = 0; i < rounds; i++) {
        sys3(SYS_write, p1[1], (long) &c, 1);
        sys3(SYS_read, p2[0], (long) &c, 1);
    }
    report("pipe-roundtrip", t, rounds);
    sys4(SYS_wait4, -1, 0, 0, 0);

    long forks = 50;
    t = now();
    for (long i = 0; i < forks; i++) {
        if (sys3(SYS_fork, 0, 0, 0) == 0) leave(0);
        sys4(SYS_wait4, -1, 0, 0, 0);
    }
    report("fork-exit-wait", t, forks);

    char *args[] = {self, "x", 0};
    char *env[] = {0};
    t = now();
    for (long i = 0; i < forks; i++) {
        if (sys3(SYS_fork, 0, 0, 0) == 0) {
            sys3(SYS_execve, (long) self, (long) args, (long) env);
            leave(127);
        }
        sys4(SYS_wait4, -1, 0, 0, 0);
    }
    report("fork-execve", t, forks);
    leave(0);
}

__asm__(".globl __start\n__start:\n  move $4, $29\n  dla $25, __start_c\n  jr $25\n  nop\n");
