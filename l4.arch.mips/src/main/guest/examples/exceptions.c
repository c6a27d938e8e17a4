/*
 * Exceptions in guest code: lthread 1 raises a breakpoint, an address error (unaligned ld), a trap
 * (teq) and an integer overflow (add); lthread 0, its excepter, receives each exception IPC
 * (w0 Cause, w1 EPC, w2 BadVAddr), prints it, and moves the worker past the instruction with
 * lthread_ex_regs.
 */
#include "loader.h"

#define DONE (-100L)

static unsigned long worker_stack[512] __attribute__((aligned(16)));
static unsigned long data[2];

static void worker(void)
{
    long r;
    __asm__ volatile("break 7");
    __asm__ volatile("ld %0, 0(%1)" : "=r"(r) : "r"((char *) data + 4));
    __asm__ volatile("teq $0, $0");
    __asm__ volatile("add %0, %1, %1" : "=r"(r) : "r"(0x7FFFFFFFL));
    l4_msg_regs_t m = {{0}};
    l4_threadid_t src, me = l4_myself();
    m.w[0] = (l4_umword_t) DONE;
    l4_ipc(me & ~(0x7FUL << 10), 0, (l4_umword_t) -1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src);
    for (;;) l4_ipc(L4_NIL_ID, (l4_umword_t) -1, 0, 0, L4_INVALID_ID, L4_NIL_ID, &m, &src);
}

static const char *name(unsigned code)
{
    switch (code) {
    case 4: return "AdEL";
    case 5: return "AdES";
    case 9: return "Bp";
    case 12: return "Ov";
    case 13: return "Tr";
    default: return "other";
    }
}

int main(void)
{
    l4_threadid_t me = l4_myself();
    l4_umword_t ip = (l4_umword_t) worker, sp = (l4_umword_t) (worker_stack + 512);
    l4_threadid_t excepter = me, pager = L4_INVALID_ID;
    l4_lthread_ex_regs(1, &ip, &sp, &excepter, &pager);
    int count = 0;
    for (;;) {
        l4_msg_regs_t m = {{0}};
        l4_threadid_t src;
        if (l4_ipc(L4_NIL_ID, (l4_umword_t) -1, 1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src) & 0xF0) return 3;
        if ((long) m.w[0] == DONE) break;
        unsigned code = (unsigned) (m.w[0] >> 2) & 0x1F;
        l4_puts("exception ");
        l4_puts(name(code));
        l4_puts(" (ExcCode ");
        l4_putu(code);
        l4_puts(") at ");
        l4_putx(m.w[1]);
        if (code == 4 || code == 5) {
            l4_puts(", BadVAddr ");
            l4_putx(m.w[2]);
        }
        l4_puts("\n");
        count++;
        ip = m.w[1] + 4;
        sp = (l4_umword_t) -1;
        excepter = L4_INVALID_ID;
        pager = L4_INVALID_ID;
        l4_lthread_ex_regs(1, &ip, &sp, &excepter, &pager);
    }
    l4_puts("exceptions taken: ");
    l4_putu(count);
    l4_puts("\n");
    return count == 4 ? 0 : 1;
}
