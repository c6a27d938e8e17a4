/*
 * Linux semantics checked against qemu-mips64el for the differential suite: `lxsem MODE` prints
 * what it observed, lines that are the same on any Linux whatever the timing. CPU times are
 * compared as user + system sums against bounds (Linux splits them by sampling); not through
 * /proc/self/stat, which qemu-user makes up itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define say(...) dprintf(1, __VA_ARGS__)

static long long nowNs(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *forever(void *arg) {
    for (;;) pause();
    return arg;
}

/* Computes until clock c has advanced by ns. */
static void burn(clockid_t c, long long ns) {
    volatile unsigned long x = 1;
    long long start = nowNs(c);
    while (nowNs(c) - start < ns)
        for (int i = 0; i < 20000; i++) x = x * 3 + 1;
}

static long long tvNs(struct timeval t) { return t.tv_sec * 1000000000LL + t.tv_usec * 1000LL; }

static void *burnThread(void *arg) {
    burn(CLOCK_THREAD_CPUTIME_ID, 50000000LL);
    return arg;
}

static const char *yes(int b) { return b ? "yes" : "no"; }

static void cputime(void) {
    long hz = sysconf(_SC_CLK_TCK);
    burn(CLOCK_PROCESS_CPUTIME_ID, 100000000LL);
    struct tms t;
    times(&t);
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    say("clock ticks per second: %ld\n", hz);
    say("thread clock >= 100 ms: %s\n", yes(nowNs(CLOCK_THREAD_CPUTIME_ID) >= 100000000LL));
    say("times >= 100 ms: %s\n", yes((t.tms_utime + t.tms_stime) * 1000 / hz >= 100 - 1000 / hz));
    say("getrusage self >= 100 ms: %s\n", yes(tvNs(u.ru_utime) + tvNs(u.ru_stime) >= 99000000LL));
    say("times <= process clock: %s\n",
        yes((t.tms_utime + t.tms_stime) * (1000000000LL / hz) <= nowNs(CLOCK_PROCESS_CPUTIME_ID) + 1000000000LL / hz));
    say("no children yet: %s\n", yes(t.tms_cutime + t.tms_cstime == 0));
    long long before = nowNs(CLOCK_PROCESS_CPUTIME_ID);
    pthread_t th;
    pthread_create(&th, 0, burnThread, 0);
    pthread_join(th, 0);
    say("a thread's time counts for the process: %s\n", yes(nowNs(CLOCK_PROCESS_CPUTIME_ID) - before >= 50000000LL));
    say("not for the main thread: %s\n", yes(nowNs(CLOCK_THREAD_CPUTIME_ID) < nowNs(CLOCK_PROCESS_CPUTIME_ID) - 50000000LL));
    pid_t c = fork();
    if (c == 0) {
        burn(CLOCK_PROCESS_CPUTIME_ID, 50000000LL);
        _exit(0);
    }
    struct rusage w;
    int st;
    wait4(c, &st, 0, &w);
    times(&t);
    getrusage(RUSAGE_CHILDREN, &u);
    say("wait4 rusage >= 50 ms: %s\n", yes(tvNs(w.ru_utime) + tvNs(w.ru_stime) >= 49000000LL));
    say("getrusage children >= 50 ms: %s\n", yes(tvNs(u.ru_utime) + tvNs(u.ru_stime) >= 49000000LL));
    say("times children >= 50 ms: %s\n", yes((t.tms_cutime + t.tms_cstime) * 1000 / hz >= 50 - 1000 / hz));
}

/* clone's flag rules that real Linux and qemu-user share (copy_process). */
static void cloneflags(void) {
    static const struct { const char *name; unsigned long flags; } cases[] = {
        {"CLONE_THREAD", CLONE_THREAD},
        {"CLONE_SIGHAND", CLONE_SIGHAND},
        {"CLONE_THREAD|CLONE_SIGHAND", CLONE_THREAD | CLONE_SIGHAND},
        {"CLONE_THREAD|CLONE_VM", CLONE_THREAD | CLONE_VM},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long r = syscall(SYS_clone, cases[i].flags | SIGCHLD, 0, 0, 0, 0);
        if (r == 0) _exit(0);
        if (r > 0) waitpid(r, 0, __WALL);
        say("%s: %s\n", cases[i].name, r > 0 ? "created" : errno == EINVAL ? "EINVAL" : strerror(errno));
    }
}

static void *execFromThread(void *arg) {
    char pid[24];
    snprintf(pid, sizeof pid, "%d", getpid());
    execl("/bin/lxsem", "lxsem", "execd", pid, (char *) 0);
    say("execl: %s\n", strerror(errno));
    exit(1);
    return arg;
}

/* After execve from a thread other than the leader: the process goes on under its old id, in the thread that called execve. */
static void execd(const char *oldPid) {
    say("pid kept: %s\n", yes(getpid() == atoi(oldPid)));
    say("tid is the pid: %s\n", yes(syscall(SYS_gettid) == getpid()));
}

/*
 * A signal sent to the process while every thread blocks it waits for the process (Linux's
 * shared pending set): the first thread to unblock it takes it, here a thread other than the
 * leader in sigsuspend, reached only after the kill.
 */
static volatile int unblockerTid, sent, seenPending;
static volatile sig_atomic_t takenBy;

static void onUsr1(int s) { (void) s; takenBy = (sig_atomic_t) syscall(SYS_gettid); }

static void *unblocker(void *arg) {
    sigset_t none, usr1, pending;
    sigemptyset(&none);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, 0);
    unblockerTid = (int) syscall(SYS_gettid);
    while (!sent) sched_yield();
    sigpending(&pending);
    seenPending = sigismember(&pending, SIGUSR1);
    sigsuspend(&none);
    return arg;
}

static void sharedpending(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = onUsr1;
    sigaction(SIGUSR1, &sa, 0);
    sigset_t usr1, pending;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, 0);
    pthread_t t;
    pthread_create(&t, 0, unblocker, 0);
    while (!unblockerTid) sched_yield();
    kill(getpid(), SIGUSR1);
    sigpending(&pending);
    say("pending while every thread blocks it: %s\n", yes(sigismember(&pending, SIGUSR1)));
    sent = 1;
    pthread_join(t, 0);
    say("pending for the other thread too: %s\n", yes(seenPending));
    say("taken by the thread that unblocked it: %s\n", yes(takenBy == unblockerTid));
    sigpending(&pending);
    say("taken once: %s\n", yes(!sigismember(&pending, SIGUSR1)));
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    pthread_t t;
    if (!strcmp(mode, "cputime")) cputime();
    else if (!strcmp(mode, "cloneflags")) cloneflags();
    else if (!strcmp(mode, "threadexec")) {
        for (int i = 0; i < 2; i++) pthread_create(&t, 0, i ? execFromThread : forever, 0);
        for (;;) pause();
    } else if (!strcmp(mode, "execd") && argc > 2) execd(argv[2]);
    else if (!strcmp(mode, "sharedpending")) sharedpending();
    else {
        say("usage: lxsem cputime|cloneflags|threadexec|sharedpending\n");
        return 2;
    }
    return 0;
}
