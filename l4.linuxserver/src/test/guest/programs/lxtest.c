/*
 * Timers, sleeps, signals and threads through glibc (static), for the differential suite: `lxtest MODE`
 * prints what it observed; every line is the same on a real Linux whatever the timing (times are
 * checked against bounds, threads meet at joins), so qemu-mips64el's output is the golden file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define say(...) dprintf(1, __VA_ARGS__)

static volatile sig_atomic_t alarms, vtalarms, handlerTid;

static void onAlarm(int s) { (void) s; alarms++; }
static void onVtalarm(int s) { (void) s; vtalarms++; }
static void onUsr1(int s) { (void) s; handlerTid = (sig_atomic_t) syscall(SYS_gettid); }
static volatile int alarmCode;
static void onAlarmInfo(int s, siginfo_t *i, void *u) { (void) s; (void) u; alarmCode = i->si_code; alarms++; }

static void handle(int sig, void (*h)(int), int flags) {
    struct sigaction a;
    memset(&a, 0, sizeof a);
    a.sa_handler = h;
    a.sa_flags = flags;
    sigaction(sig, &a, 0);
}

static long long nowNs(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void timers(void) {
    say("alarm(1)=%u\n", alarm(1));
    say("alarm(5)=%u\n", alarm(5));
    say("alarm(0)=%u\n", alarm(0));
    handle(SIGALRM, onAlarm, 0);
    alarm(1);
    int r = pause();
    say("pause=%d errno=%s alarms=%d\n", r, strerrorname_np(errno), alarms);

    struct itimerval v = {{0, 50000}, {0, 50000}}, g;
    setitimer(ITIMER_REAL, &v, 0);
    getitimer(ITIMER_REAL, &g);
    say("getitimer interval=%ld.%06ld value-in-range=%d\n", (long) g.it_interval.tv_sec, (long) g.it_interval.tv_usec,
        g.it_value.tv_sec == 0 && g.it_value.tv_usec > 0 && g.it_value.tv_usec <= 50000);
    sigset_t none;
    sigemptyset(&none);
    alarms = 0;
    while (alarms < 3) sigsuspend(&none);
    struct itimerval off = {{0, 0}, {0, 0}}, old;
    setitimer(ITIMER_REAL, &off, &old);
    say("ticks=%d old-interval=%ld\n", alarms, (long) old.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &g);
    say("disarmed=%d\n", g.it_value.tv_sec == 0 && g.it_value.tv_usec == 0);
    struct itimerval bad = {{0, 1000000}, {0, 1}};
    say("setitimer bad usec=%d %s\n", setitimer(ITIMER_REAL, &bad, 0), strerrorname_np(errno));
    say("setitimer bad which=%d %s\n", setitimer(7, &v, 0), strerrorname_np(errno));

    handle(SIGVTALRM, onVtalarm, 0);
    struct itimerval cpu = {{0, 0}, {0, 10000}};
    setitimer(ITIMER_VIRTUAL, &cpu, 0);
    for (volatile long i = 0; !vtalarms && i < 4000000000L; i++) { }
    say("vtalarms=%d\n", vtalarms);
}

static void sleeps(void) {
    long long t0 = nowNs(CLOCK_MONOTONIC);
    struct timespec d = {0, 100000000};
    int r = clock_nanosleep(CLOCK_MONOTONIC, 0, &d, 0);
    say("relative=%d slept-enough=%d\n", r, nowNs(CLOCK_MONOTONIC) - t0 >= 100000000);
    long long target = nowNs(CLOCK_MONOTONIC) + 100000000;
    struct timespec abs = {target / 1000000000, target % 1000000000};
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, 0);
    say("absolute=%d reached=%d\n", r, nowNs(CLOCK_MONOTONIC) >= target);
    struct timespec past = {0, 1};
    say("past=%d\n", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &past, 0));
    struct timespec bad = {0, 1000000000};
    say("bad nsec=%s\n", strerrorname_np(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, 0)));
    say("thread cpu clock=%s\n", strerrorname_np(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, 0)));

    handle(SIGALRM, onAlarm, 0);
    struct itimerval v = {{0, 0}, {0, 100000}};
    setitimer(ITIMER_REAL, &v, 0);
    struct timespec second = {1, 0}, rem = {0, 0};
    r = nanosleep(&second, &rem);
    say("nanosleep=%d %s rem-in-range=%d\n", r, strerrorname_np(errno),
        rem.tv_sec == 0 && rem.tv_nsec >= 800000000);

    t0 = nowNs(CLOCK_MONOTONIC);
    r = poll(0, 0, 100);
    say("poll=%d waited=%d\n", r, nowNs(CLOCK_MONOTONIC) - t0 >= 100000000);
    int p[2];
    pipe(p);
    struct pollfd f = {p[0], POLLIN, 0};
    r = poll(&f, 1, 50);
    say("poll empty pipe=%d\n", r);
    write(p[1], "x", 1);
    r = poll(&f, 1, 50);
    say("poll full pipe=%d revents=%d\n", r, f.revents);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static long counter;
static int slot, full, done;

static void *count(void *arg) {
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        if (i % 1000 == 0) sched_yield();
    }
    return arg;
}

static void *ids(void *arg) {
    long *out = arg;
    out[0] = getpid();
    out[1] = syscall(SYS_gettid);
    return 0;
}

static void *consume(void *arg) {
    long sum = 0;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!full && !done) pthread_cond_wait(&changed, &lock);
        if (!full && done) {
            pthread_mutex_unlock(&lock);
            break;
        }
        sum += slot;
        full = 0;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&lock);
    }
    *(long *) arg = sum;
    return 0;
}

static volatile int waiting;

static void *target(void *arg) {
    (void) arg;
    sigset_t none, usr1;
    sigemptyset(&none);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    // blocked until sigsuspend, so the signal cannot come before it
    pthread_sigmask(SIG_BLOCK, &usr1, 0);
    waiting = (int) syscall(SYS_gettid);
    sigsuspend(&none);
    return (void *) (long) handlerTid;
}

static void threads(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, count, (void *) (i + 100));
    long sum = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (long) r;
    }
    say("counter=%ld results=%ld\n", counter, sum);

    long id[2];
    pthread_create(&t[0], 0, ids, id);
    pthread_join(t[0], 0);
    say("same pid=%d own tid=%d\n", id[0] == getpid(), id[1] != getpid() && id[1] > 0);
    say("main tid is pid=%d\n", syscall(SYS_gettid) == getpid());

    long total = 0;
    pthread_create(&t[0], 0, consume, &total);
    for (int i = 1; i <= 100; i++) {
        pthread_mutex_lock(&lock);
        while (full) pthread_cond_wait(&changed, &lock);
        slot = i;
        full = 1;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    while (full) pthread_cond_wait(&changed, &lock);
    done = 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    pthread_join(t[0], 0);
    say("condvar sum=%ld\n", total);

    handle(SIGUSR1, onUsr1, 0);
    pthread_create(&t[0], 0, target, 0);
    while (!waiting) sched_yield();
    int tid = waiting;
    pthread_kill(t[0], SIGUSR1);
    void *r;
    pthread_join(t[0], &r);
    say("signal ran in the target thread=%d\n", (long) r == tid);
    say("tgkill wrong group=%ld %s\n", syscall(SYS_tgkill, getpid() + 100000, tid, 0), strerrorname_np(errno));

    pthread_mutex_lock(&lock);
    struct timespec soon;
    clock_gettime(CLOCK_REALTIME, &soon);
    soon.tv_nsec += 50000000;
    if (soon.tv_nsec >= 1000000000) { soon.tv_sec++; soon.tv_nsec -= 1000000000; }
    say("cond timedwait=%s\n", strerrorname_np(pthread_cond_timedwait(&changed, &lock, &soon)));
    pthread_mutex_unlock(&lock);
}

static void *exitSeven(void *arg) {
    (void) arg;
    usleep(50000);
    exit(7);
}

static void *lastOne(void *arg) {
    (void) arg;
    usleep(50000);
    say("last thread\n");
    return 0;
}

static void *segv(void *arg) {
    usleep(20000);
    *(volatile int *) 0 = 1;
    return arg;
}

/* A process-directed signal goes to a thread that does not block it. */
static void route(void) {
    handle(SIGUSR1, onUsr1, 0);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, 0);
    pthread_t t;
    pthread_create(&t, 0, target, 0);
    while (!waiting) sched_yield();
    int tid = waiting;
    kill(getpid(), SIGUSR1);
    void *r;
    pthread_join(t, &r);
    say("process signal taken by the thread that does not block it=%d\n", (long) r == tid);
}

/*
 * rt_sigtimedwait as busybox init uses it: blocked signals taken without their handlers, the
 * lowest first; a blocked SIGCHLD stays pending though its default action ignores it; a timeout
 * ends in EAGAIN, another signal's handler in EINTR; a bad set size is EINVAL.
 */
static void sigwaits(void) {
    sigset_t set, usr;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, 0);
    handle(SIGUSR1, onUsr1, 0);
    /* kill, not raise: raise's tgkill is SI_TKILL on Linux, but qemu-user reports SI_USER for it */
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR1);
    siginfo_t info, info2;
    memset(&info, 0, sizeof info);
    memset(&info2, 0, sizeof info2);
    int a = sigwaitinfo(&set, &info);
    int b = sigwaitinfo(&set, &info2);
    say("taken %s then %s, handler ran %d\n", sigabbrev_np(a), sigabbrev_np(b), handlerTid != 0);
    say("kill: signo %s code %d (SI_USER %d) from me %d, then signo %s code %d from me %d\n",
        sigabbrev_np(info.si_signo), info.si_code, SI_USER, info.si_pid == getpid(),
        sigabbrev_np(info2.si_signo), info2.si_code, info2.si_pid == getpid());

    struct timespec zero = {0, 0}, short_ = {0, 50000000};
    errno = 0;
    int r = sigtimedwait(&set, 0, &zero);
    say("nothing pending, zero timeout: %d %s\n", r, strerrorname_np(errno));
    long long t0 = nowNs(CLOCK_MONOTONIC);
    errno = 0;
    r = sigtimedwait(&set, 0, &short_);
    long long waited = nowNs(CLOCK_MONOTONIC) - t0;
    say("nothing pending, 50 ms: %d %s, waited >= 50 ms %d\n", r, strerrorname_np(errno), waited >= 50000000LL);

    pid_t child = fork();
    if (child == 0) _exit(7);
    memset(&info, 0, sizeof info);
    r = sigwaitinfo(&set, &info);
    int status = 0;
    pid_t reaped = waitpid(child, &status, 0);
    say("child exit: %s, reaped %d status %d; code %d (CLD_EXITED %d) pid is the child's %d, si_status %d\n",
        sigabbrev_np(r), reaped == child, WEXITSTATUS(status), info.si_code, CLD_EXITED, info.si_pid == child, info.si_status);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = onAlarmInfo;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &sa, 0);
    alarms = 0;
    struct itimerval v = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &v, 0);
    sigemptyset(&usr);
    sigaddset(&usr, SIGUSR2);
    struct timespec long_ = {5, 0};
    errno = 0;
    r = sigtimedwait(&usr, 0, &long_);
    say("interrupted by SIGALRM: %d %s, alarms %d, the handler's si_code %d (SI_KERNEL %d)\n", r, strerrorname_np(errno), alarms,
        alarmCode, SI_KERNEL);

    errno = 0;
    r = (int) syscall(SYS_rt_sigtimedwait, &set, 0, &zero, 4);
    say("set size 4: %d %s\n", r, strerrorname_np(errno));
}

/*
 * Linux's do_notify_parent: a parent whose SIGCHLD action has SA_NOCLDWAIT still gets the signal
 * in its handler; with SIG_IGN no signal comes and the child is reaped at once, a waiting parent
 * woken by its end to find no child (ECHILD). (SA_NOCLDWAIT reaps at once too, but qemu-user does
 * not pass the flag to the host, so its wait would find the zombie: LinuxSemanticsTest checks that.)
 */
static volatile sig_atomic_t chlds, chldCode, chldStatus, chldFromChild;
static volatile pid_t lastChild;
static void onChld(int s, siginfo_t *i, void *u) {
    (void) s; (void) u;
    chlds++; chldCode = i->si_code; chldStatus = i->si_status; chldFromChild = i->si_pid == lastChild;
}

static void nocldwait(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = onChld;
    sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
    sigaction(SIGCHLD, &sa, 0);
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    pid_t c = fork();
    if (c == 0) _exit(3);
    lastChild = c;
    while (!chlds) sigsuspend(&old);
    say("SA_NOCLDWAIT with a handler: SIGCHLD %d, code %d (CLD_EXITED %d), from the child %d, si_status %d\n",
        chlds, chldCode, CLD_EXITED, chldFromChild, chldStatus);
    sigprocmask(SIG_SETMASK, &old, 0);
    waitpid(c, 0, WNOHANG); /* ECHILD on Linux; under qemu-user it reaps the zombie, which the wait below must not meet */

    signal(SIGCHLD, SIG_IGN);
    chlds = 0;
    c = fork();
    if (c == 0) {
        usleep(20000);
        _exit(4);
    }
    int status = 0;
    errno = 0;
    pid_t w = waitpid(-1, &status, 0);
    say("SIG_IGN: wait for a running child: %d %s, handler ran %d\n", w, strerrorname_np(errno), chlds);
}

static void *forever(void *arg) {
    for (;;) pause();
    return arg;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    pthread_t t;
    if (!strcmp(mode, "timers")) timers();
    else if (!strcmp(mode, "sleeps")) sleeps();
    else if (!strcmp(mode, "threads")) threads();
    else if (!strcmp(mode, "route")) route();
    else if (!strcmp(mode, "sigwait")) sigwaits();
    else if (!strcmp(mode, "nocldwait")) nocldwait();
    else if (!strcmp(mode, "threadsegv")) {
        pthread_create(&t, 0, segv, 0);
        for (;;) pause();
    } else if (!strcmp(mode, "alarmkill")) {
        alarm(1);
        for (;;) pause();
    } else if (!strcmp(mode, "exitgroup")) {
        pthread_create(&t, 0, exitSeven, 0);
        for (;;) pause();
    } else if (!strcmp(mode, "mainexit")) {
        pthread_create(&t, 0, lastOne, 0);
        pthread_exit(0);
    } else if (!strcmp(mode, "spin")) {
        for (int i = 0; i < 3; i++) pthread_create(&t, 0, forever, 0);
        say("spinning\n");
        for (;;) pause();
    } else {
        say("usage: lxtest timers|sleeps|threads|route|sigwait|nocldwait|threadsegv|alarmkill|exitgroup|mainexit|spin\n");
        return 2;
    }
    return 0;
}
