package l4.linuxserver.sys;

import java.util.ArrayList;
import java.util.List;

import l4.linuxserver.fs.Directory;
import l4.linuxserver.mm.AddressSpace;

/**
 * A Linux task as the layer keeps it (Linux's task_struct): a thread with its id, register frame,
 * signal mask and pending signals, in a thread group whose leader is the process (the pid is the
 * leader's id). Threads of a group (CLONE_THREAD) share the leader's memory, file descriptors,
 * signal actions and interval timers; wait4 sees only leaders, and a leader is reported once the
 * last thread of its group has gone.
 */
public final class Process {
    public enum State { RUNNABLE, BLOCKED, STOPPED, ZOMBIE, DEAD }

    /** The task id (gettid); a leader's is the process id. */
    public final int pid;
    /** The thread-group leader: this task for a process, the creating process's leader for a thread. */
    public Process leader = this;
    /** The leader's other threads, alive (on the leader only). */
    public final List<Process> threads = new ArrayList<>();
    public Process parent;
    public final List<Process> children = new ArrayList<>();
    public int pgid;
    public int sid;
    public int uid, euid, suid, gid, egid, sgid;
    public int umask = 022;
    /**
     * The resource limits, soft and hard (RLIMIT_*: 2n, 2n + 1; -1 is RLIM_INFINITY), as Linux's
     * INIT_RLIMITS gives them to init; a process's are its leader's (signal_struct).
     */
    long[] rlimits = defaultLimits();

    static final int RLIMIT_FSIZE = 1, RLIMIT_STACK = 3, RLIMIT_CORE = 4, RLIMIT_NOFILE = 7, RLIM_NLIMITS = 16;

    private static long[] defaultLimits() {
        long[] l = new long[2 * RLIM_NLIMITS];
        java.util.Arrays.fill(l, -1);
        l[2 * RLIMIT_STACK] = 8L << 20;
        l[2 * RLIMIT_CORE] = 0; // no core files are written: the hard limit is 0 too
        l[2 * RLIMIT_CORE + 1] = 0;
        l[2 * RLIMIT_NOFILE] = 1024; // INR_OPEN_CUR
        l[2 * RLIMIT_NOFILE + 1] = 4096; // INR_OPEN_MAX
        return l;
    }
    public Directory cwd;
    /** The root its paths start from (chroot), shared with its threads as the working directory is. */
    public Directory root;
    public FdTable fds;
    public AddressSpace memory;
    public UserContext context;
    public State state = State.RUNNABLE;
    /** Linux's wait status once a zombie (exit code << 8, or the signal). */
    public int waitStatus;
    /** A stop or continue not yet reported to wait4: the status word, or -1. */
    public int stopReport = -1;
    public SigAction[] actions;
    public long blocked0, blocked1;
    public long pending0, pending1;
    /**
     * Of {@code pending}, the signals sent to the process (kill) that this thread was picked to
     * take: if it blocks one or ends before it takes it, another thread takes it instead.
     */
    long forProcess0, forProcess1;
    /**
     * Signals sent to the process that no thread could take when they came (every thread blocked
     * them), on the leader: Linux's shared pending set, which the first thread to unblock one takes.
     */
    public long sharedPending0, sharedPending1;
    /**
     * The siginfo of each pending signal, by number: the first sender's, as a standard signal
     * sent again while pending is not queued. On the leader, also those of the shared set.
     */
    final LinuxAbi.SignalInfo[] pendingInfo;
    final LinuxAbi.SignalInfo[] sharedInfo;
    /** Saved mask of rt_sigsuspend, restored by the handler's sigreturn. */
    public long[] suspendMask;
    public long clearChildTid;
    /** The simulated time (ns) a sleeping call waits for, or -1. */
    public long sleepUntil = -1;
    /**
     * While rt_sigtimedwait waits: the signals it waits for. The call takes them itself when they
     * come, so they are neither delivered nor do they interrupt it (Linux unblocks them for the
     * wait and dequeues them on waking).
     */
    public boolean sigwaiting;
    /** An open of a FIFO that waits for its partner: the end it holds (counted already) and what it waits for, or null. */
    FifoOpening fifoOpening;

    /** A FIFO open in progress: its file, the side it waits for, and that side's opens when it began. */
    record FifoOpening(l4.linuxserver.fs.Fifo fifo, OpenFile file, boolean waitsForReader, long partnerOpensSeen) {
        boolean partnerCame() {
            return fifo.opens(waitsForReader) != partnerOpensSeen;
        }
    }
    public long sigwait0, sigwait1;
    /** The blocked call ends in EINTR when a handler runs, whatever SA_RESTART says (poll, select, sleeps). */
    public boolean neverRestart;
    /** A leader whose own thread has exited while other threads of its process run. */
    public boolean threadGone;
    /** Where an interrupted nanosleep writes the time left (0: nowhere). */
    public long sleepRemainAddress;
    /** The futex this thread waits on, or null; {@code futexWoken} once a wake picked it. */
    public Object futexKey;
    public int futexBitset;
    public boolean futexWoken;
    /** Interval timers (on the leader): ITIMER_REAL by simulated time, VIRTUAL and PROF by CPU time. */
    public final IntervalTimer[] timers = {new IntervalTimer(), new IntervalTimer(), new IntervalTimer()};
    /** CPU time (ns) this thread used in user and in system mode (CLOCK_THREAD_CPUTIME_ID, RUSAGE_THREAD). */
    public long userNanos, systemNanos;
    /**
     * CPU time (ns, on the leader) of every thread of the group, ended ones too: times,
     * getrusage, /proc/PID/stat, CLOCK_PROCESS_CPUTIME_ID; ITIMER_VIRTUAL counts the user part,
     * ITIMER_PROF both.
     */
    public long groupUserNanos, groupSystemNanos;
    /** CPU time (ns, on the leader) of the children waited for, with that of their own (cutime, cstime). */
    public long childUserNanos, childSystemNanos;
    /**
     * The leader whose place this thread took by execve (Linux's de_thread), or null: this task
     * has ended, and whoever runs the thread goes on running it as the successor.
     */
    public Process successor;
    /** The parent of a CLONE_VFORK child waits until this child execs or exits. */
    public Process vforkParent;
    public boolean vforkWaiting;
    public List<String> argv = List.of();
    public String comm = "";
    public String exe = "";
    public long startTime;
    public long systemCalls;

    Process(int pid, int signalCount) {
        this.pid = pid;
        this.actions = new SigAction[signalCount + 1];
        this.pendingInfo = new LinuxAbi.SignalInfo[signalCount + 1];
        this.sharedInfo = new LinuxAbi.SignalInfo[signalCount + 1];
        java.util.Arrays.fill(actions, SigAction.DEFAULT);
    }

    public boolean isLeader() {
        return leader == this;
    }

    /** The process id (getpid): the leader's task id. */
    public int tgid() {
        return leader.pid;
    }

    public boolean alive() {
        return state != State.ZOMBIE && state != State.DEAD;
    }

    static boolean bit(long w0, long w1, int sig) {
        int b = sig - 1;
        return b < 64 ? (w0 >>> b & 1) != 0 : (w1 >>> (b - 64) & 1) != 0;
    }

    public boolean isBlocked(int sig) {
        return bit(blocked0, blocked1, sig);
    }

    public boolean isPending(int sig) {
        return bit(pending0, pending1, sig);
    }

    void setPending(int sig, boolean on) {
        int b = sig - 1;
        if (b < 64) pending0 = on ? pending0 | 1L << b : pending0 & ~(1L << b);
        else pending1 = on ? pending1 | 1L << (b - 64) : pending1 & ~(1L << (b - 64));
        if (!on) setForProcess(sig, false);
    }

    /** Whether pending {@code sig} was sent to the process, not to this thread. */
    boolean isForProcess(int sig) {
        return bit(forProcess0, forProcess1, sig);
    }

    void setForProcess(int sig, boolean on) {
        int b = sig - 1;
        if (b < 64) forProcess0 = on ? forProcess0 | 1L << b : forProcess0 & ~(1L << b);
        else forProcess1 = on ? forProcess1 | 1L << (b - 64) : forProcess1 & ~(1L << (b - 64));
    }

    /** Whether {@code sig} waits in the process's shared pending set (on the leader). */
    public boolean isSharedPending(int sig) {
        return bit(leader.sharedPending0, leader.sharedPending1, sig);
    }

    void setSharedPending(int sig, boolean on) {
        Process l = leader;
        int b = sig - 1;
        if (b < 64) l.sharedPending0 = on ? l.sharedPending0 | 1L << b : l.sharedPending0 & ~(1L << b);
        else l.sharedPending1 = on ? l.sharedPending1 | 1L << (b - 64) : l.sharedPending1 & ~(1L << (b - 64));
    }

    /** One interval timer: the time it next expires (simulated or CPU ns; -1 disarmed) and its period. */
    public static final class IntervalTimer {
        public long expires = -1;
        public long interval;
    }

    @Override
    public String toString() {
        return pid + " " + comm;
    }

    /** What a new process or thread takes from {@code from}: process group, session, user and group ids, umask. */
    void inheritGroupAndIds(Process from) {
        pgid = from.pgid;
        sid = from.sid;
        uid = from.uid;
        euid = from.euid;
        suid = from.suid;
        gid = from.gid;
        egid = from.egid;
        sgid = from.sgid;
        umask = from.umask;
        rlimits = from.leader.rlimits.clone();
    }
}
