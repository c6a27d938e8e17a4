package l4.linuxserver.server;

import static l4.linuxserver.mips.MipsTrapAbi.CAUSE;
import static l4.linuxserver.mips.MipsTrapAbi.FPR;
import static l4.linuxserver.mips.MipsTrapAbi.GPR;
import static l4.linuxserver.mips.MipsTrapAbi.PC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import l4.api.mips.ExceptionFrame;
import l4.linuxserver.mips.MipsContext;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mips.MipsTrapAbi;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.Process;
import l4.linuxserver.sys.SigAction;

/**
 * The server core on synthetic exception frames and page faults, as the L4 transport will hand
 * them over (guest code never runs here: each frame is what the thread would have sent).
 */
class ServerCoreTest {
    private static final long SYS = ExceptionFrame.cause(ExceptionFrame.EXC_SYS, 0), BP = ExceptionFrame.cause(ExceptionFrame.EXC_BP, 0),
            RI = ExceptionFrame.cause(ExceptionFrame.EXC_RI, 0);
    private static final int V0 = 2, A0 = 4, A1 = 5, A2 = 6, A3 = 7, S0 = 16, SP = 29;

    private final MipsN64Abi abi = new MipsN64Abi();
    private LinuxSystem linux;
    private ServerCore core;
    private long now;

    @BeforeEach
    void boot() {
        linux = CoreFixture.linux(abi, () -> now);
        core = new ServerCore(linux, new MipsTrapAbi());
    }

    private Process start() {
        Process p = linux.spawn("/bin/busybox", List.of("sh"), List.of(), null);
        ServerCore.Work w = core.adopt();
        assertEquals(List.of(p), w.started());
        // a new task starts at the entry: its first exception fetches the frame the layer made
        ServerCore.Resume r = (ServerCore.Resume) core.exception(p, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        assertEquals(p.context.programCounter(), r.frame()[PC]);
        assertEquals(p.context.stackPointer(), r.frame()[GPR + SP]);
        return p;
    }

    private static long[] frameAt(long pc) {
        long[] f = new long[MipsTrapAbi.WORDS];
        f[PC] = pc;
        return f;
    }

    private long[] syscall(long pc, long number, long... args) {
        long[] f = frameAt(pc);
        f[GPR + V0] = number;
        for (int i = 0; i < args.length; i++) f[GPR + A0 + i] = args[i];
        f[GPR + SP] = 0x7ff000L;
        f[CAUSE] = SYS;
        return f;
    }

    private ServerCore.Reply call(Process p, long[] frame) {
        return core.exception(p, SYS, frame[PC], 0, frame);
    }

    @Test
    void aSystemCallIsAnsweredWithTheWholeFrame() {
        Process p = start();
        long[] f = syscall(0x120001000L, MipsN64Abi.BASE + 38); // getpid
        f[GPR + S0] = 0x5eed;
        f[FPR + 3] = 0x4009_21fb_5444_2d18L;
        ServerCore.Resume r = assertInstanceOf(ServerCore.Resume.class, call(p, f));
        assertEquals(p.pid, r.frame()[GPR + V0]);
        assertEquals(0, r.frame()[GPR + A3], "a3: no error");
        assertEquals(0x120001004L, r.frame()[PC], "returns after the syscall instruction");
        assertEquals(0x5eed, r.frame()[GPR + S0]);
        assertEquals(0x4009_21fb_5444_2d18L, r.frame()[FPR + 3]);
        assertEquals(SYS, r.frame()[CAUSE], "words a context does not hold come back as received");
    }

    @Test
    void anErrorIsNegatedIntoV0WithA3Set() {
        Process p = start();
        ServerCore.Resume r = (ServerCore.Resume) call(p, syscall(0x120001000L, MipsN64Abi.BASE + 3, 77)); // close(77)
        assertEquals(9, r.frame()[GPR + V0], "EBADF");
        assertEquals(1, r.frame()[GPR + A3]);
    }

    @Test
    void pageFaultsMapTheProcessMemoryAndForkSharesItCopyOnWrite() {
        Process p = start();
        long entry = p.context.programCounter(), stack = p.context.stackPointer();
        ServerCore.MapPage text = (ServerCore.MapPage) core.pageFault(p, entry, false, entry);
        assertEquals(entry & -4096L, text.page());
        assertFalse(text.writable(), "text is read-only");
        ServerCore.MapPage data = (ServerCore.MapPage) core.pageFault(p, stack - 8, true, entry);
        assertTrue(data.writable());
        assertEquals(2, core.shadow(p).size());

        ServerCore.Resume parent = (ServerCore.Resume) call(p, syscall(0x120002000L, MipsN64Abi.BASE + 55, 18, 0, 0, 0, 0)); // clone(SIGCHLD)
        ServerCore.Work w = core.drain();
        assertEquals(1, w.started().size());
        Process child = w.started().get(0);
        assertEquals(child.pid, parent.frame()[GPR + V0]);
        assertTrue(w.flushes().stream().anyMatch(f -> f.process() == p && f.page() == (stack - 8 & -4096L)),
                "the parent's writable page is flushed (write-protected for copy-on-write): " + w.flushes());
        ServerCore.Resume first = (ServerCore.Resume) core.exception(child, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        assertEquals(0, first.frame()[GPR + V0], "the child's clone returns 0");
        assertEquals(0x120002004L, first.frame()[PC]);

        ServerCore.MapPage childRead = (ServerCore.MapPage) core.pageFault(child, stack - 8, false, entry);
        assertEquals(data.frame(), childRead.frame(), "before a write both see the same frame");
        assertFalse(childRead.writable());
        ServerCore.MapPage childWrite = (ServerCore.MapPage) core.pageFault(child, stack - 8, true, entry);
        assertNotEquals(data.frame().number(), childWrite.frame().number(), "the first write copies");
        assertTrue(core.drain().flushes().stream().anyMatch(f -> f.process() == child && f.page() == (stack - 8 & -4096L)),
                "the child's read-only mapping of the shared frame is flushed before the copy is mapped");
    }

    @Test
    void aCallThatMustWaitIsAnsweredWhenItCanGoOn() {
        Process p = start();
        long stack = p.context.stackPointer();
        long fds = stack - 64;
        call(p, syscall(0x120001000L, MipsN64Abi.BASE + 287, fds, 0)); // pipe2
        int r = p.memory.readInt(fds), w = p.memory.readInt(fds + 4);
        call(p, syscall(0x120002000L, MipsN64Abi.BASE + 55, 18, 0, 0, 0, 0));
        Process child = core.drain().started().get(0);
        core.exception(child, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));

        assertInstanceOf(ServerCore.Wait.class, call(p, syscall(0x120003000L, MipsN64Abi.BASE, r, stack - 256, 16)));
        assertEquals(List.of(), core.wake(), "nothing changed");
        child.memory.write(stack - 512, "hi".getBytes());
        call(child, syscall(0x120004000L, MipsN64Abi.BASE + 1, w, stack - 512, 2));
        List<ServerCore.Answer> answers = core.wake();
        assertEquals(1, answers.size());
        assertEquals(p, answers.get(0).thread());
        ServerCore.Resume back = (ServerCore.Resume) answers.get(0).reply();
        assertEquals(2, back.frame()[GPR + V0]);
        assertEquals(0x120003004L, back.frame()[PC]);
        assertEquals("hi", p.memory.readString(stack - 256, 2));
    }

    @Test
    void aSleepIsAnsweredAtItsTime() {
        Process p = start();
        long ts = p.context.stackPointer() - 64;
        p.memory.writeLong(ts, 0);
        p.memory.writeLong(ts + 8, 5_000_000);
        assertInstanceOf(ServerCore.Wait.class, call(p, syscall(0x120001000L, MipsN64Abi.BASE + 34, ts, 0))); // nanosleep
        assertEquals(5_000_000, core.nextWakeup());
        now = 4_999_999;
        assertEquals(List.of(), core.wake());
        now = 5_000_000;
        ServerCore.Resume r = (ServerCore.Resume) core.wake().get(0).reply();
        assertEquals(0, r.frame()[GPR + V0]);
    }

    @Test
    void aSegmentationFaultKicksTheThreadToTheEntryWhereSigsegvEndsIt() {
        Process p = start();
        assertInstanceOf(ServerCore.Kick.class, core.pageFault(p, 0x10, true, 0x120001000L));
        assertInstanceOf(ServerCore.Gone.class, core.exception(p, BP, core.entryAddress(), 0, frameAt(core.entryAddress())));
        assertEquals(11, p.waitStatus, "killed by SIGSEGV");
        assertTrue(core.drain().ended().contains(p));
    }

    @Test
    void aSegmentationFaultWithAHandlerResumesInTheHandler() {
        Process p = start();
        long stack = p.context.stackPointer(), act = stack - 128;
        abi.writeSigAction(p.memory, act, new SigAction(0x120009000L, 0, 0, 0, 0));
        call(p, syscall(0x120001000L, MipsN64Abi.BASE + 13, 11, act, 0, 16)); // rt_sigaction(SIGSEGV)
        assertInstanceOf(ServerCore.Kick.class, core.pageFault(p, 0x10, false, 0x120001100L));
        long[] f = frameAt(core.entryAddress());
        f[GPR + SP] = stack;
        ServerCore.Resume r = (ServerCore.Resume) core.exception(p, BP, core.entryAddress(), 0, f);
        assertEquals(0x120009000L, r.frame()[PC]);
        assertEquals(11, r.frame()[GPR + A0]);
        assertEquals(0x10, p.memory.readLong(r.frame()[GPR + A1] + 16), "si_addr of the handler's siginfo (a1)");
    }

    @Test
    void otherExceptionsBecomeTheirSignals() {
        Process p = start();
        assertInstanceOf(ServerCore.Gone.class, core.exception(p, RI, 0x120001000L, 0, frameAt(0x120001000L)));
        assertEquals(4, p.waitStatus, "SIGILL");
    }

    @Test
    void aSignalToARunningThreadAsksTheTransportToInterruptIt() {
        Process p = start();
        call(p, syscall(0x120002000L, MipsN64Abi.BASE + 55, 18, 0, 0, 0, 0));
        Process child = core.drain().started().get(0);
        core.exception(child, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        call(p, syscall(0x120003000L, MipsN64Abi.BASE + 60, child.pid, 15)); // kill(child, SIGTERM)
        ServerCore.Work w = core.drain();
        assertEquals(List.of(child), w.interrupt());
        assertEquals(List.of(), core.drain().interrupt(), "asked once");
        core.interrupted(child, 0x120007000L);
        assertInstanceOf(ServerCore.Gone.class, core.exception(child, BP, core.entryAddress(), 0, frameAt(core.entryAddress())));
        assertEquals(15, child.waitStatus);
        assertEquals(List.of(child), core.drain().ended());
        // the parent's wait4 reaps it
        ServerCore.Resume r = (ServerCore.Resume) call(p, syscall(0x120004000L, MipsN64Abi.BASE + 59, -1, 0, 0, 0));
        assertEquals(child.pid, r.frame()[GPR + V0]);
    }

    @Test
    void anInterruptedThreadGoesOnWhereItWas() {
        Process p = start();
        call(p, syscall(0x120002000L, MipsN64Abi.BASE + 55, 18, 0, 0, 0, 0));
        Process child = core.drain().started().get(0);
        core.exception(child, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        call(p, syscall(0x120003000L, MipsN64Abi.BASE + 60, child.pid, 18)); // SIGCHLD: ignored by default
        core.interrupted(child, 0x120007000L);
        long[] f = frameAt(core.entryAddress());
        f[GPR + S0] = 42;
        ServerCore.Resume r = (ServerCore.Resume) core.exception(child, BP, core.entryAddress(), 0, f);
        assertEquals(0x120007000L, r.frame()[PC]);
        assertEquals(42, r.frame()[GPR + S0]);
    }

    @Test
    void exitEndsTheThreadWithoutAReply() {
        Process p = start();
        assertInstanceOf(ServerCore.Gone.class, call(p, syscall(0x120001000L, MipsN64Abi.BASE + 205, 3))); // exit_group(3)
        assertEquals(3 << 8, p.waitStatus);
        assertEquals(List.of(p), core.drain().ended());
    }

    /** A thread of {@code p} (clone with CLONE_THREAD) on its own stack, at its first instruction after clone. */
    private Process thread(Process p, long sp) {
        long flags = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000; // VM, FS, FILES, SIGHAND, THREAD
        ServerCore.Resume r = (ServerCore.Resume) call(p, syscall(0x120002000L, MipsN64Abi.BASE + 55, flags, sp, 0, 0, 0));
        Process t = core.drain().started().get(0);
        assertEquals(t.pid, r.frame()[GPR + V0]);
        assertEquals(p, t.leader, "a thread of p's process");
        ServerCore.Resume first = (ServerCore.Resume) core.exception(t, BP, core.entryAddress(), 0, frameAt(core.entryAddress()));
        assertEquals(0, first.frame()[GPR + V0]);
        assertEquals(sp, first.frame()[GPR + SP]);
        return t;
    }

    /** The thread waits on a futex, gets SIGUSR1 (handler, no SA_RESTART); returns the futex call's result after sigreturn. */
    private long[] futexWaitInterrupted(boolean wokenFirst) {
        Process p = start();
        long stack = p.context.stackPointer(), word = stack - 0x100, act = stack - 0x180;
        p.memory.writeInt(word, 0);
        abi.writeSigAction(p.memory, act, new SigAction(0x120009000L, 0, 0, 0, 0));
        call(p, syscall(0x120001000L, MipsN64Abi.BASE + 13, 16, act, 0, 16));
        Process t = thread(p, stack - 0x2000);
        long[] wait = syscall(0x120005000L, MipsN64Abi.BASE + 194, word, 128, 0, 0); // FUTEX_WAIT_PRIVATE, 0
        wait[GPR + SP] = stack - 0x2000;
        assertInstanceOf(ServerCore.Wait.class, call(t, wait));
        if (wokenFirst) {
            ServerCore.Resume w = (ServerCore.Resume) call(p, syscall(0x120006000L, MipsN64Abi.BASE + 194, word, 129, 1)); // FUTEX_WAKE_PRIVATE
            assertEquals(1, w.frame()[GPR + V0], "one waiter woken");
        }
        call(p, syscall(0x120007000L, MipsN64Abi.BASE + 225, p.pid, t.pid, 16)); // tgkill
        List<ServerCore.Answer> a = core.wake();
        assertEquals(t, a.get(0).thread());
        long[] handler = ((ServerCore.Resume) a.get(0).reply()).frame();
        assertEquals(0x120009000L, handler[PC]);
        assertEquals(16, handler[GPR + A0]);
        long[] ret = syscall(linux.trampolineAddress(), MipsN64Abi.BASE + 211);
        ret[GPR + SP] = handler[GPR + SP];
        long[] back = ((ServerCore.Resume) call(t, ret)).frame();
        if (back[PC] == 0x120005000L) {
            // restarted: the thread executes its futex call again
            back[CAUSE] = SYS;
            return ((ServerCore.Resume) call(t, back)).frame();
        }
        return back;
    }

    @Test
    void aFutexWaitASignalInterruptsEndsInEintr() {
        long[] f = futexWaitInterrupted(false);
        assertEquals(4, f[GPR + V0], "EINTR");
        assertEquals(1, f[GPR + A3]);
        assertEquals(0x120005004L, f[PC]);
    }

    @Test
    void aFutexWakeIsNotLostToASignalThatComesBeforeTheWaiterRuns() {
        long[] f = futexWaitInterrupted(true);
        assertEquals(0, f[GPR + V0], "the wake counts");
        assertEquals(0, f[GPR + A3]);
        assertEquals(0x120005004L, f[PC]);
    }

    @Test
    void aFrameOfTheWrongSizeIsRefusedWithAClearMessage() {
        Process p = start();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> core.exception(p, SYS, 0x120001000L, 0, new long[10]));
        assertEquals("a MIPS exception frame has 72 words, not 10", e.getMessage());
    }

    @Test
    void theEntryIsABreakInTheTopPage() {
        Process p = start();
        assertEquals(linuxTop() + 8, core.entryAddress());
        assertEquals(0x0D | 0x4C << 6, p.memory.readInt(core.entryAddress()));
        assertTrue(((MipsContext) p.context).pc != core.entryAddress());
    }

    private long linuxTop() {
        return linux.trampolineAddress();
    }
}
