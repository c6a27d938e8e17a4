/*
 * Freestanding static programs for the Linux n64 ABI (no libc): the system call number in v0,
 * arguments in a0..a2, `syscall`; the result in v0 with a3 = 1 on error. Only write, exit and
 * exit_group, which qemu-mips64el and l4:exec's loader (through the reflected-exception door)
 * both serve. start.S calls main(argc, argv, envp) and passes its value to exit_group.
 */
#ifndef LINUX_H
#define LINUX_H

#define NR_WRITE 5001
#define NR_EXIT 5058
#define NR_EXIT_GROUP 5205

static inline long linux_syscall3(long number, long a0, long a1, long a2)
{
    register long v0 __asm__("$2") = number;
    register long r4 __asm__("$4") = a0;
    register long r5 __asm__("$5") = a1;
    register long r6 __asm__("$6") = a2;
    register long r7 __asm__("$7");
    __asm__ volatile("syscall"
                     : "+r"(v0), "=r"(r7), "+r"(r4), "+r"(r5), "+r"(r6)
                     :
                     : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25",
                       "hi", "lo", "memory");
    return r7 ? -v0 : v0;
}

static inline long linux_write(int fd, const void *buf, unsigned long n)
{
    return linux_syscall3(NR_WRITE, fd, (long) buf, (long) n);
}

static inline unsigned long linux_strlen(const char *s)
{
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

static inline void linux_puts(int fd, const char *s) { linux_write(fd, s, linux_strlen(s)); }

static inline void linux_putu(int fd, unsigned long v)
{
    char b[24];
    int i = sizeof b;
    do {
        b[--i] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    linux_write(fd, b + i, sizeof b - i);
}

#endif
