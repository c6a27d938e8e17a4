package l4.api;

/**
 * Marking a thread <em>alien</em>: every {@code syscall} and every other exception of an alien
 * thread is reflected to its excepter as an exception IPC instead of being executed, the door
 * through which a personality server (L4Linux) receives its processes' system calls. The bits
 * follow Fiasco's L4 V2 binding ({@code l4sys/include/L4API-l4v2/syscalls_gen.h}):
 * task_new's flag in the top bit of the 32-bit mcp word, lthread_ex_regs' flag in bit 29 of
 * the lthread word. Fiasco clears the mark only by an ex_regs without its bit from another
 * task; V2's lthread_ex_regs reaches only the own task, so clearing is a bit of its own here.
 * The mark matters to threads that run guest code (a Java body has no {@code syscall}
 * instruction to reflect); Java threads keep it.
 */
public final class AlienFlags {
    /** task_new, in the mcp word (active tasks only): the new task's lthread 0 starts alien. */
    public static final long TASK_NEW_ALIEN = 1L << 31;

    /** lthread_ex_regs, in the lthread word: mark the thread alien. */
    public static final long EX_REGS_ALIEN = 1L << 29;

    /** lthread_ex_regs, in the lthread word: remove the alien mark (wins over {@link #EX_REGS_ALIEN}). */
    public static final long EX_REGS_NO_ALIEN = 1L << 27;

    /** Every flag bit lthread_ex_regs accepts in its lthread word. */
    public static final long EX_REGS_FLAGS = EX_REGS_ALIEN | EX_REGS_NO_ALIEN;

    /**
     * In the old flags word lthread_ex_regs returns where its ABI has one (ix86: EFLAGS, whose
     * bit 29 the CPU keeps 0): the thread was alien. MIPS's lthread_ex_regs returns no flags word.
     */
    public static final long OLD_FLAGS_ALIEN = 1L << 29;

    private AlienFlags() {}
}
