/*
 * The L4 ping-pong in guest code: lthread 0 calls lthread 1 of its own task, which replies and
 * waits, with short register IPC. argv: [ROUNDS [WARMUP]] (default 10000 and 1000). The measured
 * rounds lie between the loader marks 1 and 2 (simulated cycles, guest instructions, host time).
 */
#include "loader.h"

static unsigned long pong_stack[512] __attribute__((aligned(16)));

static void pong(void)
{
    l4_msg_regs_t m = {{0}};
    l4_threadid_t src;
    l4_umword_t dope = l4_ipc(L4_NIL_ID, (l4_umword_t) -1, 1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src);
    for (;;) {
        if (dope & 0xF0) dope = l4_ipc(L4_NIL_ID, (l4_umword_t) -1, 1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src);
        else dope = l4_ipc(src, 0, 1, 0, L4_NIL_ID, L4_NIL_ID, &m, &src);
    }
}

static unsigned long number(const char *s, unsigned long dflt)
{
    unsigned long v = 0;
    if (!s || !*s) return dflt;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return dflt;
        v = v * 10 + (unsigned long) (*s - '0');
    }
    return v;
}

int main(int argc, char **argv)
{
    unsigned long rounds = number(argc > 1 ? argv[1] : 0, 10000);
    unsigned long warmup = number(argc > 2 ? argv[2] : 0, 1000);
    l4_threadid_t me = l4_myself();
    l4_threadid_t partner = (me & ~(0x7FUL << 10)) | (1UL << 10);
    l4_umword_t ip = (l4_umword_t) pong, sp = (l4_umword_t) (pong_stack + 512);
    l4_threadid_t excepter = L4_INVALID_ID, pager = L4_INVALID_ID;
    l4_lthread_ex_regs(1, &ip, &sp, &excepter, &pager);
    l4_msg_regs_t m = {{0}};
    l4_threadid_t src;
    for (unsigned long i = 0; i < warmup; i++) {
        if (l4_ipc(partner, 0, 0, 0, partner, L4_NIL_ID, &m, &src) & 0xF0) return 1;
    }
    l4_mark(1);
    for (unsigned long i = 0; i < rounds; i++) {
        m.w[0] = i;
        if (l4_ipc(partner, 0, 0, 0, partner, L4_NIL_ID, &m, &src) & 0xF0) return 1;
        if (m.w[0] != i) return 2;
    }
    l4_mark(2);
    l4_puts("round trips: ");
    l4_putu(rounds);
    l4_puts("\n");
    return 0;
}
