/* The loader's protocol for L4-native guest programs (loader.h). */
#include "loader.h"

static l4_threadid_t loader_id;

l4_threadid_t l4_loader(void)
{
    if (loader_id == L4_NIL_ID) {
        l4_umword_t ip = (l4_umword_t) -1, sp = (l4_umword_t) -1;
        l4_threadid_t excepter = L4_INVALID_ID, pager = L4_INVALID_ID;
        l4_lthread_ex_regs(0, &ip, &sp, &excepter, &pager);
        loader_id = pager;
    }
    return loader_id;
}

static l4_umword_t short_call(l4_msg_regs_t *m)
{
    l4_threadid_t loader = l4_loader(), src;
    l4_umword_t dope = l4_ipc(loader, 0, 0, 0, loader, L4_NIL_ID, m, &src);
    return dope & 0xF0;
}

long l4_write(int fd, const void *buf, unsigned long n)
{
    const unsigned char *p = buf;
    unsigned long left = n;
    if (fd != 1 && fd != 2) return -1;
    while (left > 0) {
        unsigned long k = left < L4_LOADER_WRITE_MAX ? left : L4_LOADER_WRITE_MAX;
        l4_msg_regs_t m = {{0}};
        m.w[0] = (l4_umword_t) L4_LOADER_WRITE;
        m.w[1] = (l4_umword_t) fd << 32 | k;
        for (unsigned long i = 0; i < k; i++) m.w[2 + i / 8] |= (l4_umword_t) p[i] << (8 * (i % 8));
        if (short_call(&m) != 0 || (long) m.w[0] != (long) k) return -1;
        p += k;
        left -= k;
    }
    return (long) n;
}

void l4_exit(long value)
{
    l4_msg_regs_t m = {{0}};
    l4_threadid_t src;
    m.w[0] = (l4_umword_t) L4_LOADER_EXIT;
    m.w[1] = (l4_umword_t) value;
    /* send timeout 0: a loader waits for its program's messages; anything else gets the break */
    l4_ipc(l4_loader(), 0, (l4_umword_t) -1, L4_EXIT_TIMEOUTS, L4_NIL_ID, L4_NIL_ID, &m, &src);
    for (;;) {
        register long a0 __asm__("$4") = value;
        __asm__ volatile("break 1" : : "r"(a0));
    }
}

void l4_mark(long mark)
{
    l4_msg_regs_t m = {{0}};
    m.w[0] = (l4_umword_t) L4_LOADER_MARK;
    m.w[1] = (l4_umword_t) mark;
    short_call(&m);
}

static unsigned long length(const char *s)
{
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

void l4_puts(const char *s) { l4_write(1, s, length(s)); }

void l4_putu(unsigned long v)
{
    char b[24];
    int i = sizeof b;
    do {
        b[--i] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    l4_write(1, b + i, sizeof b - i);
}

void l4_putx(unsigned long v)
{
    char b[18];
    int i = sizeof b;
    do {
        b[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    b[--i] = 'x';
    b[--i] = '0';
    l4_write(1, b + i, sizeof b - i);
}
