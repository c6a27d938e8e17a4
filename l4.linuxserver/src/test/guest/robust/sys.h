/* Raw Linux n64 system calls for freestanding test programs (no libc). */
#define SYS_read 5000
#define SYS_write 5001
#define SYS_close 5003
#define SYS_rt_sigaction 5013
#define SYS_getpid 5038
#define SYS_fork 5056
#define SYS_exit 5058
#define SYS_wait4 5059
#define SYS_kill 5060
#define SYS_pipe2 5287

static inline long sys3(long n, long a, long b, long c) {
    register long v0 __asm__("$2") = n;
    register long a0 __asm__("$4") = a;
    register long a1 __asm__("$5") = b;
    register long a2 __asm__("$6") = c;
    register long a3 __asm__("$7");
    __asm__ volatile("syscall" : "+r"(v0), "=r"(a3) : "r"(a0), "r"(a1), "r"(a2)
                     : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory");
    return a3 ? -v0 : v0;
}

static inline long sys4(long n, long a, long b, long c, long d) {
    register long v0 __asm__("$2") = n;
    register long a0 __asm__("$4") = a;
    register long a1 __asm__("$5") = b;
    register long a2 __asm__("$6") = c;
    register long a3 __asm__("$7") = d;
    __asm__ volatile("syscall" : "+r"(v0), "+r"(a3) : "r"(a0), "r"(a1), "r"(a2)
                     : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory");
    return a3 ? -v0 : v0;
}

static void say(const char *s) {
    long n = 0;
    while (s[n]) n++;
    sys3(SYS_write, 1, (long) s, n);
}

static void num(long v) {
    char b[24];
    int i = 23;
    b[i] = 0;
    int neg = v < 0;
    if (neg) v = -v;
    do { b[--i] = '0' + v % 10; v /= 10; } while (v);
    if (neg) b[--i] = '-';
    say(b + i);
}

static void __attribute__((noreturn)) leave(int code) {
    sys3(SYS_exit, code, 0, 0);
    for (;;) {}
}
