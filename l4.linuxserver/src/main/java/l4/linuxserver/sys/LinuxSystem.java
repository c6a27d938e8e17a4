package l4.linuxserver.sys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import l4.linuxserver.fs.DeviceNode;
import l4.linuxserver.fs.Directory;
import l4.linuxserver.fs.GeneratedFile;
import l4.linuxserver.fs.Inode;
import l4.linuxserver.fs.Pipe;
import l4.linuxserver.fs.RegularFile;
import l4.linuxserver.fs.Stream;
import l4.linuxserver.fs.Symlink;
import l4.linuxserver.fs.Termios;
import l4.linuxserver.fs.Tty;
import l4.linuxserver.fs.Vfs;
import l4.linuxserver.fs.WouldBlock;
import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.mm.FramePool;
import l4.linuxserver.mm.Vma;

/**
 * The Linux system-call layer: processes, files and signals, independent of how a call arrives
 * (a reflected exception IPC, or the co-located trap path) and of the architecture (everything
 * ABI-specific goes through {@link LinuxAbi}). {@link #syscall} runs one call to completion or
 * says that it must wait ({@link #BLOCKED}: the caller leaves the thread at its system-call
 * instruction and runs it again when something changed, which is also how Linux restarts a call
 * after a SA_RESTART handler). The layer is single-threaded: one simulated CPU calls it.
 */
public final class LinuxSystem {
    /** The call cannot complete now; nothing was changed. */
    public static final long BLOCKED = Long.MIN_VALUE;
    /** The layer has set the registers itself (execve, rt_sigreturn) or the caller is gone (exit). */
    public static final long NO_RETURN = Long.MIN_VALUE + 1;

    static final int O_ACCMODE = 3, O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000,
            O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000;
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EMPTY_PATH = 0x1000;
    static final int WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 8;
    static final int CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_VFORK = 0x4000, CLONE_THREAD = 0x10000, CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000,
            CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;

    private static final Logger LOG = LoggerFactory.getLogger(LinuxSystem.class);

    private final LinuxAbi abi;
    private final FramePool pool;
    private final LongSupplier clockNanos;
    private java.util.function.Consumer<Process> cpuClock;
    public final Vfs vfs = new Vfs();
    public final Tty console;
    private final TreeMap<Integer, Process> processes = new TreeMap<>();
    /** Where the kernel's own lines go: the console, past the tty (Linux's printk console). */
    private final java.util.function.IntConsumer kernelConsole;
    /** uname's node and domain names (sethostname, setdomainname). */
    String hostname = Calls.NODENAME, domainname = "(none)";
    /** Linux's C_A_D: whether Ctrl-Alt-Del would restart at once (reboot's CAD_ON) or signal init (CAD_OFF). */
    boolean ctrlAltDel = true;
    /** How the system went down (reboot's restart, halt or power off), or null while it runs. */
    private Reboot.Shutdown shutdown;
    private int nextPid = 1;
    /** The CPU time every thread was charged since boot, in user and in system mode (/proc/stat's cpu line). */
    private long cpuUserNanos, cpuSystemNanos;
    /** Processes at most (Linux's threads-max / RLIMIT_NPROC): clone fails with EAGAIN beyond. */
    private int maxProcesses = 256;
    private final long trampoline;
    /** What the top page holds: the trampoline, the entry, and what the transport added. */
    private byte[] topPage;
    /** Bumped whenever something a blocked call may wait for changed. */
    private long changes;
    private final List<String> unknownCalls = new ArrayList<>();
    /** System calls that failed inside the layer (a bug: logged with its stack, the caller killed). */
    private long layerFaults;
    /** Threads waiting in futex(FUTEX_WAIT), by address space and address, in arrival order. */
    private final java.util.Map<FutexKey, java.util.ArrayDeque<Process>> futexQueues = new java.util.HashMap<>();
    private java.util.function.Consumer<String> tracer;
    /** The process whose system call runs: /proc/self is its directory. */
    private Process caller;
    private final LoadAverage load = new LoadAverage();
    /** {@link #runnable}, as the load averages ask for it (one object, not one per state change). */
    private final java.util.function.IntSupplier runnableCount = this::runnable;

    public LinuxSystem(LinuxAbi abi, FramePool pool, LongSupplier clockNanos, byte[] initramfs,
            java.util.function.IntConsumer consoleOutput) {
        this.abi = abi;
        this.pool = pool;
        this.clockNanos = clockNanos;
        this.trampoline = abi.userLimit() - AddressSpace.PAGE;
        this.topPage = abi.sigreturnTrampoline();
        this.console = new Tty(consoleOutput);
        this.kernelConsole = consoleOutput;
        console.setSignalSink((group, which) -> killGroup(group,
                abi.signal(which == 0 ? LinuxAbi.Sig.INT : which == 1 ? LinuxAbi.Sig.QUIT : LinuxAbi.Sig.TSTP)));
        if (initramfs != null) vfs.unpack(initramfs);
        Directory dev = vfs.mkdirs("/dev");
        dev.link("null", new DeviceNode(0666, 1, 3, DeviceNode::nullDevice));
        dev.link("zero", new DeviceNode(0666, 1, 5, DeviceNode::zeroDevice));
        dev.link("console", new DeviceNode(0600, 5, 1, console::stream));
        dev.link("tty", new DeviceNode(0666, 5, 0, console::stream));
        vfs.mkdirs("/tmp").mode = Inode.S_IFDIR | 01777;
        Directory root = vfs.root;
        root.unlink("proc");
        root.link("proc", new ProcFs(this));
    }

    /** The node of /dev for character device {@code rdev} (major << 8 | minor), or null. */
    DeviceNode deviceNode(int rdev) {
        if (!(vfs.root.lookup("dev") instanceof Directory dev)) return null;
        for (String name : dev.names()) {
            if (dev.lookup(name) instanceof DeviceNode d && d.rdev() == rdev) return d;
        }
        return null;
    }

    /** The process whose system call runs now, or null. */
    Process caller() {
        return caller;
    }

    void caller(Process p) {
        caller = p;
    }

    /** CPU time charged since boot: user mode ({@code user}) or system mode. */
    long cpuNanos(boolean user) {
        return user ? cpuUserNanos : cpuSystemNanos;
    }

    /** The last process id given out (/proc/loadavg's last field). */
    int lastPid() {
        return nextPid - 1;
    }

    /** System calls that failed inside the layer (bugs): each was logged and its caller killed. */
    public long layerFaults() {
        return layerFaults;
    }

    /** How the system went down, or null while it runs; once set, no process is left. */
    public Reboot.Shutdown shutdown() {
        return shutdown;
    }

    /** Whether Ctrl-Alt-Del is set to restart at once (reboot's CAD_ON, the default) rather than signal init. */
    public boolean ctrlAltDel() {
        return ctrlAltDel;
    }

    /**
     * The system goes down (reboot's restart, halt or power off): the kernel's line on the
     * console, and every process ends at once, as a machine that stops or restarts ends them (no
     * signal runs, no parent is told).
     */
    void shutDown(Reboot.Shutdown how) {
        shutdown = how;
        for (byte b : (how.message() + "\r\n").getBytes(StandardCharsets.US_ASCII)) kernelConsole.accept(b & 0xFF);
        for (Process p : new ArrayList<>(processes.values())) {
            Process l = p.leader;
            if (groupOver(l)) continue;
            for (Process t : new ArrayList<>(l.threads)) endThread(t);
            releaseGroup(l, abi.signal(LinuxAbi.Sig.KILL)); // as killed: what a job that ran reports
            state(l, Process.State.DEAD);
        }
        sampleLoad();
        processes.clear();
        console.session = 0;
        console.foregroundGroup = 0;
        changes++;
    }

    /** A byte typed at the console (the serial driver's receive interrupt, a test). */
    public void consoleInput(byte b) {
        console.input(b);
        changes++;
    }

    public LinuxAbi abi() {
        return abi;
    }

    public Collection<Process> processes() {
        return processes.values();
    }

    public Process process(int pid) {
        return processes.get(pid);
    }

    /** Bumped whenever a blocked call may be able to go on. */
    public long changes() {
        return changes;
    }

    /** Traces every system call as "pid name(a0, a1, a2) = result" (like qemu's -strace), or stops with null. */
    public void setTracer(java.util.function.Consumer<String> tracer) {
        this.tracer = tracer;
    }

    /** Names of unknown system calls and of unsupported requests met (each logged once). */
    public List<String> unknownCalls() {
        return List.copyOf(unknownCalls);
    }

    /** Simulated time in ns, from the clock the transport or harness gave. */
    public long now() {
        return clockNanos.getAsLong();
    }

    /**
     * Sets a thread's state. Every change of which threads are runnable goes through here or
     * through the process table's {@link #admit}/{@link #retire}, so that the load averages first
     * take their samples due with the count that held until now.
     */
    public void state(Process t, Process.State s) {
        sampleLoad();
        t.state = s;
    }

    private void admit(Process p) {
        sampleLoad();
        processes.put(p.pid, p);
    }

    private void retire(Process p) {
        sampleLoad();
        processes.remove(p.pid);
    }

    private void sampleLoad() {
        load.advance(now(), runnableCount);
    }

    /** Threads runnable now: running guest code or about to (Linux's nr_running). */
    int runnable() {
        int n = 0;
        for (Process p : processes.values()) if (p.state == Process.State.RUNNABLE) n++;
        return n;
    }

    /** The load averages up to now (see {@link LoadAverage}). */
    LoadAverage loadAverage() {
        sampleLoad();
        return load;
    }

    // ---- process creation ----

    /**
     * Starts a process without a parent in the layer (init, or a command the shell runs): the
     * file at {@code path} with argv and envp, stdin/stdout/stderr from {@code stdio} (null: the
     * console).
     */
    public Process spawn(String path, List<String> argv, List<String> envp, OpenFile[] stdio) {
        Process p = new Process(nextPid++, abi.signalCount());
        p.pgid = p.pid;
        p.sid = p.pid;
        p.cwd = vfs.root;
        p.root = vfs.root;
        p.fds = new FdTable();
        p.memory = newSpace();
        p.startTime = now();
        for (int fd = 0; fd < 3; fd++) {
            OpenFile f = stdio != null && stdio[fd] != null ? stdio[fd] : openConsole(fd == 0 ? 0 : 1);
            f.retain();
            p.fds.installAt(fd, f, false);
        }
        admit(p);
        exec(p, path, bytes(argv), bytes(envp));
        return p;
    }

    private static List<byte[]> bytes(List<String> s) {
        List<byte[]> out = new ArrayList<>();
        for (String x : s) out.add(x.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    public OpenFile openConsole(int accessMode) {
        return new OpenFile(vfs.root, null, console.stream(), null, accessMode, "/dev/console");
    }

    /** An open file description over any stream (the co-located harness's output capture). */
    public OpenFile openStream(Stream s, int accessMode, String name) {
        return new OpenFile(new Symlink(name), null, s, null, accessMode, name);
    }

    private AddressSpace newSpace() {
        AddressSpace m = new AddressSpace(pool, abi.userLimit(), abi.mmapBase());
        return m;
    }

    /**
     * Adds {@code code} at {@code offset} of the page at the top of every process exec'd from now
     * on (the transport's own code, e.g. L4Linux's signal thread), beside the signal-return
     * trampoline and the entry, which it must leave alone.
     */
    public void extendTopPage(int offset, byte[] code) {
        byte[] base = abi.sigreturnTrampoline();
        if (offset < base.length || offset + code.length > AddressSpace.PAGE) {
            throw new IllegalArgumentException("code at " + offset + " overlaps the trampoline or leaves the page");
        }
        byte[] page = java.util.Arrays.copyOf(topPage, Math.max(topPage.length, offset + code.length));
        System.arraycopy(code, 0, page, offset, code.length);
        topPage = page;
    }

    /** The page every process has at the top of its user space: the signal-return trampoline. */
    public long trampolineAddress() {
        return trampoline;
    }

    /**
     * ENOSYS for a request Linux accepts but the layer does not do (e.g. a separate process that
     * shares its parent's memory), logged once per kind.
     */
    LinuxError unsupported(String what) {
        if (!unknownCalls.contains(what)) {
            unknownCalls.add(what);
            LOG.info("Linux: {} not supported: ENOSYS", what);
        }
        return new LinuxError(Errno.ENOSYS);
    }

    // ---- the entry ----

    /** Runs system call {@code number} for {@code p}, whose register frame holds the arguments. */
    public long syscall(Process p, long number) {
        Call call = abi.call(number);
        p.systemCalls++;
        if (call == null) {
            String name = abi.callName(number);
            String what = name != null ? name : "#" + number;
            if (!unknownCalls.contains(what)) {
                unknownCalls.add(what);
                LOG.info("Linux: system call {} ({}) not implemented: ENOSYS", what, number);
            }
            return -abi.errno(Errno.ENOSYS);
        }
        p.neverRestart = false;
        UserContext c = p.context;
        long a0 = abi.argument(c, 0), a1 = abi.argument(c, 1), a2 = abi.argument(c, 2), a3 = abi.argument(c, 3),
                a4 = abi.argument(c, 4), a5 = abi.argument(c, 5);
        long r;
        try {
            r = new Calls(this, p).dispatch(call, a0, a1, a2, a3, a4, a5);
        } catch (LinuxError e) {
            r = -abi.errno(e.errno);
        } catch (WouldBlock e) {
            r = BLOCKED;
        } catch (RuntimeException bug) {
            // no call may break the server: a fault of the layer ends the caller's process, as an oops
            // ends the current task, and the others go on
            LOG.error("Linux: {} of pid {} failed inside the layer; the process is killed", call, p.pid, bug);
            layerFaults++;
            if (p.alive()) exitProcess(p, abi.signal(LinuxAbi.Sig.KILL), true);
            r = NO_RETURN;
        }
        if (tracer != null) {
            tracer.accept(String.format("%d %s(0x%x, 0x%x, 0x%x, 0x%x) = %s", p.pid, call.name().toLowerCase(java.util.Locale.ROOT),
                    a0, a1, a2, a3, r == BLOCKED ? "(blocked)" : r == NO_RETURN ? "(no return)" : String.valueOf(r)));
        }
        return r;
    }

    // ---- signals ----

    /**
     * Sends signal {@code sig} to the process {@code p} belongs to (kill, the tty, a timer, a
     * child's exit): one of its threads that does not block it takes it, the leader first. If
     * every thread blocks it, it waits in the process's shared pending set until a thread
     * unblocks it (sigprocmask, sigsuspend, a handler's return), as Linux's complete_signal
     * leaves it in signal->shared_pending. The picked thread does not keep it if it blocks it
     * or ends first ({@link #retarget}).
     */
    public void signal(Process p, int sig, LinuxAbi.SignalInfo info) {
        List<Process> g = group(p.leader);
        for (Process t : g) {
            if (takes(t, sig)) {
                post(t, sig, false, true, info);
                return;
            }
        }
        if (!g.isEmpty()) post(g.get(0), sig, true, true, info);
    }

    /**
     * Whether thread {@code t} can take {@code sig} now: it does not block it, or it waits for it
     * in rt_sigtimedwait (Linux's wants_signal sees the waited signals unblocked for the wait).
     */
    private static boolean takes(Process t, int sig) {
        return !t.isBlocked(sig) || (t.sigwaiting && Process.bit(t.sigwait0, t.sigwait1, sig));
    }

    /** Sends {@code sig} to thread {@code t} only (tgkill, tkill, a fault). */
    public void signalThread(Process t, int sig, LinuxAbi.SignalInfo info) {
        post(t, sig, false, false, info);
    }

    /**
     * Hands the signals sent to the process that thread {@code t} was picked for but will not
     * take, those in {@code give0}/{@code give1}, to another thread that does not block them,
     * else to the shared pending set, as Linux's retarget_shared_pending wakes another thread for
     * them when a thread blocks them or exits.
     */
    private void retarget(Process t, long give0, long give1) {
        long m0 = t.forProcess0 & t.pending0 & give0, m1 = t.forProcess1 & t.pending1 & give1;
        if ((m0 | m1) == 0) return;
        changes++;
        for (int sig = 1; sig <= abi.signalCount(); sig++) {
            if (!Process.bit(m0, m1, sig)) continue;
            t.setPending(sig, false);
            LinuxAbi.SignalInfo info = t.pendingInfo[sig];
            Process to = null;
            for (Process x : group(t.leader)) {
                if (x != t && !x.isBlocked(sig)) {
                    to = x;
                    break;
                }
            }
            if (to == null) {
                if (!t.isSharedPending(sig)) t.leader.sharedInfo[sig] = info;
                t.setSharedPending(sig, true);
            } else if (!to.isPending(sig)) {
                to.setPending(sig, true);
                to.setForProcess(sig, true);
                to.pendingInfo[sig] = info;
            }
        }
    }

    /** The live threads of the group led by {@code leader}, the leader first. */
    public List<Process> group(Process leader) {
        List<Process> g = new ArrayList<>(leader.threads.size() + 1);
        if (leader.alive()) g.add(leader);
        for (Process t : leader.threads) if (t.alive()) g.add(t);
        return g;
    }

    /**
     * Makes {@code sig} pending for thread {@code p}, or ({@code shared}) for its whole process;
     * {@code forProcess}: it was sent to the process, {@code p} was picked to take it.
     */
    private void post(Process p, int sig, boolean shared, boolean forProcess, LinuxAbi.SignalInfo info) {
        if (!p.alive() || sig == 0) return;
        changes++;
        Process l = p.leader;
        int cont = abi.signal(LinuxAbi.Sig.CONT), kill = abi.signal(LinuxAbi.Sig.KILL);
        if (sig == cont || sig == kill) {
            boolean wasStopped = false;
            for (Process t : group(l)) {
                for (LinuxAbi.Sig s : new LinuxAbi.Sig[] {LinuxAbi.Sig.STOP, LinuxAbi.Sig.TSTP, LinuxAbi.Sig.TTIN, LinuxAbi.Sig.TTOU}) {
                    t.setPending(abi.signal(s), false);
                    t.setSharedPending(abi.signal(s), false);
                }
                if (t.state == Process.State.STOPPED) {
                    state(t, Process.State.RUNNABLE);
                    wasStopped = true;
                }
            }
            if (wasStopped && sig == cont) {
                l.stopReport = 0xFFFF;
                notifyParent(l, LinuxAbi.SignalInfo.CLD_CONTINUED, cont);
            }
        } else if (isStopSignal(sig)) {
            for (Process t : group(l)) t.setPending(cont, false);
            l.setSharedPending(cont, false);
        }
        // an ignored signal is dropped unless blocked: its action may change before it is
        // unblocked, and rt_sigtimedwait takes it (Linux's sig_ignored); a shared one is blocked
        // by every thread
        SigAction a = p.actions[sig];
        boolean blocked = shared || p.isBlocked(sig);
        if (sig != kill && !blocked && a.handler() == SigAction.SIG_IGN) return;
        if (sig != kill && !blocked && a.handler() == SigAction.SIG_DFL && abi.defaultAction(sig) == 'I') return;
        if (sig == cont && !blocked && a.handler() == SigAction.SIG_DFL) return;
        if (shared) {
            if (!p.isSharedPending(sig)) l.sharedInfo[sig] = info;
            p.setSharedPending(sig, true);
        } else if (!p.isPending(sig)) {
            p.setPending(sig, true);
            p.setForProcess(sig, forProcess);
            p.pendingInfo[sig] = info;
        }
    }

    private boolean isStopSignal(int sig) {
        return sig == abi.signal(LinuxAbi.Sig.STOP) || sig == abi.signal(LinuxAbi.Sig.TSTP)
                || sig == abi.signal(LinuxAbi.Sig.TTIN) || sig == abi.signal(LinuxAbi.Sig.TTOU);
    }

    /**
     * Whether process group {@code pgid} is orphaned (POSIX; Linux's will_become_orphaned_pgrp): no
     * member has a parent in another group of the same session, members whose parent is init not
     * counting.
     */
    boolean orphanedGroup(int pgid) {
        for (Process q : processes.values()) {
            if (!q.isLeader() || q.pgid != pgid || !q.alive()) continue;
            Process parent = q.parent;
            if (parent == null || parent.pid == 1 || !parent.alive()) continue;
            if (parent.pgid != pgid && parent.sid == q.sid) return false;
        }
        return true;
    }

    /** The session of process group {@code pgid}, or -1 if no live process is in it. */
    int sessionOfGroup(int pgid) {
        for (Process q : processes.values()) if (q.isLeader() && q.pgid == pgid && q.alive()) return q.sid;
        return -1;
    }

    /** Sends {@code sig} from the kernel (the tty, a stop of a background job, a kill of the server) to process group {@code pgid}. */
    public void killGroup(int pgid, int sig) {
        for (Process q : new ArrayList<>(processes.values())) {
            if (q.isLeader() && q.pgid == pgid && q.alive()) signal(q, sig, LinuxAbi.SignalInfo.kernel(sig));
        }
    }

    /** The memory Linux reports as its total (/proc/meminfo, sysinfo): 64 MiB. */
    public long memoryTotalKb() {
        return 65536;
    }

    private static final long TMPFS_MAGIC = 0x01021994L, PROC_SUPER_MAGIC = 0x9fa0L;
    private static final long ST_NOSUID = 2, ST_NODEV = 4, ST_NOEXEC = 8, ST_VALID = 0x20, ST_RELATIME = 0x1000;

    /**
     * statfs of the file system {@code i} is on: /proc (proc, no blocks), or the root, a tmpfs of
     * Linux's default size (half the memory, as many inodes as pages), less the pages its files
     * hold. The flags match the options /proc/mounts shows.
     */
    StatfsInfo statfs(Inode i) {
        if (i.dev() == ProcFs.DEV) {
            return new StatfsInfo(PROC_SUPER_MAGIC, 4096, 0, 0, 0, 0, 0, 255, 4096,
                    ST_VALID | ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_RELATIME);
        }
        long pages = vfs.pages.limit(), free = Math.max(0, pages - vfs.pages.used());
        long inodes = countInodes(vfs.root, new java.util.IdentityHashMap<>());
        return new StatfsInfo(TMPFS_MAGIC, 4096, pages, free, free, pages, Math.max(0, pages - inodes), 255, 4096, ST_VALID);
    }

    /** The root's inodes under {@code d}, each once (hard links too; /proc not). */
    private static long countInodes(Directory d, java.util.Map<Inode, Boolean> seen) {
        if (seen.put(d, Boolean.TRUE) != null) return 0;
        long n = 1;
        for (String name : d.names()) {
            Inode c = d.lookup(name);
            if (c == null || c.dev() == ProcFs.DEV) continue;
            if (c instanceof Directory sub) n += countInodes(sub, seen);
            else if (seen.put(c, Boolean.TRUE) == null) n++;
        }
        return n;
    }

    /** The total less the pages of every process (a shared copy-on-write page counts for each holder). */
    public long memoryFreeKb() {
        long used = 0;
        for (Process p : processes.values()) if (p.memory != null) used += p.memory.residentPages() * 4L;
        return Math.max(0, memoryTotalKb() - used);
    }

    /** The earliest simulated time a sleeping thread wakes or a real-time interval timer expires, or -1. */
    public long nextWakeup() {
        long t = -1;
        for (Process p : processes.values()) {
            if (p.alive() && p.sleepUntil >= 0 && (t < 0 || p.sleepUntil < t)) t = p.sleepUntil;
            long r = p.timers[ITIMER_REAL].expires;
            if (p.isLeader() && !groupOver(p) && r >= 0 && (t < 0 || r < t)) t = r;
        }
        return t;
    }

    // ---- interval timers ----

    static final int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;

    /**
     * Fires the real-time interval timers whose time has come (SIGALRM to the process; a periodic
     * timer is set again from its due time, as Linux's hrtimer forwarding does, missing none but
     * never more than one signal at a time). The caller's clock source calls it before it runs
     * anything, and idles until {@link #nextWakeup}.
     */
    public void runTimers() {
        long now = now();
        for (Process l : new ArrayList<>(processes.values())) {
            if (!l.isLeader() || groupOver(l)) continue;
            Process.IntervalTimer r = l.timers[ITIMER_REAL];
            if (r.expires >= 0 && r.expires <= now) {
                r.expires = r.interval > 0 ? Math.max(r.expires + r.interval, now + 1) : -1;
                signal(l, abi.signal(LinuxAbi.Sig.ALRM), LinuxAbi.SignalInfo.kernel(abi.signal(LinuxAbi.Sig.ALRM)));
            }
        }
    }

    /**
     * Brings the CPU time of a thread group up to date before it is read: the transport, whose
     * kernel counts what each thread runs, charges it here then (a harness that charges every
     * slice as it runs needs none).
     */
    public void setCpuClock(java.util.function.Consumer<Process> charger) {
        cpuClock = charger;
    }

    /** Charges what the group of {@code t} has run and not yet been charged for. */
    void updateCpuTime(Process t) {
        if (cpuClock != null) cpuClock.accept(t.leader);
    }

    /** {@code nanos} of CPU time in user mode for thread {@code t}: ITIMER_VIRTUAL and ITIMER_PROF count it. */
    public void chargeUserTime(Process t, long nanos) {
        if (nanos <= 0) return;
        cpuUserNanos += nanos;
        t.userNanos += nanos;
        t.leader.groupUserNanos += nanos;
        runCpuTimers(t.leader);
    }

    /** {@code nanos} of CPU time in system mode (the system call's work) for thread {@code t}: ITIMER_PROF counts it. */
    public void chargeSystemTime(Process t, long nanos) {
        if (nanos <= 0) return;
        cpuSystemNanos += nanos;
        t.systemNanos += nanos;
        t.leader.groupSystemNanos += nanos;
        runCpuTimers(t.leader);
    }

    private void runCpuTimers(Process l) {
        if (groupOver(l)) return;
        for (int which : new int[] {ITIMER_VIRTUAL, ITIMER_PROF}) {
            Process.IntervalTimer x = l.timers[which];
            long used = cpuClockOf(l, which);
            if (x.expires >= 0 && x.expires <= used) {
                x.expires = x.interval > 0 ? Math.max(x.expires + x.interval, used + 1) : -1;
                int sig = abi.signal(which == ITIMER_VIRTUAL ? LinuxAbi.Sig.VTALRM : LinuxAbi.Sig.PROF);
                signal(l, sig, LinuxAbi.SignalInfo.kernel(sig));
            }
        }
    }

    /** The clock timer {@code which} of leader {@code l} runs on: simulated time, user CPU time, or all CPU time. */
    private long cpuClockOf(Process l, int which) {
        return switch (which) {
            case ITIMER_REAL -> now();
            case ITIMER_VIRTUAL -> l.groupUserNanos;
            default -> l.groupUserNanos + l.groupSystemNanos;
        };
    }

    /** Nanoseconds left on timer {@code which} of {@code l} (0: disarmed). */
    long timerLeft(Process l, int which) {
        Process.IntervalTimer x = l.timers[which];
        if (x.expires < 0) return 0;
        if (which != ITIMER_REAL) updateCpuTime(l);
        long left = x.expires - cpuClockOf(l, which);
        return left > 0 ? left : 1000; // due but not yet fired: Linux reports one microsecond
    }

    void setTimer(Process l, int which, long valueNanos, long intervalNanos) {
        Process.IntervalTimer x = l.timers[which];
        x.interval = intervalNanos;
        if (which != ITIMER_REAL && valueNanos != 0) updateCpuTime(l);
        x.expires = valueNanos == 0 ? -1 : cpuClockOf(l, which) + valueNanos;
        changes++;
    }

    // ---- futexes ----

    /** A futex is an address in an address space (private and shared alike: the layer has no shared memory). */
    private record FutexKey(AddressSpace space, long address) {}

    void futexEnqueue(Process t, AddressSpace m, long address, int bitset) {
        FutexKey k = new FutexKey(m, address);
        futexQueues.computeIfAbsent(k, x -> new java.util.ArrayDeque<>()).add(t);
        t.futexKey = k;
        t.futexBitset = bitset;
        t.futexWoken = false;
    }

    /** Wakes up to {@code n} waiters on the futex whose bitset meets {@code bitset}; returns how many. */
    int futexWake(AddressSpace m, long address, int n, int bitset) {
        java.util.ArrayDeque<Process> q = futexQueues.get(new FutexKey(m, address));
        if (q == null) return 0;
        int woken = 0;
        for (java.util.Iterator<Process> it = q.iterator(); it.hasNext() && woken < n; ) {
            Process t = it.next();
            if ((t.futexBitset & bitset) == 0) continue;
            it.remove();
            t.futexKey = null;
            t.futexWoken = true;
            woken++;
        }
        if (q.isEmpty()) futexQueues.remove(new FutexKey(m, address));
        if (woken > 0) changes++;
        return woken;
    }

    /** Moves up to {@code n} waiters from one futex to another (FUTEX_REQUEUE); returns how many. */
    int futexRequeue(AddressSpace m, long from, long to, int n) {
        java.util.ArrayDeque<Process> q = futexQueues.get(new FutexKey(m, from));
        int moved = 0;
        while (q != null && !q.isEmpty() && moved < n) {
            Process t = q.poll();
            futexEnqueue(t, m, to, t.futexBitset);
            moved++;
        }
        if (q != null && q.isEmpty()) futexQueues.remove(new FutexKey(m, from));
        return moved;
    }

    /** Takes {@code t} off the futex it waits on (a signal, a timeout, its end). */
    void futexCancel(Process t) {
        if (t.futexKey instanceof FutexKey k) {
            java.util.ArrayDeque<Process> q = futexQueues.get(k);
            if (q != null) {
                q.remove(t);
                if (q.isEmpty()) futexQueues.remove(k);
            }
        }
        t.futexKey = null;
        t.futexWoken = false;
    }

    /** A waiting call of {@code t} ends early (EINTR, or the thread ends): no sleep, no futex queue. */
    private void abandonWait(Process t) {
        if (t.sleepUntil >= 0 && t.sleepRemainAddress != 0) {
            long left = Math.max(0, t.sleepUntil - now());
            try {
                t.memory.writeLong(t.sleepRemainAddress, left / 1_000_000_000L);
                t.memory.writeLong(t.sleepRemainAddress + 8, left % 1_000_000_000L);
            } catch (LinuxError e) {
                // Linux ignores a bad rem address here too (the call's result is EINTR either way)
            }
        }
        t.sleepUntil = -1;
        t.sleepRemainAddress = 0;
        t.sigwaiting = false;
        dropFifoOpening(t);
        futexCancel(t);
    }

    /** A FIFO open that waited ends without its end (a handler runs, the thread ends): the end is closed again, as Linux's fifo_open does. */
    private void dropFifoOpening(Process t) {
        if (t.fifoOpening == null) return;
        t.fifoOpening.file().release();
        t.fifoOpening = null;
        changes++;
    }

    /** Whether {@code p} has a signal it would act on now: its own, or one of its process's shared set. */
    public boolean hasDeliverable(Process p) {
        if (!p.alive()) return false;
        Process l = p.leader;
        long held0 = p.blocked0 | (p.sigwaiting ? p.sigwait0 : 0), held1 = p.blocked1 | (p.sigwaiting ? p.sigwait1 : 0);
        return ((p.pending0 & ~held0) | (p.pending1 & ~held1)) != 0
                || ((l.sharedPending0 & ~held0) | (l.sharedPending1 & ~held1)) != 0
                || (p.isPending(abi.signal(LinuxAbi.Sig.KILL)));
    }

    /**
     * rt_sigtimedwait's dequeue: the lowest pending signal of the set, the thread's own before its
     * process's shared ones, as Linux's dequeue_signal takes them: its siginfo, or null when none
     * is pending.
     */
    public LinuxAbi.SignalInfo takePending(Process p, long set0, long set1) {
        int n = abi.signalCount();
        for (int s = 1; s <= n; s++) {
            if (p.isPending(s) && Process.bit(set0, set1, s)) return take(p, s, false);
        }
        for (int s = 1; s <= n; s++) {
            if (p.isSharedPending(s) && Process.bit(set0, set1, s)) return take(p, s, true);
        }
        return null;
    }

    /** Takes pending {@code sig} off thread {@code p} (or its process's shared set): its siginfo. */
    private LinuxAbi.SignalInfo take(Process p, int sig, boolean shared) {
        LinuxAbi.SignalInfo[] infos = shared ? p.leader.sharedInfo : p.pendingInfo;
        LinuxAbi.SignalInfo info = infos[sig];
        infos[sig] = null;
        if (shared) p.setSharedPending(sig, false);
        else p.setPending(sig, false);
        return info != null ? info : LinuxAbi.SignalInfo.kernel(sig);
    }

    /** Whether {@code p} holds back {@code sig} from delivery: it blocks it, or a waiting rt_sigtimedwait takes it. */
    private static boolean heldBack(Process p, int sig) {
        return p.isBlocked(sig) || (p.sigwaiting && Process.bit(p.sigwait0, p.sigwait1, sig));
    }

    /**
     * Acts on pending signals before {@code p} returns to user mode. {@code inBlockedCall}: the
     * thread sits at a system call that must wait; a handler without SA_RESTART makes it fail with
     * EINTR, one with SA_RESTART leaves it to run again after the handler. Returns false when the
     * process is gone or stopped.
     */
    public boolean deliverSignals(Process p, boolean inBlockedCall) {
        int n = abi.signalCount();
        int kill = abi.signal(LinuxAbi.Sig.KILL);
        while (p.alive()) {
            int sig = 0;
            boolean shared = false;
            if (p.isPending(kill)) sig = kill;
            else {
                // the thread's own signals first, then the process's shared ones (Linux's dequeue_signal)
                for (int s = 1; s <= n && sig == 0; s++) if (p.isPending(s) && !heldBack(p, s)) sig = s;
                for (int s = 1; s <= n && sig == 0; s++) {
                    if (p.isSharedPending(s) && !heldBack(p, s)) {
                        sig = s;
                        shared = true;
                    }
                }
            }
            if (sig == 0) return p.state != Process.State.STOPPED;
            LinuxAbi.SignalInfo info = take(p, sig, shared);
            SigAction a = p.actions[sig];
            if (sig == kill || a.handler() == SigAction.SIG_DFL) {
                char act = abi.defaultAction(sig);
                switch (act) {
                    case 'I', 'K' -> {
                        continue;
                    }
                    case 'S' -> {
                        for (Process t : group(p.leader)) state(t, Process.State.STOPPED);
                        p.leader.stopReport = (sig << 8) | 0x7F;
                        notifyParent(p.leader, LinuxAbi.SignalInfo.CLD_STOPPED, sig);
                        return false;
                    }
                    default -> {
                        // no core file is written (RLIMIT_CORE is 0), so the status has no core bit
                        exitProcess(p, sig, true);
                        return false;
                    }
                }
            }
            if (a.handler() == SigAction.SIG_IGN) continue;
            if (inBlockedCall) {
                // a sleep, a timed wait, poll and select are never restarted by SA_RESTART (Linux's
                // ERESTART_RESTARTBLOCK and ERESTARTNOHAND turn into EINTR when a handler runs)
                // a futex waiter already woken keeps its wake: the call runs again after the handler
                // and returns 0 (a lost wake would strand a condition variable's waiter)
                if (((a.flags() & abi.saRestart()) == 0 || p.sleepUntil >= 0 || p.neverRestart) && !p.futexWoken) {
                    abi.returnFromSyscall(p.context, -abi.errno(Errno.EINTR));
                    abandonWait(p);
                }
                dropFifoOpening(p); // restarted or not, the open begins afresh after the handler (ERESTARTSYS)
                inBlockedCall = false;
            }
            long old0 = p.suspendMask != null ? p.suspendMask[0] : p.blocked0;
            long old1 = p.suspendMask != null ? p.suspendMask[1] : p.blocked1;
            p.suspendMask = null;
            try {
                abi.pushSignalFrame(p.memory, p.context, sig, a, old0, old1, trampoline, info);
            } catch (LinuxError e) {
                exitProcess(p, abi.signal(LinuxAbi.Sig.SEGV), true);
                return false;
            }
            p.blocked0 |= a.mask0();
            p.blocked1 |= a.mask1();
            if ((a.flags() & abi.saNodefer()) == 0) {
                int b = sig - 1;
                if (b < 64) p.blocked0 |= 1L << b;
                else p.blocked1 |= 1L << (b - 64);
            }
            if ((a.flags() & abi.saResethand()) != 0) p.actions[sig] = SigAction.DEFAULT;
            sanitizeMask(p);
        }
        return false;
    }

    /** After every change of a thread's mask: KILL and STOP cannot be blocked; process signals it now blocks go to another thread. */
    void sanitizeMask(Process p) {
        p.blocked0 = withoutKillAndStop(p.blocked0);
        retarget(p, p.blocked0, p.blocked1);
    }

    /** The first word of a signal set without KILL and STOP, which can be neither blocked nor waited for. */
    long withoutKillAndStop(long set0) {
        for (LinuxAbi.Sig s : new LinuxAbi.Sig[] {LinuxAbi.Sig.KILL, LinuxAbi.Sig.STOP}) set0 &= ~(1L << (abi.signal(s) - 1));
        return set0;
    }

    /** A synchronous fault of the CPU (the architecture's exception): the signal and its address. */
    public void fault(Process p, LinuxAbi.Sig sig, long address, int code) {
        int s = abi.signal(sig);
        // a fault that is blocked or ignored kills, as Linux's force_sig_fault does
        if (p.isBlocked(s) || p.actions[s].handler() == SigAction.SIG_IGN) {
            p.actions[s] = SigAction.DEFAULT;
            int b = s - 1;
            p.blocked0 &= ~(1L << b);
        }
        signalThread(p, s, new LinuxAbi.SignalInfo(s, code, 0, 0, address, 0, 0, 0));
    }

    // ---- exit and wait ----

    /** Whether the whole group of leader {@code l} has ended (not just the leader's thread). */
    public static boolean groupOver(Process l) {
        return !l.alive() && !l.threadGone;
    }

    /**
     * exit: ends thread {@code t} only (its clear_child_tid is zeroed and woken, as pthread_join
     * waits on it); the last thread's exit ends the process with the leader's exit code.
     */
    public void exitThread(Process t, int code) {
        Process l = t.leader;
        boolean others = false;
        for (Process x : group(l)) if (x != t) others = true;
        if (!others) {
            if (t == l) exitProcess(t, code, false);
            else {
                endThread(t);
                finishGroup(l, l.threadGone ? l.waitStatus : (code & 0xFF) << 8);
            }
            return;
        }
        changes++;
        if (t.clearChildTid != 0) {
            try {
                t.memory.writeInt(t.clearChildTid, 0);
                futexWake(t.memory, t.clearChildTid, 1, -1);
            } catch (LinuxError e) {
                // a bad address is ignored, as Linux's mm_release does
            }
        }
        retarget(t, -1L, -1L); // Linux's exit_signals
        if (t == l) {
            abandonWait(t);
            state(l, Process.State.ZOMBIE);
            l.threadGone = true;
            l.waitStatus = (code & 0xFF) << 8;
        } else {
            endThread(t);
        }
    }

    private void endThread(Process t) {
        abandonWait(t);
        state(t, Process.State.DEAD);
        t.leader.threads.remove(t);
        retire(t);
        changes++;
    }

    /**
     * Ends the process of {@code p} (exit_group, a fatal signal, execve's end of the other threads
     * does not come here) with wait status {@code status}: every thread goes, its children go to
     * init (pid 1) or vanish.
     */
    public void exitProcess(Process p, int status, boolean bySignal) {
        Process l = p.leader;
        if (groupOver(l)) return;
        for (Process t : new ArrayList<>(l.threads)) endThread(t);
        finishGroup(l, bySignal ? status : (status & 0xFF) << 8);
    }

    /** What the end of a group gives up: the leader's wait, its files and memory; its wait status set. */
    private void releaseGroup(Process l, int waitStatus) {
        abandonWait(l);
        l.threadGone = false;
        l.waitStatus = waitStatus;
        l.fds.closeAll();
        l.memory.clear();
    }

    private void finishGroup(Process p, int waitStatus) {
        changes++;
        releaseGroup(p, waitStatus);
        state(p, Process.State.ZOMBIE);
        releaseVfork(p);
        if (p.sid == p.pid && console.session == p.sid) {
            console.session = 0;
            console.foregroundGroup = 0;
        }
        Process init = processes.get(1);
        if (init != null) init = init.leader;
        for (Process c : p.children) {
            c.parent = init != null && init != p && init.alive() ? init : null;
            if (c.parent != null) init.children.add(c);
            else if (!c.alive()) reap(c);
        }
        p.children.clear();
        if (p.parent == null || !p.parent.alive()) {
            reap(p);
            return;
        }
        // Linux's do_notify_parent: SIG_IGN sends nothing, SA_NOCLDWAIT still signals a handler;
        // both reap the child at once, so the parent's wait finds no child
        SigAction chld = p.parent.actions[abi.signal(LinuxAbi.Sig.CHLD)];
        boolean ignored = chld.handler() == SigAction.SIG_IGN;
        if (!ignored) {
            boolean exited = (waitStatus & 0x7F) == 0;
            notifyParent(p, exited ? LinuxAbi.SignalInfo.CLD_EXITED : LinuxAbi.SignalInfo.CLD_KILLED,
                    exited ? waitStatus >> 8 & 0xFF : waitStatus & 0x7F);
        }
        if (ignored || (chld.flags() & abi.saNocldwait()) != 0) reap(p);
    }

    /**
     * SIGCHLD to the parent of {@code p}: the child's pid, {@code code} (CLD_*), {@code status}
     * (exit code or signal) and the CPU time of its threads (Linux's do_notify_parent: the
     * group's, without its children's).
     */
    private void notifyParent(Process p, int code, int status) {
        if (p.parent != null) {
            int chld = abi.signal(LinuxAbi.Sig.CHLD);
            Process l = p.leader;
            updateCpuTime(l);
            long tick = Calls.TICK_NANOS;
            signal(p.parent, chld, new LinuxAbi.SignalInfo(chld, code, p.pid, l.uid, 0, status, l.groupUserNanos / tick,
                    l.groupSystemNanos / tick));
        }
        changes++;
    }

    void releaseVfork(Process p) {
        if (p.vforkParent != null) {
            p.vforkParent.vforkWaiting = false;
            p.vforkParent = null;
            changes++;
        }
    }

    /**
     * Reaps a zombie its parent waited for: its CPU times, with those of the children it waited
     * for, are added to the parent's children's times, as Linux's wait_task_zombie does (an
     * automatically reaped child's are not).
     */
    void reapWaited(Process p) {
        Process l = p.parent.leader;
        l.childUserNanos += p.groupUserNanos + p.childUserNanos;
        l.childSystemNanos += p.groupSystemNanos + p.childSystemNanos;
        reap(p);
    }

    void reap(Process p) {
        state(p, Process.State.DEAD);
        if (p.parent != null) p.parent.children.remove(p);
        retire(p);
    }

    // ---- execve ----

    void exec(Process p, String path, List<byte[]> argv, List<byte[]> envp) {
        byte[] image = null;
        String execPath = path;
        List<byte[]> args = new ArrayList<>(argv);
        for (int depth = 0; ; depth++) {
            Inode i = vfs.resolve(p.root, p.cwd, execPath, true);
            if (i.isDirectory()) throw new LinuxError(Errno.EACCES);
            if (!(i instanceof RegularFile f)) throw new LinuxError(Errno.EACCES);
            if ((f.mode & 0111) == 0) throw new LinuxError(Errno.EACCES);
            image = f.contents();
            if (ElfLoader.isElf(image)) break;
            if (depth < 4 && image.length > 2 && image[0] == '#' && image[1] == '!') {
                int nl = 2;
                while (nl < image.length && nl < 256 && image[nl] != '\n') nl++;
                String line = new String(image, 2, nl - 2, StandardCharsets.UTF_8).trim();
                if (line.isEmpty()) throw new LinuxError(Errno.ENOEXEC);
                int sp = line.indexOf(' ');
                String interp = sp < 0 ? line : line.substring(0, sp);
                List<byte[]> head = new ArrayList<>();
                head.add(interp.getBytes(StandardCharsets.UTF_8));
                if (sp >= 0) head.add(line.substring(sp + 1).trim().getBytes(StandardCharsets.UTF_8));
                head.add(execPath.getBytes(StandardCharsets.UTF_8));
                if (!args.isEmpty()) args.remove(0);
                head.addAll(args);
                args = head;
                execPath = interp;
                continue;
            }
            throw new LinuxError(Errno.ENOEXEC);
        }
        long total = 0;
        for (byte[] a : args) total += a.length + 1;
        for (byte[] e : envp) total += e.length + 1;
        if (total > 128 * 1024) throw new LinuxError(Errno.E2BIG);
        // the point of no return
        p = endOtherThreads(p);
        AddressSpace m = p.memory;
        m.clear();
        byte[] top = topPage;
        m.map(trampoline, AddressSpace.PAGE, Vma.READ | Vma.EXEC, (o, into, at, len) -> {
            System.arraycopy(top, 0, into, at, Math.min(top.length, len));
            return len;
        }, 0, top.length, "[sigreturn]");
        ElfLoader.Loaded l = ElfLoader.load(abi, m, image, args, envp, path, p, p.pid * 31L + now());
        p.context = abi.startContext(l.entry(), l.stackPointer());
        p.fds.closeOnExec();
        for (int s = 1; s < p.actions.length; s++) {
            if (p.actions[s].handler() != SigAction.SIG_IGN) p.actions[s] = SigAction.DEFAULT;
        }
        p.argv = new ArrayList<>();
        for (byte[] a : args) p.argv.add(new String(a, StandardCharsets.UTF_8));
        String base = path.substring(path.lastIndexOf('/') + 1);
        p.comm = base.length() > 15 ? base.substring(0, 15) : base;
        p.exe = vfs.canonical(p.root, p.cwd, execPath);
        p.clearChildTid = 0;
        releaseVfork(p);
        changes++;
    }

    // ---- pids ----

    public void setMaxProcesses(int n) {
        maxProcesses = n;
    }

    Process newChild(Process caller) {
        if (processes.size() >= maxProcesses) throw new LinuxError(Errno.EAGAIN);
        Process parent = caller.leader;
        Process c = new Process(nextPid++, abi.signalCount());
        c.parent = parent;
        parent.children.add(c);
        c.inheritGroupAndIds(parent);
        c.cwd = parent.cwd;
        c.root = parent.root;
        System.arraycopy(parent.actions, 0, c.actions, 0, parent.actions.length);
        c.blocked0 = caller.blocked0;
        c.blocked1 = caller.blocked1;
        c.argv = parent.argv;
        c.comm = parent.comm;
        c.exe = parent.exe;
        c.startTime = now();
        admit(c);
        changes++;
        return c;
    }

    /** A thread of {@code caller}'s process (CLONE_THREAD): its memory, files and signal actions are the leader's. */
    Process newThread(Process caller) {
        if (processes.size() >= maxProcesses) throw new LinuxError(Errno.EAGAIN);
        Process l = caller.leader;
        Process t = new Process(nextPid++, abi.signalCount());
        t.leader = l;
        l.threads.add(t);
        t.parent = l.parent;
        t.inheritGroupAndIds(l);
        t.cwd = caller.cwd;
        t.root = caller.root;
        t.actions = l.actions;
        t.blocked0 = caller.blocked0;
        t.blocked1 = caller.blocked1;
        t.memory = l.memory;
        t.fds = l.fds;
        t.argv = l.argv;
        t.comm = l.comm;
        t.exe = l.exe;
        t.startTime = now();
        admit(t);
        changes++;
        return t;
    }

    /**
     * execve in a thread: the other threads of its process end first, as Linux's de_thread does,
     * and a caller other than the leader takes the leader's place: its registers, signal mask,
     * pending signals and CPU time go to the leader's task (whose id is the process id, so the
     * calling thread's id becomes the pid), and the caller's own task ends, with
     * {@link Process#successor} naming the leader for whoever runs the thread. Returns the
     * task that goes on.
     */
    Process endOtherThreads(Process caller) {
        Process l = caller.leader;
        for (Process t : new ArrayList<>(l.threads)) if (t != caller) endThread(t);
        if (caller == l) return l;
        abandonWait(l);
        l.context = caller.context;
        l.blocked0 = caller.blocked0;
        l.blocked1 = caller.blocked1;
        l.pending0 = caller.pending0;
        l.pending1 = caller.pending1;
        l.forProcess0 = caller.forProcess0;
        l.forProcess1 = caller.forProcess1;
        System.arraycopy(caller.pendingInfo, 0, l.pendingInfo, 0, l.pendingInfo.length);
        l.userNanos = caller.userNanos;
        l.systemNanos = caller.systemNanos;
        l.suspendMask = null;
        l.sleepUntil = -1;
        l.sleepRemainAddress = 0;
        l.sigwaiting = false;
        l.neverRestart = false;
        l.futexKey = null;
        l.futexWoken = false;
        l.cwd = caller.cwd;
        l.root = caller.root;
        state(l, Process.State.RUNNABLE);
        l.threadGone = false;
        endThread(caller);
        caller.successor = l;
        return l;
    }

    void changed() {
        changes++;
    }

    int readyStatus() {
        return 0;
    }

    Termios termiosOf(Tty t) {
        return t.termios;
    }
}
