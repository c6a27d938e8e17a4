package l4.linuxserver.server;

import static l4.linuxserver.mips.MipsTrapAbi.GPR;
import static l4.linuxserver.mips.MipsTrapAbi.PC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import l4.api.mips.ExceptionFrame;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mips.MipsTrapAbi;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.Process;

/**
 * Linux semantics of the system-call layer on synthetic frames, as {@link ServerCoreTest}: CPU
 * time accounting (times, getrusage, the CPU clocks, /proc/PID/stat, the CPU-time interval
 * timers), clone's flag rules, job control on the controlling tty, execve from a thread other
 * than the leader.
 */
class LinuxSemanticsTest {
    private static final long SYS = ExceptionFrame.cause(ExceptionFrame.EXC_SYS, 0), BP = ExceptionFrame.cause(ExceptionFrame.EXC_BP, 0);
    private static final int V0 = 2, A0 = 4, A3 = 7, SP = 29;
    private static final int TIMES = 98, GETRUSAGE = 96, CLOCK_GETTIME = 222, SETITIMER = 36, GETITIMER = 35, CLONE = 55,
            WAIT4 = 59, EXIT = 58, GETPID = 38, GETTID = 178, EXECVE = 57;
    private static final int READ = 0, WRITE = 1, IOCTL = 15, SETPGID = 107, SETSID = 110, RT_SIGACTION = 13, RT_SIGPROCMASK = 14;
    private static final int TCSETS = 0x540e, TIOCSPGRP = 0x80047476, TIOCSCTTY = 0x5480, TIOCGPGRP = 0x40047477;
    private static final int SIGTTIN = 26, SIGTTOU = 27, TOSTOP = 0x100;
    private static final int EPERM = 1, ESRCH = 3, EIO = 5, ENOTTY = 25, EINVAL = 22, ENOSYS = 89; // MIPS: ENOSYS is 89

    private final MipsN64Abi abi = new MipsN64Abi();
    private LinuxSystem linux;
    private ServerCore core;
    private long now;

    private final StringBuilder consoleOut = new StringBuilder();

    @BeforeEach
    void boot() {
        linux = CoreFixture.linux(abi, () -> now, b -> consoleOut.append((char) b));
        core = new ServerCore(linux, new MipsTrapAbi());
    }

    private Process start() {
        Process p = linux.spawn("/bin/busybox", List.of("sh"), List.of(), null);
        core.adopt();
        core.exception(p, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        return p;
    }

    private static long[] frameAt(long pc) {
        long[] f = new long[MipsTrapAbi.WORDS];
        f[PC] = pc;
        return f;
    }

    /** Runs call {@code number} for {@code t}; the frame it is answered with. */
    private long[] call(Process t, int number, long... args) {
        long[] f = frameAt(0x120001000L);
        f[GPR + V0] = MipsN64Abi.BASE + number;
        for (int i = 0; i < args.length; i++) f[GPR + A0 + i] = args[i];
        f[GPR + SP] = t.context.stackPointer();
        return assertInstanceOf(ServerCore.Resume.class, core.exception(t, SYS, f[PC], 0, f)).frame();
    }

    /** The call's result: the value, or -errno. */
    private long result(Process t, int number, long... args) {
        long[] r = call(t, number, args);
        return r[GPR + A3] != 0 ? -r[GPR + V0] : r[GPR + V0];
    }

    private static final long MS = 1_000_000L;

    @Test
    void cpuTimeIsChargedWithoutAnIntervalTimer() {
        Process p = start();
        long buf = p.context.stackPointer() - 0x400;
        linux.chargeUserTime(p, 250 * MS);
        linux.chargeSystemTime(p, 30 * MS);
        assertEquals(0, result(p, TIMES, buf) - now / (10 * MS));
        assertEquals(25, p.memory.readLong(buf), "tms_utime in ticks");
        assertEquals(3, p.memory.readLong(buf + 8), "tms_stime");
        assertEquals(0, p.memory.readLong(buf + 16));
        assertEquals(0, result(p, GETRUSAGE, 0, buf));
        assertEquals(0, p.memory.readLong(buf));
        assertEquals(250_000, p.memory.readLong(buf + 8), "ru_utime.tv_usec");
        assertEquals(30_000, p.memory.readLong(buf + 24), "ru_stime.tv_usec");
        assertEquals(0, result(p, CLOCK_GETTIME, 2, buf)); // CLOCK_PROCESS_CPUTIME_ID
        assertEquals(280 * MS, p.memory.readLong(buf) * 1_000_000_000L + p.memory.readLong(buf + 8));
        assertEquals(-EINVAL, result(p, CLOCK_GETTIME, 12, buf), "no such clock");
        String stat = readFile(p, "/proc/" + p.pid + "/stat");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        assertEquals("25", f[11], "utime: " + stat);
        assertEquals("3", f[12], "stime: " + stat);
    }

    @Test
    void threadsHaveTheirOwnClockAndTheProcessCountsAll() {
        Process p = start();
        long buf = p.context.stackPointer() - 0x400;
        Process t = thread(p, p.context.stackPointer() - 0x2000);
        linux.chargeUserTime(p, 10 * MS);
        linux.chargeUserTime(t, 40 * MS);
        result(t, CLOCK_GETTIME, 3, buf); // CLOCK_THREAD_CPUTIME_ID
        assertEquals(40 * MS, p.memory.readLong(buf + 8));
        result(p, CLOCK_GETTIME, 3, buf);
        assertEquals(10 * MS, p.memory.readLong(buf + 8));
        result(p, CLOCK_GETTIME, 2, buf);
        assertEquals(50 * MS, p.memory.readLong(buf + 8));
        result(t, GETRUSAGE, 1, buf); // RUSAGE_THREAD
        assertEquals(40_000, p.memory.readLong(buf + 8));
        assertEquals(-EINVAL, result(p, GETRUSAGE, 2, buf));
    }

    @Test
    void theTransportsClockIsAskedBeforeTimesAreRead() {
        Process p = start();
        long buf = p.context.stackPointer() - 0x400;
        linux.setCpuClock(l -> linux.chargeUserTime(l, 20 * MS)); // as if the kernel counted 20 ms more each time
        result(p, TIMES, buf);
        assertEquals(2, p.memory.readLong(buf));
        result(p, TIMES, buf);
        assertEquals(4, p.memory.readLong(buf));
    }

    @Test
    void aWaitedForChildsTimesBecomeTheParentsChildrenTimes() {
        Process p = start();
        long buf = p.context.stackPointer() - 0x400;
        call(p, CLONE, 18, 0, 0, 0, 0); // fork with SIGCHLD
        Process child = core.drain().started().get(0);
        core.exception(child, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        linux.chargeUserTime(child, 70 * MS);
        linux.chargeSystemTime(child, 20 * MS);
        assertInstanceOf(ServerCore.Gone.class, core.exception(child, SYS, 0x120001000L, 0, exitFrame()));
        result(p, TIMES, buf);
        assertEquals(0, p.memory.readLong(buf + 16), "not before it is waited for");
        assertEquals(child.pid, result(p, WAIT4, child.pid, 0, 0, buf + 0x100));
        assertEquals(70_000, p.memory.readLong(buf + 0x108), "wait4's rusage: the child's user time");
        assertEquals(20_000, p.memory.readLong(buf + 0x118));
        result(p, TIMES, buf);
        assertEquals(0, p.memory.readLong(buf), "the parent's own");
        assertEquals(7, p.memory.readLong(buf + 16), "tms_cutime");
        assertEquals(2, p.memory.readLong(buf + 24), "tms_cstime");
        result(p, GETRUSAGE, -1, buf); // RUSAGE_CHILDREN
        assertEquals(70_000, p.memory.readLong(buf + 8));
    }

    /** A file's contents as {@code t} reads them (openat, read, close). */
    private String readFile(Process t, String path) {
        long at = t.context.stackPointer() - 0x1000;
        byte[] b = (path + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        t.memory.write(at, b);
        long fd = result(t, 247, -100, at, 0); // openat(AT_FDCWD, path, O_RDONLY)
        assertTrue(fd >= 0, "openat: " + fd);
        long n = result(t, 0, fd, at + 0x100, 1024);
        result(t, 3, fd);
        return new String(t.memory.read(at + 0x100, (int) n), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private long[] exitFrame() {
        long[] f = frameAt(0x120001000L);
        f[GPR + V0] = MipsN64Abi.BASE + EXIT;
        return f;
    }

    @Test
    void itimerVirtualCountsUserTimeAndProfBoth() {
        Process p = start();
        long it = p.context.stackPointer() - 0x400;
        p.memory.writeLong(it, 0);
        p.memory.writeLong(it + 8, 0);
        p.memory.writeLong(it + 16, 0);
        p.memory.writeLong(it + 24, 10_000); // 10 ms
        linux.chargeUserTime(p, 500 * MS); // time before the timer is set does not count
        assertEquals(0, result(p, SETITIMER, 1, it, 0)); // ITIMER_VIRTUAL
        assertEquals(0, result(p, SETITIMER, 2, it, 0)); // ITIMER_PROF
        linux.chargeSystemTime(p, 6 * MS);
        assertEquals(0, result(p, GETITIMER, 1, it));
        assertEquals(10_000, p.memory.readLong(it + 24), "ITIMER_VIRTUAL: system time does not count");
        assertEquals(0, result(p, GETITIMER, 2, it));
        assertEquals(4_000, p.memory.readLong(it + 24), "ITIMER_PROF: 4 ms left");
        linux.chargeUserTime(p, 4 * MS);
        assertTrue(p.isPending(29), "SIGPROF (29 on MIPS): 6 ms system + 4 ms user");
        assertFalse(p.isPending(28), "no SIGVTALRM: 4 ms of user time");
        linux.chargeUserTime(p, 6 * MS);
        assertTrue(p.isPending(28), "SIGVTALRM (28 on MIPS)");
    }

    /** A thread of {@code p} (clone with CLONE_THREAD) on its own stack, after its first exception. */
    private Process thread(Process p, long sp) {
        long flags = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000; // VM, FS, FILES, SIGHAND, THREAD
        call(p, CLONE, flags, sp, 0, 0, 0);
        Process t = core.drain().started().get(0);
        core.exception(t, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        return t;
    }

    @Test
    void cloneFlagsAsLinuxChecksThem() {
        Process p = start();
        int vm = 0x100, sighand = 0x800, thread = 0x10000, vfork = 0x4000, sigchld = 18;
        assertEquals(-EINVAL, result(p, CLONE, thread | sigchld, 0, 0, 0, 0), "CLONE_THREAD needs CLONE_SIGHAND");
        assertEquals(-EINVAL, result(p, CLONE, thread | vm | sigchld, 0, 0, 0, 0));
        assertEquals(-EINVAL, result(p, CLONE, sighand | sigchld, 0, 0, 0, 0), "CLONE_SIGHAND needs CLONE_VM");
        assertEquals(-EINVAL, result(p, CLONE, thread | sighand | sigchld, 0, 0, 0, 0));
        // valid in Linux (a process sharing its parent's memory), not done here: ENOSYS, logged
        assertEquals(-ENOSYS, result(p, CLONE, vm | sigchld, 0, 0, 0, 0));
        assertEquals(-ENOSYS, result(p, CLONE, vm | sighand | sigchld, 0, 0, 0, 0));
        assertTrue(linux.unknownCalls().contains("clone with CLONE_VM but without CLONE_THREAD or CLONE_VFORK"), linux.unknownCalls().toString());
        assertEquals(List.of(), core.drain().started(), "no process was made");
        long[] f = frameAt(0x120001000L);
        f[GPR + V0] = MipsN64Abi.BASE + CLONE;
        f[GPR + A0] = vm | vfork | sigchld;
        assertInstanceOf(ServerCore.Wait.class, core.exception(p, SYS, f[PC], 0, f), "vfork: the parent waits for the child");
        assertEquals(1, core.drain().started().size());
    }

    // ---- job control ----

    /** A child of {@code parent} by fork, after its first exception. */
    private Process fork(Process parent) {
        call(parent, CLONE, 18, 0, 0, 0, 0);
        Process c = core.drain().started().get(0);
        core.exception(c, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        return c;
    }

    /** init (pid 1), a session leader {@code shell} with the console as its controlling tty, and a job in a group of its own. */
    private Process[] session() {
        Process init = start();
        Process shell = fork(init);
        assertEquals(shell.pid, result(shell, SETSID));
        assertEquals(0, result(shell, IOCTL, 0, TIOCSCTTY, 0));
        Process job = fork(shell);
        assertEquals(0, result(job, SETPGID, 0, 0));
        assertEquals(shell.pgid, linux.console.foregroundGroup);
        return new Process[] {init, shell, job};
    }

    private ServerCore.Reply raw(Process t, int number, long... args) {
        long[] f = frameAt(0x120001000L);
        f[GPR + V0] = MipsN64Abi.BASE + number;
        for (int i = 0; i < args.length; i++) f[GPR + A0 + i] = args[i];
        f[GPR + SP] = t.context.stackPointer();
        return core.exception(t, SYS, f[PC], 0, f);
    }

    private void ignore(Process t, int sig) {
        long act = t.context.stackPointer() - 0x800;
        abi.writeSigAction(t.memory, act, new l4.linuxserver.sys.SigAction(1, 0, 0, 0, 0)); // SIG_IGN
        assertEquals(0, result(t, RT_SIGACTION, sig, act, 0, 16));
    }

    @Test
    void aBackgroundReadStopsTheGroupWithSigttin() {
        Process job = session()[2];
        long buf = job.context.stackPointer() - 0x400;
        assertInstanceOf(ServerCore.Wait.class, raw(job, READ, 0, buf, 16));
        assertTrue(job.isPending(SIGTTIN) || job.state == Process.State.STOPPED, "SIGTTIN to the job's group");
        core.wake();
        assertEquals(Process.State.STOPPED, job.state, "SIGTTIN's default action stops");
    }

    @Test
    void aBackgroundReadThatIgnoresOrBlocksSigttinFailsWithEio() {
        Process[] s = session();
        Process job = s[2];
        long buf = job.context.stackPointer() - 0x400;
        ignore(job, SIGTTIN);
        assertEquals(-EIO, result(job, READ, 0, buf, 16));
        Process other = fork(s[1]);
        assertEquals(0, result(other, SETPGID, 0, 0));
        long set = other.context.stackPointer() - 0x800;
        other.memory.writeLong(set, 1L << (SIGTTIN - 1));
        other.memory.writeLong(set + 8, 0);
        assertEquals(0, result(other, RT_SIGPROCMASK, 1, set, 0, 16)); // SIG_BLOCK (1 on MIPS)
        assertEquals(-EIO, result(other, READ, 0, buf, 16));
        assertFalse(other.isPending(SIGTTIN));
    }

    @Test
    void backgroundWritesStopOnlyWithTostop() {
        Process[] s = session();
        Process job = s[2];
        long buf = job.context.stackPointer() - 0x400;
        job.memory.write(buf, new byte[] {'x'});
        assertEquals(1, result(job, WRITE, 1, buf, 1), "without TOSTOP a background job writes");
        linux.console.termios.lflag |= TOSTOP;
        assertInstanceOf(ServerCore.Wait.class, raw(job, WRITE, 1, buf, 1));
        assertTrue(job.isPending(SIGTTOU) || job.state == Process.State.STOPPED, "SIGTTOU with TOSTOP");
        Process other = fork(s[1]);
        assertEquals(0, result(other, SETPGID, 0, 0));
        ignore(other, SIGTTOU);
        assertEquals(1, result(other, WRITE, 1, buf, 1), "an ignored SIGTTOU lets the write go on");
        assertEquals(1, result(s[1], WRITE, 1, buf, 1), "the foreground group writes");
    }

    @Test
    void settingTheTtyFromTheBackgroundSendsSigttou() {
        Process[] s = session();
        Process shell = s[1], job = s[2];
        long at = job.context.stackPointer() - 0x400;
        job.memory.writeInt(at, job.pgid);
        assertInstanceOf(ServerCore.Wait.class, raw(job, IOCTL, 0, TIOCSPGRP, at));
        assertTrue(job.isPending(SIGTTOU) || job.state == Process.State.STOPPED);
        assertEquals(shell.pgid, linux.console.foregroundGroup);

        long sat = shell.context.stackPointer() - 0x400;
        shell.memory.writeInt(sat, 999);
        assertEquals(-ESRCH, result(shell, IOCTL, 0, TIOCSPGRP, sat), "no such group");
        shell.memory.writeInt(sat, s[0].pgid);
        assertEquals(-EPERM, result(shell, IOCTL, 0, TIOCSPGRP, sat), "init's group is of another session");
        shell.memory.writeInt(sat, -1);
        assertEquals(-EINVAL, result(shell, IOCTL, 0, TIOCSPGRP, sat));
        shell.memory.writeInt(sat, job.pgid);
        assertEquals(0, result(shell, IOCTL, 0, TIOCSPGRP, sat), "the foreground shell gives the tty to the job");
        assertEquals(job.pgid, linux.console.foregroundGroup);
        assertEquals(0, result(shell, IOCTL, 0, TIOCGPGRP, sat));
        assertEquals(job.pgid, shell.memory.readInt(sat));
        assertEquals(-EIO, result(shell, IOCTL, 0, TCSETS, sat),
                "now the shell is in the background, in a group that is orphaned (its parent is init)");
        assertFalse(shell.isPending(SIGTTOU));

        Process outsider = fork(s[0]); // init's child: another session, the console is not its controlling tty
        long oat = outsider.context.stackPointer() - 0x400;
        outsider.memory.writeInt(oat, outsider.pgid);
        assertEquals(-ENOTTY, result(outsider, IOCTL, 0, TIOCSPGRP, oat));
    }

    @Test
    void anOrphanedGroupGetsEioInsteadOfAStop() {
        Process[] s = session();
        Process job = s[2];
        Process grandchild = fork(job);
        assertEquals(0, result(grandchild, SETPGID, 0, 0));
        assertInstanceOf(ServerCore.Gone.class, core.exception(job, SYS, 0x120001000L, 0, exitFrame()));
        core.drain();
        assertEquals(1, grandchild.parent.pid, "reparented to init: its group is orphaned");
        long buf = grandchild.context.stackPointer() - 0x400;
        assertEquals(-EIO, result(grandchild, READ, 0, buf, 16));
        linux.console.termios.lflag |= TOSTOP;
        assertEquals(-EIO, result(grandchild, WRITE, 1, buf, 1));
        assertFalse(grandchild.isPending(SIGTTIN) || grandchild.isPending(SIGTTOU));
        long at = grandchild.context.stackPointer() - 0x800;
        grandchild.memory.writeInt(at, grandchild.pgid);
        assertEquals(-ENOTTY, result(grandchild, IOCTL, 0, TIOCSPGRP, at), "tiocspgrp's EIO is ENOTTY");
    }

    // ---- a process signal every thread blocks ----

    private static final int KILL = 60, RT_SIGPENDING = 125, RT_SIGSUSPEND = 128, SIGUSR1 = 16, SIG_BLOCK = 1; // MIPS: SIG_BLOCK is 1

    /** The signal set of {@code t}'s pending signals as rt_sigpending reports it (the blocked ones). */
    private long sigpending(Process t) {
        long set = t.context.stackPointer() - 0x700;
        assertEquals(0, result(t, RT_SIGPENDING, set, 16));
        return t.memory.readLong(set);
    }

    /**
     * A signal sent to a process while every thread blocks it waits in the process's shared set,
     * and the first thread to unblock it takes it, whichever that is (Linux's shared_pending):
     * here a thread that was not the leader and then waits in sigsuspend with an empty mask, as
     * lxtest's route mode does when its kill comes before the other thread's sigsuspend.
     */
    @Test
    void aSignalEveryThreadBlocksGoesToTheThreadThatUnblocksItFirst() {
        Process p = start();
        long usr1 = 1L << (SIGUSR1 - 1), handler = 0x120002000L;
        long act = p.context.stackPointer() - 0x800, set = act + 0x100;
        abi.writeSigAction(p.memory, act, new l4.linuxserver.sys.SigAction(handler, 0, 0, 0, 0));
        assertEquals(0, result(p, RT_SIGACTION, SIGUSR1, act, 0, 16));
        p.memory.writeLong(set, usr1);
        p.memory.writeLong(set + 8, 0);
        assertEquals(0, result(p, RT_SIGPROCMASK, SIG_BLOCK, set, 0, 16));
        Process t = thread(p, p.context.stackPointer() - 0x4000);
        assertEquals(0, result(t, RT_SIGPROCMASK, SIG_BLOCK, set, 0, 16));

        assertEquals(0, result(p, KILL, p.pid, SIGUSR1));
        assertFalse(linux.hasDeliverable(p) || linux.hasDeliverable(t), "every thread blocks it");
        assertEquals(usr1, sigpending(p) & usr1, "pending for the process");
        assertEquals(usr1, sigpending(t) & usr1, "pending for the process, so for every thread");

        long none = t.context.stackPointer() - 0x900;
        t.memory.writeLong(none, 0);
        t.memory.writeLong(none + 8, 0);
        ServerCore.Resume r = assertInstanceOf(ServerCore.Resume.class, raw(t, RT_SIGSUSPEND, none, 16),
                "sigsuspend with SIGUSR1 unblocked returns at once into the handler");
        assertEquals(handler, r.frame()[PC], "the thread that unblocked it runs the handler");
        assertEquals(0, sigpending(p) & usr1, "taken once");
        assertFalse(linux.hasDeliverable(p));
    }

    private static final int TGKILL = 225, SIG_UNBLOCK = 2; // MIPS n64: tgkill is 5225; SIG_UNBLOCK is 2
    private static final long USR1 = 1L << (SIGUSR1 - 1);
    /** Where {@link #usr1Pair} put the set {SIGUSR1}, in the process's memory. */
    private long usr1Set;

    /** A process whose SIGUSR1 runs a handler, and a second thread of it; neither blocks SIGUSR1. */
    private Process[] usr1Pair() {
        Process p = start();
        long act = p.context.stackPointer() - 0x800;
        usr1Set = act + 0x100;
        abi.writeSigAction(p.memory, act, new l4.linuxserver.sys.SigAction(0x120002000L, 0, 0, 0, 0));
        assertEquals(0, result(p, RT_SIGACTION, SIGUSR1, act, 0, 16));
        p.memory.writeLong(usr1Set, USR1);
        p.memory.writeLong(usr1Set + 8, 0);
        return new Process[] {p, thread(p, p.context.stackPointer() - 0x4000)};
    }

    private void mask(Process t, int how) {
        assertEquals(0, result(t, RT_SIGPROCMASK, how, usr1Set, 0, 16));
    }

    /** Whether {@code t}'s sigprocmask that unblocks SIGUSR1 returns into the handler (it takes the signal). */
    private boolean unblockRunsHandler(Process t) {
        return call(t, RT_SIGPROCMASK, SIG_UNBLOCK, usr1Set, 0, 16)[PC] == 0x120002000L;
    }

    /**
     * A signal sent to the process is picked for a thread that does not block it (the leader
     * first); if that thread blocks it before it takes it, another thread that does not block it
     * gets it, as Linux's retarget_shared_pending wakes one when the picked thread blocks it.
     */
    @Test
    void aProcessSignalThePickedThreadBlocksGoesToAnotherThread() {
        Process[] pt = usr1Pair();
        Process p = pt[0], t = pt[1];
        assertEquals(0, result(t, KILL, p.pid, SIGUSR1));
        assertTrue(linux.hasDeliverable(p) && !linux.hasDeliverable(t), "picked for the leader");
        mask(p, SIG_BLOCK);
        assertFalse(linux.hasDeliverable(p), "the leader blocks it now");
        assertTrue(linux.hasDeliverable(t), "the other thread gets it");
        assertEquals(0, sigpending(p) & USR1, "it is not the leader's any more");
        mask(p, SIG_UNBLOCK);
        assertFalse(linux.hasDeliverable(p), "it stays with the thread it went to");
        assertTrue(linux.hasDeliverable(t));
    }

    /** If every other thread blocks it too, it goes to the shared set, taken by the first thread to unblock it. */
    @Test
    void aProcessSignalNoOtherThreadCanTakeWaitsInTheSharedSet() {
        Process[] pt = usr1Pair();
        Process p = pt[0], t = pt[1];
        mask(t, SIG_BLOCK);
        assertEquals(0, result(t, KILL, p.pid, SIGUSR1));
        mask(p, SIG_BLOCK);
        assertFalse(linux.hasDeliverable(p) || linux.hasDeliverable(t), "every thread blocks it");
        assertEquals(USR1, sigpending(t) & USR1, "pending for the process, so for every thread");
        assertTrue(unblockRunsHandler(t), "the first thread to unblock it takes it");
        assertEquals(0, sigpending(p) & USR1, "taken once");
    }

    /** A thread that exits before it takes a process signal picked for it hands it on (Linux's exit_signals). */
    @Test
    void aProcessSignalOfAThreadThatExitsGoesToAnotherThread() {
        Process[] pt = usr1Pair();
        Process p = pt[0], t = pt[1];
        mask(p, SIG_BLOCK);
        assertEquals(0, result(p, KILL, p.pid, SIGUSR1));
        assertTrue(linux.hasDeliverable(t), "picked for the thread that does not block it");
        long[] f = frameAt(0x120001000L);
        f[GPR + V0] = MipsN64Abi.BASE + EXIT;
        core.exception(t, SYS, f[PC], 0, f);
        assertFalse(t.alive());
        assertEquals(USR1, sigpending(p) & USR1, "the leader blocks it: it waits in the shared set");
        assertTrue(unblockRunsHandler(p));
    }

    /** A signal sent to the thread (tgkill) stays with it while it blocks it. */
    @Test
    void aThreadSignalStaysWithItsThread() {
        Process[] pt = usr1Pair();
        Process p = pt[0], t = pt[1];
        assertEquals(0, result(t, TGKILL, p.pid, p.pid, SIGUSR1));
        mask(p, SIG_BLOCK);
        assertFalse(linux.hasDeliverable(t), "not the other thread's");
        assertEquals(USR1, sigpending(p) & USR1, "still the leader's, blocked");
        assertEquals(0, sigpending(t) & USR1, "not the process's");
    }

    private static final int RT_SIGTIMEDWAIT = 126; // MIPS n64: 5126

    /**
     * The siginfo rt_sigtimedwait returns is the sender's: tgkill's si_code is SI_TKILL (-6) with
     * the sender's pid (Linux's do_tkill; qemu-user reports SI_USER for it, so the differential
     * suite uses kill), kill's SI_USER (0).
     */
    @Test
    void sigtimedwaitReturnsTheSendersSiginfo() {
        Process[] pt = usr1Pair();
        Process p = pt[0], t = pt[1];
        mask(p, SIG_BLOCK);
        long info = usr1Set + 0x100;
        assertEquals(0, result(p, TGKILL, p.pid, p.pid, SIGUSR1));
        assertEquals(SIGUSR1, result(p, RT_SIGTIMEDWAIT, usr1Set, info, 0, 16));
        assertEquals(SIGUSR1, p.memory.readInt(info), "si_signo");
        assertEquals(-6, p.memory.readInt(info + 4), "si_code SI_TKILL (MIPS: si_code before si_errno)");
        assertEquals(p.pid, p.memory.readInt(info + 16), "si_pid");
        mask(t, SIG_BLOCK);
        assertEquals(0, result(t, KILL, p.pid, SIGUSR1));
        assertEquals(SIGUSR1, result(t, RT_SIGTIMEDWAIT, usr1Set, info, 0, 16), "a process signal every thread blocks, taken by the other thread");
        assertEquals(0, p.memory.readInt(info + 4), "si_code SI_USER");
        assertEquals(p.pid, p.memory.readInt(info + 16), "si_pid: the sender's process");
    }

    // ---- SIGCHLD and SA_NOCLDWAIT (kernel/signal.c, do_notify_parent) ----

    @Test
    void aNocldwaitParentsHandlerGetsSigchldAndTheChildIsReapedAtOnce() {
        Process p = start();
        int sigchld = 18;
        long act = p.context.stackPointer() - 0x800, buf = act + 0x100;
        abi.writeSigAction(p.memory, act, new l4.linuxserver.sys.SigAction(0x120002000L, abi.saNocldwait(), 0, 0, 0));
        assertEquals(0, result(p, RT_SIGACTION, sigchld, act, 0, 16));
        Process child = fork(p);
        assertInstanceOf(ServerCore.Gone.class, core.exception(child, SYS, 0x120001000L, 0, exitFrame()));
        assertTrue(p.isPending(sigchld), "the handler is still signalled");
        assertEquals(null, linux.process(child.pid), "and the child reaped at once");
        assertEquals(-10, result(p, WAIT4, -1, buf, 0, 0), "so wait finds no child: ECHILD");
    }

    @Test
    void sigchldCarriesTheChildsCpuTimesInTicks() {
        Process p = start();
        int sigchld = 18;
        long set = p.context.stackPointer() - 0x800, info = set + 0x100;
        p.memory.writeLong(set, 1L << (sigchld - 1));
        p.memory.writeLong(set + 8, 0);
        assertEquals(0, result(p, RT_SIGPROCMASK, SIG_BLOCK, set, 0, 16));
        Process child = fork(p);
        linux.chargeUserTime(child, 70 * MS);
        linux.chargeSystemTime(child, 20 * MS);
        assertInstanceOf(ServerCore.Gone.class, core.exception(child, SYS, 0x120001000L, 0, exitFrame()));
        assertEquals(sigchld, result(p, RT_SIGTIMEDWAIT, set, info, 0, 16));
        assertEquals(child.pid, p.memory.readInt(info + 16), "si_pid");
        assertEquals(7, p.memory.readLong(info + 32), "si_utime: 70 ms in ticks of 10 ms");
        assertEquals(2, p.memory.readLong(info + 40), "si_stime");
    }

    @Test
    void killMinusOneSignalsEveryProcessButInitAndTheCaller() {
        Process init = start();
        assertEquals(1, init.pid);
        assertEquals(-ESRCH, result(init, KILL, -1, SIGUSR1), "init alone: nobody to signal");
        Process a = fork(init), b = fork(init);
        assertEquals(0, result(a, KILL, -1, SIGUSR1));
        assertTrue(b.isPending(SIGUSR1), "another process");
        assertFalse(a.isPending(SIGUSR1), "not the caller (kill_something_info skips its own thread group)");
        assertFalse(init.isPending(SIGUSR1), "not init");
    }

    // ---- FIFOs (fs/pipe.c, fifo_open) ----

    private static final int OPENAT = 247, MKNODAT = 249, CLOSE = 3, AT_FDCWD = -100, S_IFIFO = 0010000;
    private static final int O_WRONLY = 1, O_NONBLOCK = 0x80, ENXIO = 6; // MIPS: O_NONBLOCK is 0x80

    private long fifoPath(Process... ps) {
        long path = ps[0].context.stackPointer() - 0x600;
        for (Process t : ps) t.memory.write(path, "/tmp/f\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return path;
    }

    /** The answer {@link ServerCore#wake} gives {@code t}: its call's result, or -errno. */
    private long wokenResult(Process t) {
        for (ServerCore.Answer a : core.wake()) {
            if (a.thread() == t) {
                long[] r = assertInstanceOf(ServerCore.Resume.class, a.reply()).frame();
                return r[GPR + A3] != 0 ? -r[GPR + V0] : r[GPR + V0];
            }
        }
        throw new AssertionError("no answer for pid " + t.pid);
    }

    @Test
    void aFifosReaderWaitsForAWriterAndTheyTalkThroughIt() {
        Process p = start();
        Process q = fork(p);
        long path = fifoPath(p, q), buf = path + 0x100;
        assertEquals(0, result(p, MKNODAT, AT_FDCWD, path, S_IFIFO | 0600, 0));
        assertInstanceOf(ServerCore.Wait.class, raw(p, OPENAT, AT_FDCWD, path, 0, 0), "a reader waits for a writer");
        long wfd = result(q, OPENAT, AT_FDCWD, path, O_WRONLY, 0);
        assertTrue(wfd >= 0, "a writer finds the reader there: " + wfd);
        long rfd = wokenResult(p);
        assertTrue(rfd >= 0, "the reader's open ends: " + rfd);
        q.memory.write(buf, new byte[] {'h', 'i'});
        assertEquals(2, result(q, WRITE, wfd, buf, 2));
        assertEquals(2, result(p, READ, rfd, buf, 16));
        assertEquals('h', p.memory.read(buf, 1)[0]);
        assertEquals(0, result(q, CLOSE, wfd));
        assertEquals(0, result(p, READ, rfd, buf, 16), "the last writer closed: end of file");
    }

    @Test
    void closingThePipesLastWriterWakesTheReaderWithEndOfFile() {
        Process p = start();
        long fds = p.context.stackPointer() - 0x600, buf = fds + 0x100;
        assertEquals(0, result(p, 287, fds, 0)); // pipe2
        int r = p.memory.readInt(fds), w = p.memory.readInt(fds + 4);
        Process q = fork(p);
        assertEquals(0, result(q, CLOSE, w));
        assertInstanceOf(ServerCore.Wait.class, raw(q, READ, r, buf, 16), "a writer is left: the read waits");
        assertTrue(core.wake().isEmpty(), "nothing for the reader yet");
        assertEquals(0, result(p, CLOSE, w), "the last writer closes, and its process goes on");
        assertEquals(0, wokenResult(q), "the reader sees the end of file at once");
    }

    @Test
    void aDup2RefusedAtTheDescriptorLimitTakesNoReference() {
        Process p = start();
        long fds = p.context.stackPointer() - 0x600, buf = fds + 0x100, lim = fds + 0x200;
        assertEquals(0, result(p, 287, fds, 0)); // pipe2
        int r = p.memory.readInt(fds), w = p.memory.readInt(fds + 4);
        p.memory.writeLong(lim, 5);
        p.memory.writeLong(lim + 8, 10);
        assertEquals(0, result(p, PRLIMIT64, 0, RLIMIT_NOFILE, lim, 0));
        assertEquals(-9, result(p, DUP2, w, 7), "at or above RLIMIT_NOFILE: EBADF");
        assertEquals(0, result(p, CLOSE, w));
        assertEquals(0, result(p, READ, r, buf, 16), "the write end is gone with its one descriptor: end of file");
    }

    @Test
    void aHandlerEndsAWaitingFifoOpenAndItsEndIsClosedAgain() {
        Process p = start();
        Process q = fork(p);
        long path = fifoPath(p, q);
        assertEquals(0, result(p, MKNODAT, AT_FDCWD, path, S_IFIFO | 0600, 0));
        assertEquals(-ENXIO, result(q, OPENAT, AT_FDCWD, path, O_WRONLY | O_NONBLOCK, 0), "no reader: a nonblocking writer fails");
        long act = p.context.stackPointer() - 0x800;
        abi.writeSigAction(p.memory, act, new l4.linuxserver.sys.SigAction(0x120002000L, 0, 0, 0, 0)); // no SA_RESTART
        assertEquals(0, result(p, RT_SIGACTION, SIGUSR1, act, 0, 16));
        assertInstanceOf(ServerCore.Wait.class, raw(p, OPENAT, AT_FDCWD, path, 0, 0));
        assertTrue(result(q, OPENAT, AT_FDCWD, path, O_WRONLY | O_NONBLOCK, 0) >= 0, "the waiting reader counts");
        assertEquals(0, result(q, KILL, p.pid, SIGUSR1));
        assertTrue(core.wake().stream().anyMatch(a -> a.thread() == p), "the open ends (EINTR) and the handler runs");
        assertEquals(-ENXIO, result(q, OPENAT, AT_FDCWD, path, O_WRONLY | O_NONBLOCK, 0), "and its end is gone again");
    }

    @Test
    void mknodMakesFifosAndRootsCharacterDevices() {
        Process p = start();
        long path = fifoPath(p), buf = path + 0x100;
        int sIfchr = 0020000, sIfdir = 0040000;
        assertEquals(0, result(p, MKNODAT, AT_FDCWD, path, sIfchr | 0666, 1 << 8 | 5), "/dev/zero's number");
        assertEquals(-17, result(p, MKNODAT, AT_FDCWD, path, S_IFIFO | 0600, 0), "EEXIST");
        long fd = result(p, OPENAT, AT_FDCWD, path, 0, 0);
        p.memory.write(buf, new byte[] {7, 7});
        assertEquals(2, result(p, READ, fd, buf, 2));
        assertEquals(0, p.memory.read(buf, 1)[0], "it reads as /dev/zero");
        p.memory.write(path, "/tmp/g\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, result(p, MKNODAT, AT_FDCWD, path, sIfchr | 0666, 42 << 8 | 1));
        assertEquals(-ENXIO, result(p, OPENAT, AT_FDCWD, path, 0, 0), "no driver for 42:1");
        p.memory.write(path, "/tmp/h\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(-EPERM, result(p, MKNODAT, AT_FDCWD, path, sIfdir | 0755, 0), "a directory: EPERM");
        assertEquals(-EINVAL, result(p, MKNODAT, AT_FDCWD, path, 0170000 | 0755, 0), "no such type");
        assertEquals(0, result(p, SETUID, 1000));
        assertEquals(-EPERM, result(p, MKNODAT, AT_FDCWD, path, sIfchr | 0666, 1 << 8 | 3), "not root");
        assertEquals(0, result(p, MKNODAT, AT_FDCWD, path, S_IFIFO | 0600, 0), "a FIFO needs no privilege");
    }

    // ---- owners, times and limits (fs/open.c chown_common, fs/utimes.c, kernel/sys.c do_prlimit) ----

    private static final int CHMOD = 88, CHOWN = 90, UTIMENSAT = 275, PRLIMIT64 = 297, DUP = 31, DUP2 = 32, SETRESUID = 115;
    /** MIPS's number for it (arch/mips/include/uapi/asm/resource.h); the generic one, 7, is RLIMIT_RSS there. */
    private static final int RLIMIT_NOFILE = 5, RLIMIT_RSS = 7;

    /** A file /tmp/f of root's, and its path in {@code p}'s memory. */
    private long rootsFile(Process p) {
        long path = fifoPath(p);
        assertTrue(result(p, OPENAT, AT_FDCWD, path, 0x100 | 1, 0644) >= 0); // MIPS: O_CREAT is 0x100; O_WRONLY
        return path;
    }

    @Test
    void onlyRootGivesAFileAwayAndAnOwnerMayOnlyChooseItsOwnGroup() {
        Process p = start();
        long path = rootsFile(p);
        assertEquals(0, result(p, CHMOD, path, 06755));
        assertEquals(0, result(p, CHOWN, path, 1000, 100));
        assertEquals(0, result(p, 104, 50)); // setgid(50), while root
        assertEquals(0, result(p, SETRESUID, 1000, 1000, 1000));
        assertEquals(-EPERM, result(p, CHOWN, path, 0, -1), "not root: no new owner");
        assertEquals(-EPERM, result(p, CHOWN, path, -1, 7), "nor a group it is not in");
        assertEquals(0, result(p, CHOWN, path, -1, 50), "its own group, as the owner");
        assertEquals(0, result(p, CHMOD, path, 02755), "the owner may chmod");
        long buf = path + 0x100;
        assertEquals(0, result(p, 4, path, buf)); // stat
        int mode = p.memory.readInt(buf + 24), uid = p.memory.readInt(buf + 32), gid = p.memory.readInt(buf + 36); // n64 struct stat
        assertEquals(1000, uid);
        assertEquals(50, gid);
        assertEquals(02755, mode & 07777, "the set-group-ID stays: the file is in the owner's group now");
    }

    @Test
    void chownClearsSetUserIdAndExplicitTimesAreTheOwnersOrRoots() {
        Process p = start();
        long path = rootsFile(p), times = path + 0x100;
        assertEquals(0, result(p, CHMOD, path, 06755));
        assertEquals(0, result(p, CHOWN, path, -1, -1), "even a chown that changes nothing");
        assertEquals(0, result(p, UTIMENSAT, AT_FDCWD, path, 0, 0));
        p.memory.writeLong(times, 1000);
        p.memory.writeLong(times + 8, 0);
        p.memory.writeLong(times + 16, 2000);
        p.memory.writeLong(times + 24, (1L << 30) - 2); // UTIME_OMIT
        assertEquals(0, result(p, UTIMENSAT, AT_FDCWD, path, times, 0));
        assertEquals(0, result(p, SETRESUID, 1000, 1000, 1000));
        assertEquals(-EPERM, result(p, UTIMENSAT, AT_FDCWD, path, times, 0), "explicit times: the owner's");
        assertEquals(-13, result(p, UTIMENSAT, AT_FDCWD, path, 0, 0), "now: write permission at least (EACCES)");
        p.memory.writeLong(times + 8, 1_000_000_000L);
        assertEquals(-EINVAL, result(p, UTIMENSAT, AT_FDCWD, path, times, 0), "a nanosecond field out of range");
        assertEquals(-14, result(p, UTIMENSAT, AT_FDCWD, 0, 0, 0), "no path and no descriptor: EFAULT");
    }

    @Test
    void theDescriptorLimitBoundsTheTableAndOnlyRootRaisesAHardLimit() {
        Process p = start();
        long lim = p.context.stackPointer() - 0x700, old = lim + 0x20;
        assertEquals(0, result(p, PRLIMIT64, 0, RLIMIT_NOFILE, 0, old));
        assertEquals(1024, p.memory.readLong(old), "RLIMIT_NOFILE: Linux's INR_OPEN_CUR");
        assertEquals(4096, p.memory.readLong(old + 8));
        p.memory.writeLong(lim, 5);
        p.memory.writeLong(lim + 8, 10);
        assertEquals(0, result(p, PRLIMIT64, 0, RLIMIT_NOFILE, lim, 0));
        assertEquals(3, result(p, DUP, 0));
        assertEquals(4, result(p, DUP, 0));
        assertEquals(-24, result(p, DUP, 0), "EMFILE at the soft limit");
        assertEquals(-9, result(p, DUP2, 0, 5), "dup2 at or above it: EBADF");
        Process child = fork(p);
        assertEquals(-24, result(child, DUP, 0), "a child inherits the limit");
        p.memory.writeLong(lim, 20);
        assertEquals(-EINVAL, result(p, PRLIMIT64, 0, RLIMIT_NOFILE, lim, 0), "soft above hard");
        p.memory.writeLong(lim + 8, 20);
        assertEquals(0, result(p, PRLIMIT64, 0, RLIMIT_NOFILE, lim, 0), "root raises the hard limit");
        assertEquals(0, result(p, SETRESUID, 1000, 1000, 1000));
        p.memory.writeLong(lim + 8, 30);
        p.memory.writeLong(lim, 30);
        assertEquals(-EPERM, result(p, PRLIMIT64, 0, RLIMIT_NOFILE, lim, 0), "others may not");
        assertEquals(-EINVAL, result(p, PRLIMIT64, 0, 16, 0, old), "no such resource");
        assertEquals(-ESRCH, result(p, PRLIMIT64, 999, RLIMIT_NOFILE, 0, old));
        assertEquals(0, result(p, PRLIMIT64, 0, RLIMIT_RSS, 0, old));
        assertEquals(-1, p.memory.readLong(old), "RLIMIT_RSS is unlimited, whatever the descriptor limit is");
    }

    @Test
    void rootNamesTheHostAndUnameSaysSo() {
        Process p = start();
        long name = p.context.stackPointer() - 0x700, uts = name + 0x100;
        p.memory.write(name, "box7".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, result(p, 165, name, 4)); // sethostname
        assertEquals(0, result(p, 166, name, 3)); // setdomainname: "box"
        assertEquals(0, result(p, 61, uts)); // uname
        assertEquals("box7", p.memory.readString(uts + 65, 64), "nodename");
        assertEquals("box", p.memory.readString(uts + 5 * 65, 64), "domainname");
        assertEquals(-EINVAL, result(p, 165, name, 65), "longer than 64");
        assertEquals(0, result(p, SETRESUID, 1000, 1000, 1000));
        assertEquals(-EPERM, result(p, 165, name, 4), "not root");
    }

    // ---- reboot (kernel/reboot.c) ----

    private static final int REBOOT = 164, SETUID = 103;
    private static final long MAGIC1 = 0xfee1deadL, MAGIC2 = 672274793, MAGIC2C = 537993216;
    private static final long CAD_OFF = 0, CAD_ON = 0x89ABCDEFL, POWER_OFF = 0x4321FEDCL, HALT = 0xCDEF0123L,
            RESTART2 = 0xA1B2C3D4L, KEXEC = 0x45584543L;

    @Test
    void rebootIsRootsAndWantsTheMagicNumbers() {
        Process p = start();
        assertEquals(0, result(p, REBOOT, MAGIC1, MAGIC2, CAD_OFF, 0), "busybox init's reboot(RB_DISABLE_CAD)");
        assertFalse(linux.ctrlAltDel());
        assertEquals(0, result(p, REBOOT, MAGIC1, MAGIC2C, CAD_ON, 0), "any of the four second magics");
        assertTrue(linux.ctrlAltDel());
        assertEquals(-EINVAL, result(p, REBOOT, MAGIC1, 12345, POWER_OFF, 0), "a wrong second magic");
        assertEquals(-EINVAL, result(p, REBOOT, 0xfee1deaeL, MAGIC2, POWER_OFF, 0), "a wrong first magic");
        assertEquals(-EINVAL, result(p, REBOOT, MAGIC1, MAGIC2, KEXEC, 0), "kexec is not built in");
        assertEquals(-EINVAL, result(p, REBOOT, MAGIC1, MAGIC2, 0x12345678L, 0), "no such command");
        assertEquals(0, result(p, SETUID, 1000));
        assertEquals(-EPERM, result(p, REBOOT, MAGIC1, 12345, POWER_OFF, 0), "not root: EPERM, before the magic is looked at");
        assertEquals(null, linux.shutdown());
        assertEquals("", consoleOut.toString());
        assertTrue(p.alive());
    }

    @Test
    void powerOffEndsEveryProcessAndSaysSoOnTheConsole() {
        Process p = start();
        Process t = thread(p, p.context.stackPointer() - 0x2000);
        Process child = fork(p);
        assertInstanceOf(ServerCore.Gone.class, core.exception(child, SYS, 0x120001000L, 0,
                frame(REBOOT, MAGIC1, MAGIC2, POWER_OFF)), "the caller goes too: the call does not return");
        assertEquals("reboot: Power down\r\n", consoleOut.toString());
        assertFalse(linux.shutdown().restart());
        assertTrue(linux.processes().isEmpty(), "no process is left");
        assertFalse(p.alive());
        assertFalse(t.alive());
        ServerCore.Work w = core.drain();
        assertTrue(w.ended().containsAll(List.of(p, t, child)), "the transport is told to end every task: " + w.ended());
    }

    @Test
    void restartWithACommandIsARestart() {
        Process p = start();
        long s = p.context.stackPointer() - 0x400;
        p.memory.write(s, "rescue\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertInstanceOf(ServerCore.Gone.class, core.exception(p, SYS, 0x120001000L, 0, frame(REBOOT, MAGIC1, MAGIC2, RESTART2, s)));
        assertEquals("reboot: Restarting system with command 'rescue'\r\n", consoleOut.toString());
        assertTrue(linux.shutdown().restart());
    }

    @Test
    void haltIsNoRestart() {
        Process p = start();
        assertInstanceOf(ServerCore.Gone.class, core.exception(p, SYS, 0x120001000L, 0, frame(REBOOT, MAGIC1, MAGIC2, HALT)));
        assertEquals("reboot: System halted\r\n", consoleOut.toString());
        assertFalse(linux.shutdown().restart());
    }

    /** A system call's frame: {@code number} in v0, {@code args} from a0. */
    private static long[] frame(int number, long... args) {
        long[] f = frameAt(0x120001000L);
        f[GPR + V0] = MipsN64Abi.BASE + number;
        for (int i = 0; i < args.length; i++) f[GPR + A0 + i] = args[i];
        return f;
    }

    // ---- execve in a thread ----

    @Test
    void execveInAThreadTakesTheLeadersPlace() {
        Process p = start();
        Process other = thread(p, p.context.stackPointer() - 0x2000);
        Process t = thread(p, p.context.stackPointer() - 0x4000);
        linux.chargeUserTime(t, 30 * MS);
        long path = p.context.stackPointer() - 0x400, argv = path + 0x40;
        p.memory.write(path, "/bin/busybox\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        p.memory.write(path + 0x20, "true\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        p.memory.writeLong(argv, path + 0x20);
        p.memory.writeLong(argv + 8, 0);
        long[] f = frameAt(0x120001000L);
        f[GPR + V0] = MipsN64Abi.BASE + EXECVE;
        f[GPR + A0] = path;
        f[GPR + A0 + 1] = argv;
        f[GPR + A0 + 2] = 0;
        f[GPR + SP] = t.context.stackPointer();
        ServerCore.Resume r = assertInstanceOf(ServerCore.Resume.class, core.exception(t, SYS, f[PC], 0, f));
        assertEquals(p.context.programCounter(), r.frame()[PC], "the answer is the leader's new image");
        assertEquals(p, t.successor, "the calling thread goes on as the leader");
        ServerCore.Work w = core.drain();
        assertEquals(List.of(t), w.rebound());
        assertEquals(List.of(), w.started(), "no new task: the caller's thread goes on in its task");
        assertTrue(w.ended().contains(other) && !w.ended().contains(t) && !w.ended().contains(p), "the other thread ends: " + w.ended());
        assertTrue(p.alive());
        assertEquals(List.of(), p.threads);
        assertEquals(null, linux.process(t.pid), "the caller's own id is gone");
        assertEquals(p, linux.process(p.pid));
        assertEquals(p.pid, result(p, GETTID), "the thread's id is now the process id");
        assertEquals(p.pid, result(p, GETPID));
        long buf = p.context.stackPointer() - 0x100;
        result(p, CLOCK_GETTIME, 3, buf);
        assertEquals(30 * MS, p.memory.readLong(buf + 8), "the thread keeps its CPU time");
    }
}
