package l4.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Version 2 system-call binding for Java user programs, mirroring the C binding. Each call
 * loads the architecture's registers per its ABI and traps into the kernel; results come back
 * the same way. Arguments are checked by the kernel, not here: bad input gets the documented
 * error code, never an exception from the kernel.
 */
@ProviderType
public interface L4 {

    // ---- who and where -------------------------------------------------------------------

    ThreadId myself();

    /** Architecture name, {@code ix86} or {@code mips}. */
    String architecture();

    /** Message words carried in registers: 2 on ix86, 8 on MIPS. */
    int messageRegisters();

    /** Bytes per machine word: 4 on ix86, 8 on MIPS. */
    int wordBytes();

    /** This thread's view of its task's address space. */
    UserMemory memory();

    /**
     * Registers {@code body} in the machine's code image and returns its entry address, usable as
     * the IP of lthread_ex_regs and task_new. The same body object always gets the same address.
     */
    long codeAddress(ThreadBody body);

    /** Simulated time since boot in µs (the kernel clock of the info page). */
    long clockMicros();

    /** The thread's stack pointer register (set by lthread_ex_regs; exception frames are pushed below it on ix86). */
    long stackPointer();

    /**
     * The kernel-emulated LIDT of ix86: installs this thread's interrupt vector table, an array
     * of {@code vectors} code addresses (words) at {@code base} in user memory. Exceptions are
     * then reflected to the handler of their vector with EFLAGS, CS, EIP (and an error code for
     * some vectors) pushed onto the user stack. Returns false on architectures that report
     * exceptions to an excepter instead (MIPS).
     */
    boolean loadVectorTable(long base, int vectors);

    /**
     * Executes a breakpoint instruction (MIPS {@code break}, ix86 {@code int3}): an exception, which
     * MIPS sends to the excepter (Cause.ExcCode Bp = 9) and ix86 reflects through vector 3.
     */
    void breakpoint();

    /**
     * Executes an instruction of coprocessor {@code unit} (0–3). L4/MIPS runs user threads with
     * the coprocessors unusable: the excepter gets a CpU exception (ExcCode 11, Cause.CE = unit).
     * On ix86 user code may use the FPU (the kernel switches it lazily), so nothing happens.
     */
    void coprocessor(int unit);

    /** Simulates {@code cycles} of user computation (advances the clock; may be preempted). */
    void compute(long cycles);

    // ---- ix86 I/O ports (the in and out instructions) ------------------------------------

    /**
     * {@code in}: reads {@code width} bytes (1, 2 or 4) from I/O port {@code port}. The task must
     * hold the ports {@code port .. port+width-1}; a missing one is an I/O fault: the kernel sends
     * the thread's pager w0 = {@code IoFpage.of(missing, 0).encode()}, w1 = IP, and retries after
     * the reply. A port no device decodes reads as all ones. Without I/O ports (MIPS), a bad
     * width or port, or a fault nobody resolves (no pager), the thread gets an exception.
     */
    long ioRead(int port, int width);

    /** {@code out}: writes the low {@code width} bytes of {@code value} to I/O port {@code port}; rules as {@link #ioRead}. */
    void ioWrite(int port, int width, long value);

    // ---- the raw ipc call ------------------------------------------------------------------

    /**
     * The full ipc system call. {@code words} holds the outgoing register words (missing words
     * are 0); {@code receiveFrom} names the partner of a closed receive (nil: as the descriptor's
     * o bit says); {@code virtualSender} is used only when the send descriptor has d set.
     */
    IpcResult ipc(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor,
                  ThreadId receiveFrom, ThreadId virtualSender, Timeout timeout);

    /**
     * The full ipc system call as {@link #ipc(ThreadId, long, long[], long, ThreadId, ThreadId, Timeout)},
     * its outcome written into {@code into} instead of a new {@link IpcResult}: the loop of a
     * client or server that keeps one {@link IpcResultBuffer} allocates nothing per IPC. {@code words}
     * may be {@code into}'s own words ({@link IpcResultBuffer#copyWords}): they are read before the
     * outcome is written. Returns {@code into}.
     */
    default IpcResultBuffer ipc(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor,
                           ThreadId receiveFrom, ThreadId virtualSender, Timeout timeout, IpcResultBuffer into) {
        return into.set(ipc(dest, sendDescriptor, words, receiveDescriptor, receiveFrom, virtualSender, timeout));
    }

    // ---- the C binding's variants ----------------------------------------------------------

    /** {@link #call(ThreadId, long[], Timeout)} with its outcome in {@code into}. */
    default IpcResultBuffer call(ThreadId dest, long[] words, Timeout timeout, IpcResultBuffer into) {
        return ipc(dest, IpcDescriptor.registers(), words, IpcDescriptor.registers(), dest, ThreadId.NIL, timeout, into);
    }

    /** {@link #replyAndWait(ThreadId, long[], Timeout)} with its outcome in {@code into}. */
    default IpcResultBuffer replyAndWait(ThreadId dest, long[] words, Timeout timeout, IpcResultBuffer into) {
        return ipc(dest, IpcDescriptor.registers(), words, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, timeout, into);
    }

    /** {@link #waitAny(Timeout)} with its outcome in {@code into}. */
    default IpcResultBuffer waitAny(Timeout timeout, IpcResultBuffer into) {
        return ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, timeout, into);
    }


    default IpcResult call(ThreadId dest, long[] words, Timeout timeout) {
        return ipc(dest, IpcDescriptor.registers(), words, IpcDescriptor.registers(), dest, ThreadId.NIL, timeout);
    }

    default IpcResult call(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor, Timeout timeout) {
        return ipc(dest, sendDescriptor, words, receiveDescriptor, dest, ThreadId.NIL, timeout);
    }

    default IpcResult replyAndWait(ThreadId dest, long[] words, Timeout timeout) {
        return ipc(dest, IpcDescriptor.registers(), words, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, timeout);
    }

    default IpcResult replyAndWait(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor, Timeout timeout) {
        return ipc(dest, sendDescriptor, words, receiveDescriptor | IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, timeout);
    }

    default IpcResult send(ThreadId dest, long[] words, Timeout timeout) {
        return ipc(dest, IpcDescriptor.registers(), words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL, timeout);
    }

    default IpcResult send(ThreadId dest, long sendDescriptor, long[] words, Timeout timeout) {
        return ipc(dest, sendDescriptor, words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL, timeout);
    }

    /** A deceiving send: claims {@code virtualSender} as the source (chiefs only, checked). */
    default IpcResult sendDeceiving(ThreadId dest, ThreadId virtualSender, long[] words, Timeout timeout) {
        return ipc(dest, IpcDescriptor.DECEIVE, words, IpcDescriptor.NIL, ThreadId.NIL, virtualSender, timeout);
    }

    default IpcResult receive(ThreadId from, Timeout timeout) {
        return ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], IpcDescriptor.registers(), from, ThreadId.NIL, timeout);
    }

    default IpcResult receive(ThreadId from, long receiveDescriptor, Timeout timeout) {
        return ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], receiveDescriptor & ~IpcDescriptor.OPEN, from, ThreadId.NIL, timeout);
    }

    default IpcResult waitAny(Timeout timeout) {
        return ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, timeout);
    }

    default IpcResult waitAny(long receiveDescriptor, Timeout timeout) {
        return ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], receiveDescriptor | IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, timeout);
    }

    /** Receive from the invalid id: nothing can arrive, so this returns 0x20 after the timeout. */
    default IpcResult sleep(long micros) {
        return receive(ThreadId.INVALID, Timeout.receive(micros));
    }

    // ---- the other six system calls --------------------------------------------------------

    Nearest idNearest(ThreadId dest);

    /**
     * The raw call: mask bit 1 (w) = 1 flushes, 0 downgrades to read-only; the top bit of the
     * machine word (f) = 1 also affects the caller's own pages.
     */
    void fpageUnmap(long fpageWord, long mask);

    /** Flushes ({@code flush}) or downgrades everything derived from {@code fpage}; {@code includeOwn} also the own pages. */
    default void fpageUnmap(Fpage fpage, boolean flush, boolean includeOwn) {
        long mask = (flush ? 2L : 0L) | (includeOwn ? 1L << (wordBytes() * 8 - 1) : 0L);
        fpageUnmap(fpage.encode(), mask);
    }

    /** Revokes what was passed on of the ports of {@code fpage} (ix86), recursively; {@code includeOwn} also the own access. */
    default void fpageUnmap(IoFpage fpage, boolean includeOwn) {
        fpageUnmap(fpage.encode(), 2L | (includeOwn ? 1L << (wordBytes() * 8 - 1) : 0L));
    }

    /** nil: yield; a ready thread receives the rest of this thread's time slice. */
    void threadSwitch(ThreadId dest);

    Schedule threadSchedule(ThreadId dest, long param, ThreadId externalPreempter);

    /**
     * Reads and writes a thread of the own task. -1 leaves IP/SP unchanged, {@link ThreadId#INVALID}
     * leaves pager/excepter unchanged. Returns the old values.
     */
    ExRegs lthreadExRegs(int lthread, long ip, long sp, ThreadId pager, ThreadId excepter);

    /**
     * Creates (or kills and replaces) the task of {@code dest}. A non-nil pager creates an active
     * task starting at ip/sp; a nil pager leaves it inactive with {@code mcpOrNewChief} as chief.
     * Returns the new task id, or nil when refused.
     */
    ThreadId taskNew(ThreadId dest, long mcpOrNewChief, long sp, long ip, ThreadId pager, ThreadId excepter);
}
