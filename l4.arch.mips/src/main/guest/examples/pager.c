/*
 * A user-level pager in guest code: lthread 0 pages lthread 1 of its own task. The worker writes
 * and reads back PAGES pages of a window no loader maps; each of its faults comes to lthread 0,
 * which answers with a map item of a page from its own pool (which its own pager, the loader,
 * backs). The worker then reports its checksum.
 */
#include "loader.h"

#define PAGES 16
#define WINDOW 0x20000000UL
#define DONE (-100L)

static unsigned char pool[PAGES][4096] __attribute__((aligned(4096)));
static unsigned long worker_stack[512] __attribute__((aligned(16)));

static void worker(void)
{
    unsigned long sum = 0;
    volatile unsigned long *w = (volatile unsigned long *) WINDOW;
    for (unsigned long p = 0; p < PAGES; p++) w[p * 512] = p * 0x1001 + 7;
    for (unsigned long p = 0; p < PAGES; p++) sum += w[p * 512];
    l4_msg_regs_t m = {{0}};
    l4_threadid_t src, me = l4_myself();
    m.w[0] = (l4_umword_t) DONE;
    m.w[1] = sum;
    l4_threadid_t pager = me & ~(0x7FUL << 10);
    l4_ipc(pager, 0, (l4_umword_t) -1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src);
    for (;;) l4_ipc(L4_NIL_ID, (l4_umword_t) -1, 0, 0, L4_INVALID_ID, L4_NIL_ID, &m, &src);
}

int main(void)
{
    /* the loader maps the pool and the worker's stack in now: every fault of the worker comes here */
    for (int p = 0; p < PAGES; p++) pool[p][0] = 0;
    for (int i = 0; i < 512; i += 256) worker_stack[i] = 0;
    worker_stack[511] = 0;
    l4_threadid_t me = l4_myself();
    l4_umword_t ip = (l4_umword_t) worker, sp = (l4_umword_t) (worker_stack + 512);
    l4_threadid_t excepter = L4_INVALID_ID, pager = me;
    l4_lthread_ex_regs(1, &ip, &sp, &excepter, &pager);
    int used = 0;
    l4_msg_regs_t m = {{0}};
    l4_threadid_t src;
    l4_umword_t dope = l4_ipc(L4_NIL_ID, (l4_umword_t) -1, 1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src);
    for (;;) {
        if (dope & 0xF0) return 3;
        if ((long) m.w[0] == DONE) break;
        l4_umword_t fault = m.w[0] & ~0xFFFUL;
        if (fault < WINDOW || fault >= WINDOW + PAGES * 4096UL || used == PAGES) {
            l4_puts("pager: unexpected fault at ");
            l4_putx(m.w[0]);
            l4_puts("\n");
            return 4;
        }
        m.w[0] = fault;                                                   /* send base */
        m.w[1] = (l4_umword_t) pool[used++] | (12UL << 2) | 2;            /* fpage: 4 KiB, writable */
        dope = l4_ipc(src, 2, 1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src);
    }
    l4_puts("pager: served ");
    l4_putu(used);
    l4_puts(" faults, checksum ");
    l4_putu(m.w[1]);
    l4_puts("\n");
    return 0;
}
