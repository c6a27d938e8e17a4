/*
 * Timers, sleeps and threads through glibc (static), for the differential suite: `lxtest MODE`
 * prints what it observed; every line is the same on a real Linux whatever the timing (times are
 * checked against bounds, threads meet at joins), so qemu-mips64el's output is the golden file.
 * CPU times are compared as user + system sums (Linux splits them by sampling); not /proc/self/stat,
 * which qemu-user makes up itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define say(...) dprintf(1, __VA_ARGS__)

static volatile sig_atomic_t alarms, vtalarms, handlerTid;

static void onAlarm(int s) { (void) s; alarms++; }
static void onVtalarm(int s) { (void) s; vtalarms++; }
static void onUsr1(int s) { (void) s; handlerTid = (sig_atomic_t) syscall(SYS_gettid); }

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
    execl("/bin/lxtest", "lxtest", "execd", pid, (char *) 0);
    say("execl: %s\n", strerror(errno));
    exit(1);
    return arg;
}

/* After execve from a thread other than the leader: the process goes on under its old id, in the thread that called execve. */
static void execd(const char *oldPid) {
    say("pid kept: %s\n", yes(getpid() == atoi(oldPid)));
    say("tid is the pid: %s\n", yes(syscall(SYS_gettid) == getpid()));
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    pthread_t t;
    if (!strcmp(mode, "timers")) timers();
    else if (!strcmp(mode, "sleeps")) sleeps();
    else if (!strcmp(mode, "threads")) threads();
    else if (!strcmp(mode, "route")) route();
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
    } else if (!strcmp(mode, "cputime")) cputime();
    else if (!strcmp(mode, "cloneflags")) cloneflags();
    else if (!strcmp(mode, "threadexec")) {
        for (int i = 0; i < 2; i++) pthread_create(&t, 0, i ? execFromThread : forever, 0);
        for (;;) pause();
    } else if (!strcmp(mode, "execd") && argc > 2) execd(argv[2]);
    else {
        say("usage: lxtest timers|sleeps|threads|route|threadsegv|alarmkill|exitgroup|mainexit|spin|cputime|cloneflags|threadexec\n");
        return 2;
    }
    return 0;
}
