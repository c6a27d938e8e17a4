/*
 * The seven L4 V2 system calls for guest C programs on the simulated MIPS machine (n64 ABI,
 * 64-bit registers), as inline assembly stubs. The ABI is the simulator's L4/MIPS one
 * (l4.arch.mips.MipsSyscallAbi): the call number in AT ($1), then `syscall`; parameters and
 * results in the registers named per call below; the eight message words in s0..s7.
 */
#ifndef L4_H
#define L4_H

typedef unsigned long l4_umword_t;
typedef l4_umword_t l4_threadid_t;   /* the 64-bit V2 thread id */
typedef l4_umword_t l4_fpage_t;
typedef l4_umword_t l4_timeout_t;

#define L4_NIL_ID ((l4_threadid_t) 0)
#define L4_INVALID_ID ((l4_threadid_t) -1)

#define L4_TRAP_IPC 0
#define L4_TRAP_FPAGE_UNMAP 1
#define L4_TRAP_ID_NEAREST 2
#define L4_TRAP_THREAD_SWITCH 4
#define L4_TRAP_THREAD_SCHEDULE 5
#define L4_TRAP_LTHREAD_EX_REGS 6
#define L4_TRAP_TASK_NEW 7

/*
 * Alien threads (l4.api.AlienFlags; bits as Fiasco's V2 binding): every syscall and exception of
 * an alien thread goes to its excepter as an exception IPC with the whole register frame
 * (l4.api.mips.ExceptionFrame: w0 Cause, w1 EPC, w2 BadVAddr, w3 72; the 72-word frame as the
 * memory part). task_new: L4_TASK_NEW_ALIEN in mcp_or_chief; lthread_ex_regs: in the lthread word.
 */
#define L4_TASK_NEW_ALIEN (1UL << 31)
#define L4_THREAD_EX_REGS_ALIEN (1UL << 29)
#define L4_THREAD_EX_REGS_NO_ALIEN (1UL << 27)

/* Registers the kernel may change besides the results (the L4/MIPS stubs save nothing else). */
#define L4_CLOBBERS "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory"

/* The eight message words carried in registers (s0..s7). */
typedef struct { l4_umword_t w[8]; } l4_msg_regs_t;

/*
 * ipc: a0 send descriptor, a1 receive descriptor, a2 timeouts, a4 destination, a5 closed-receive
 * partner, a6 virtual sender (deceiving); out v0 message dope and condition code, v1 source,
 * a4 intended destination; s0..s7 the message words both ways. A register-only message carries
 * the eight words; timeouts 0 = all infinite.
 */
static inline l4_umword_t l4_ipc(l4_threadid_t dest, l4_umword_t snd_desc, l4_umword_t rcv_desc,
                                 l4_timeout_t timeouts, l4_threadid_t wait_for, l4_threadid_t virtual_sender,
                                 l4_msg_regs_t *msg, l4_threadid_t *source)
{
    register l4_umword_t at __asm__("$1") = L4_TRAP_IPC;
    register l4_umword_t v0 __asm__("$2");
    register l4_umword_t v1 __asm__("$3");
    register l4_umword_t a0 __asm__("$4") = snd_desc;
    register l4_umword_t a1 __asm__("$5") = rcv_desc;
    register l4_umword_t a2 __asm__("$6") = timeouts;
    register l4_umword_t a4 __asm__("$8") = dest;
    register l4_umword_t a5 __asm__("$9") = wait_for;
    register l4_umword_t a6 __asm__("$10") = virtual_sender;
    register l4_umword_t s0 __asm__("$16") = msg->w[0];
    register l4_umword_t s1 __asm__("$17") = msg->w[1];
    register l4_umword_t s2 __asm__("$18") = msg->w[2];
    register l4_umword_t s3 __asm__("$19") = msg->w[3];
    register l4_umword_t s4 __asm__("$20") = msg->w[4];
    register l4_umword_t s5 __asm__("$21") = msg->w[5];
    register l4_umword_t s6 __asm__("$22") = msg->w[6];
    register l4_umword_t s7 __asm__("$23") = msg->w[7];
    /* the kernel writes v0, v1, a4 and s0..s7 only (MipsSyscallAbi), so the rest are inputs */
    __asm__ volatile("syscall"
                     : "=r"(v0), "=r"(v1), "+r"(a4),
                       "+r"(s0), "+r"(s1), "+r"(s2), "+r"(s3), "+r"(s4), "+r"(s5), "+r"(s6), "+r"(s7)
                     : "r"(at), "r"(a0), "r"(a1), "r"(a2), "r"(a5), "r"(a6)
                     : L4_CLOBBERS);
    msg->w[0] = s0; msg->w[1] = s1; msg->w[2] = s2; msg->w[3] = s3;
    msg->w[4] = s4; msg->w[5] = s5; msg->w[6] = s6; msg->w[7] = s7;
    if (source) *source = v1;
    return v0;
}

/* fpage_unmap: a0 fpage, a1 map mask. */
static inline void l4_fpage_unmap(l4_fpage_t fpage, l4_umword_t map_mask)
{
    register l4_umword_t at __asm__("$1") = L4_TRAP_FPAGE_UNMAP;
    register l4_umword_t a0 __asm__("$4") = fpage;
    register l4_umword_t a1 __asm__("$5") = map_mask;
    __asm__ volatile("syscall" : "+r"(at), "+r"(a0), "+r"(a1) : : "$2", "$3", L4_CLOBBERS);
}

/* id_nearest: a0 destination (nil: myself); out v0 type, v1 the nearest partner. */
static inline l4_threadid_t l4_id_nearest(l4_threadid_t dest, l4_umword_t *type)
{
    register l4_umword_t at __asm__("$1") = L4_TRAP_ID_NEAREST;
    register l4_umword_t v0 __asm__("$2");
    register l4_umword_t v1 __asm__("$3");
    register l4_umword_t a0 __asm__("$4") = dest;
    __asm__ volatile("syscall" : "=r"(v0), "=r"(v1), "+r"(at), "+r"(a0) : : L4_CLOBBERS);
    if (type) *type = v0;
    return v1;
}

/* thread_switch: a0 destination (nil: just give up the time slice). */
static inline void l4_thread_switch(l4_threadid_t dest)
{
    register l4_umword_t at __asm__("$1") = L4_TRAP_THREAD_SWITCH;
    register l4_umword_t a0 __asm__("$4") = dest;
    __asm__ volatile("syscall" : "+r"(at), "+r"(a0) : : "$2", "$3", L4_CLOBBERS);
}

/*
 * thread_schedule: a0 destination, a1 parameter word, a2 external preempter; out a1 old
 * parameter, a2 old preempter, a3 partner, v0 CPU time (48 bits, us) and wakeup time (m:8 e:4).
 */
static inline l4_umword_t l4_thread_schedule(l4_threadid_t dest, l4_umword_t param, l4_threadid_t ext_preempter,
                                             l4_umword_t *old_param, l4_threadid_t *old_preempter,
                                             l4_threadid_t *partner)
{
    register l4_umword_t at __asm__("$1") = L4_TRAP_THREAD_SCHEDULE;
    register l4_umword_t v0 __asm__("$2");
    register l4_umword_t a0 __asm__("$4") = dest;
    register l4_umword_t a1 __asm__("$5") = param;
    register l4_umword_t a2 __asm__("$6") = ext_preempter;
    register l4_umword_t a3 __asm__("$7");
    __asm__ volatile("syscall" : "=r"(v0), "=r"(a3), "+r"(at), "+r"(a0), "+r"(a1), "+r"(a2) : : "$3", L4_CLOBBERS);
    if (old_param) *old_param = a1;
    if (old_preempter) *old_preempter = a2;
    if (partner) *partner = a3;
    return v0;
}

/* lthread_ex_regs: a0 lthread, a1 ip, a2 sp, a3 excepter, a4 pager; out the old values in place. */
static inline void l4_lthread_ex_regs(l4_umword_t lthread, l4_umword_t *ip, l4_umword_t *sp,
                                      l4_threadid_t *excepter, l4_threadid_t *pager)
{
    register l4_umword_t at __asm__("$1") = L4_TRAP_LTHREAD_EX_REGS;
    register l4_umword_t a0 __asm__("$4") = lthread;
    register l4_umword_t a1 __asm__("$5") = *ip;
    register l4_umword_t a2 __asm__("$6") = *sp;
    register l4_umword_t a3 __asm__("$7") = *excepter;
    register l4_umword_t a4 __asm__("$8") = *pager;
    __asm__ volatile("syscall" : "+r"(at), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4) : : "$2", "$3", L4_CLOBBERS);
    *ip = a1; *sp = a2; *excepter = a3; *pager = a4;
}

/*
 * task_new: a0 ip, a1 pager, a2 sp, a3 task id, a4 mcp (or the new chief), a5 excepter; out v0
 * the new task's id (nil on failure).
 */
static inline l4_threadid_t l4_task_new(l4_threadid_t task, l4_umword_t mcp_or_chief, l4_umword_t sp,
                                        l4_umword_t ip, l4_threadid_t pager, l4_threadid_t excepter)
{
    register l4_umword_t at __asm__("$1") = L4_TRAP_TASK_NEW;
    register l4_umword_t v0 __asm__("$2");
    register l4_umword_t a0 __asm__("$4") = ip;
    register l4_umword_t a1 __asm__("$5") = pager;
    register l4_umword_t a2 __asm__("$6") = sp;
    register l4_umword_t a3 __asm__("$7") = task;
    register l4_umword_t a4 __asm__("$8") = mcp_or_chief;
    register l4_umword_t a5 __asm__("$9") = excepter;
    __asm__ volatile("syscall" : "=r"(v0), "+r"(at), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5)
                     : : "$3", L4_CLOBBERS);
    return v0;
}

#endif
