/*
 * The loader's protocol for L4-native guest programs (l4.loader.LoaderProtocol): the loader that
 * started the program is the pager of its first thread and serves, besides page faults, short
 * register IPCs whose w0 is an operation (negative, so no page-fault address):
 *   L4_LOADER_WRITE  w1 = fd << 32 | n (fd 1 or 2, n <= 48), w2..w7 = the n bytes, little endian
 *                    reply w0 = n, or -1 for a bad fd or count
 *   L4_LOADER_EXIT   w1 = exit value; no reply: the loader ends the program's task. Sent with send
 *                    timeout 0; if no loader takes it, `break 1` with the value in a0 follows
 *                    (an exception to the excepter, which a loader also takes as the exit)
 *   L4_LOADER_MARK   w1 = a mark number; the loader notes simulated cycles, guest instructions and
 *                    host time (for benchmarks); reply w0 = 0
 * Its other thread is the excepter of the program's first thread: an exception nobody else takes
 * ends the program.
 */
#ifndef L4_LOADER_H
#define L4_LOADER_H

#include "l4.h"

#define L4_LOADER_WRITE (-16L)
#define L4_LOADER_EXIT (-17L)
#define L4_LOADER_MARK (-18L)
#define L4_LOADER_WRITE_MAX 48
/* IPC timeouts: send 0 (m = 0, e = 1), receive infinite */
#define L4_EXIT_TIMEOUTS 0x10UL

/* The loader's thread: the pager of the program's lthread 0 (asked once with lthread_ex_regs). */
l4_threadid_t l4_loader(void);

/* Writes n bytes to the loader's console (fd 1 or 2) in messages of up to 48 bytes; returns n or -1. */
long l4_write(int fd, const void *buf, unsigned long n);

/* Ends the program with value. */
void l4_exit(long value) __attribute__((noreturn));

/* A benchmark mark (see above). */
void l4_mark(long mark);

/* Convenience: a NUL-terminated string and an unsigned decimal number to fd 1. */
void l4_puts(const char *s);
void l4_putu(unsigned long v);
void l4_putx(unsigned long v);

/* The lthread number of a thread id. */
static inline unsigned l4_lthread_of(l4_threadid_t id) { return (unsigned) (id >> 10) & 0x7F; }

/* My own thread id. */
static inline l4_threadid_t l4_myself(void) { return l4_id_nearest(L4_NIL_ID, 0); }

#endif
