package l4.linuxserver.sys;

import l4.linuxserver.fs.Termios;
import l4.linuxserver.mm.AddressSpace;

/**
 * Everything about Linux that depends on the ABI: system-call numbers, errno and signal numbers,
 * flag encodings, the layouts of stat, sigaction, termios and the signal frame, the register
 * convention of a system call and the address-space layout. The layer is written against this;
 * the MIPS n64 ABI is one implementation, an i386 one can be another.
 */
public interface LinuxAbi {
    /** Signals the layer must name (the rest are numbers it passes through). */
    enum Sig { HUP, INT, QUIT, ILL, TRAP, ABRT, BUS, FPE, KILL, SEGV, PIPE, ALRM, TERM, CHLD, CONT, STOP, TSTP, TTIN, TTOU, SYS, USR1, USR2, WINCH, URG, VTALRM, PROF, XCPU, XFSZ }

    /** ioctl requests the layer answers. */
    enum Ioctl { TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGPGRP, TIOCSPGRP, TIOCGWINSZ, TIOCSWINSZ, FIONREAD, FIONBIO, TIOCSCTTY, TIOCNOTTY, TIOCGSID }

    String name();

    /** "Linux" uname machine, e.g. mips64. */
    String machine();

    Call call(long number);

    /** The table's name for a number (for the ENOSYS log line), or null. */
    String callName(long number);

    int errno(Errno e);

    int signal(Sig s);

    /** The generic RLIMIT_* number (asm-generic/resource.h) of the ABI's resource {@code n}, or -1 for no such resource. */
    int resource(long n);

    /** Highest signal number (_NSIG). */
    int signalCount();

    /** Default action of a signal number: 'T' terminate, 'C' core, 'I' ignore, 'S' stop, 'K' continue. */
    char defaultAction(int sig);

    /** open/fcntl flags: native to the asm-generic encoding and back. */
    int openFlags(int nativeFlags);

    int nativeOpenFlags(int genericFlags);

    boolean mapAnonymous(int flags);

    boolean mapFixed(int flags);

    boolean mapShared(int flags);

    Ioctl ioctl(int request);

    Termios readTermios(AddressSpace m, long address);

    void writeTermios(AddressSpace m, long address, Termios t);

    /** The fstat/newfstatat layout (statx is ABI-independent). */
    void writeStat(AddressSpace m, long address, StatInfo s);

    /** statfs's and fstatfs's struct statfs. */
    void writeStatfs(AddressSpace m, long address, StatfsInfo s);

    SigAction readSigAction(AddressSpace m, long address);

    void writeSigAction(AddressSpace m, long address, SigAction a);

    /** sigaction flags the layer acts on, in this ABI's encoding. */
    long saRestart();

    long saNodefer();

    long saResethand();

    long saNocldwait();

    /** rt_sigprocmask's how: 0 SIG_BLOCK, 1 SIG_UNBLOCK, 2 SIG_SETMASK, -1 invalid. */
    int sigmaskHow(int nativeHow);

    /** Size in bytes of the kernel's sigset_t. */
    int sigsetBytes();

    // ---- registers ----

    long argument(UserContext c, int index);

    /** Completes a system call: the result (or -errno in asm-generic numbering) and the return address. */
    void returnFromSyscall(UserContext c, long result);

    /** Whether clone takes (flags, stack, ptid, tls, ctid), Linux's CONFIG_CLONE_BACKWARDS (MIPS, i386), rather than (flags, stack, ptid, ctid, tls). */
    boolean cloneBackwards();

    /** Sets the thread pointer (set_thread_area / CLONE_SETTLS). */
    void setThreadPointer(UserContext c, long tp);

    void setStackPointer(UserContext c, long sp);

    /** A fresh register frame that starts a program at {@code entry} with {@code sp}. */
    UserContext startContext(long entry, long sp);

    /** Builds the signal frame on the user stack and points the context at the handler. */
    void pushSignalFrame(AddressSpace m, UserContext c, int sig, SigAction action, long oldMask0, long oldMask1,
            long trampoline, SignalInfo info);

    /** The siginfo of {@code info} (128 bytes) at {@code at}, laid out as in a signal frame. */
    void writeSignalInfo(AddressSpace m, long at, SignalInfo info);

    /** rt_sigreturn: restores the context from the frame at the stack pointer; returns the saved mask words. */
    long[] popSignalFrame(AddressSpace m, UserContext c);

    /**
     * The code of the page at the top of every process: the signal-return trampoline
     * (rt_sigreturn by this ABI's convention) at offset 0, and at {@link #kickOffset()} an
     * instruction that traps without touching a register (the L4 transport's entry into the server).
     */
    byte[] sigreturnTrampoline();

    int kickOffset();

    // ---- address-space layout ----

    long userLimit();

    long stackTop();

    long mmapBase();

    /** Base for a position-independent executable. */
    long pieBase();

    /** ELF e_machine accepted by execve. */
    int elfMachine();

    /** AT_HWCAP and AT_PLATFORM. */
    long hwcap();

    String platform();

    /**
     * A pending signal's siginfo, which the layer fills and the ABI lays out: the sender's or
     * child's pid and uid, a fault's address, and for SIGCHLD the child's status and its CPU times
     * in clock ticks (user, system). {@code code} is si_code: its values are the same on every
     * Linux architecture (include/uapi/asm-generic/siginfo.h).
     */
    record SignalInfo(int signo, int code, int pid, int uid, long address, int status, long userTicks, long systemTicks) {
        public static final int SI_USER = 0, SI_KERNEL = 0x80, SI_TKILL = -6;
        public static final int CLD_EXITED = 1, CLD_KILLED = 2, CLD_STOPPED = 5, CLD_CONTINUED = 6;

        /** Sent by the kernel itself (a timer, the tty): SI_KERNEL. */
        public static SignalInfo kernel(int signo) { return new SignalInfo(signo, SI_KERNEL, 0, 0, 0, 0, 0, 0); }

        /** Sent by process {@code pid} (uid 0) with kill ({@code SI_USER}) or tgkill ({@code SI_TKILL}). */
        public static SignalInfo sentBy(int signo, int code, int pid) { return new SignalInfo(signo, code, pid, 0, 0, 0, 0, 0); }
    }
}
