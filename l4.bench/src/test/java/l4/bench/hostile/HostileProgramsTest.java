package l4.bench.hostile;

import static l4.bench.hostile.RealMachine.SIGMA0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.object.ThreadState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs that misbehave on purpose, on both real architectures with the real σ0: the kernel
 * stays consistent (no kernel exception, mapping-database invariants hold: checked after every
 * run by {@link RealMachine}), everybody else goes on, and what the misbehaving program leaves
 * behind goes away with its task. (The spinning thread, which needs the shell's reboot, is
 * {@code l4.kernel.shell.RunawayThreadTest}.)
 */
class HostileProgramsTest {

    static ThreadId child(L4 l4, int task) {
        ThreadId me = l4.myself();
        return ThreadId.of(me.nest() + 1, me.task(), task, 0, 1);
    }

    static ThreadId create(L4 l4, int task, ThreadBody body, ThreadId excepter) {
        ThreadId id = l4.taskNew(ThreadId.of(0, 0, task, 0, 1), 255, 0, l4.codeAddress(body), SIGMA0, excepter);
        assertFalse(id.isNil(), "task_new " + task);
        return id;
    }

    static void kill(L4 l4, ThreadId task) {
        assertFalse(l4.taskNew(task, l4.myself().raw(), 0, 0, ThreadId.NIL, ThreadId.NIL).isNil(), "kill " + task);
    }

    static final ThreadBody ECHO = x -> {
        IpcResult r = x.waitAny(Timeout.NEVER);
        while (true) r = x.replyAndWait(r.source(), new long[] {r.word(0) + 1, 0}, Timeout.NEVER);
    };

    // ---- a thread that throws -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ix86", "mips"})
    void aThreadThatThrowsStopsAndNobodyElseNotices(String arch) throws Exception {
        RealMachine.run(arch, (m, l4) -> {
            ThreadId echo = create(l4, 3, ECHO, ThreadId.NIL);
            ThreadId thrower = create(l4, 4, x -> {
                throw new IllegalStateException("a hostile program throws");
            }, ThreadId.NIL);
            l4.sleep(10_000);
            assertEquals(ThreadState.Kind.STOPPED, m.kernel.task(4).thread(0).state.kind(), "no excepter, no vector table: stopped");
            assertEquals(IpcError.NON_EXISTENT, l4.send(thrower, new long[2], Timeout.NEVER).error(), "a stopped thread: 0x10");
            assertEquals(8, l4.call(echo, new long[] {7, 0}, Timeout.NEVER).word(0), "the others go on");
            if (arch.equals("mips")) {
                // with an excepter: it gets the exception message (Cause, EPC, BadVAddr) in the thrower's name
                ThreadId excepter = l4.myself();
                ThreadId t2 = create(l4, 5, x -> {
                    throw new IllegalArgumentException("thrown with an excepter");
                }, excepter);
                IpcResult r = l4.receive(t2, Timeout.receive(1_000_000));
                assertTrue(r.ok(), r.toString());
                assertEquals(t2, r.source(), "the exception message comes in the thrower's name");
                kill(l4, t2);
            }
            kill(l4, thrower);
            kill(l4, echo);
        });
    }

    // ---- a thread that is its own pager ---------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ix86", "mips"})
    void aSelfPagingThreadWaitsForItselfForeverAndCanBeKilled(String arch) throws Exception {
        RealMachine.run(arch, (m, l4) -> {
            int nodes = m.kernel.mappings.nodeCount();
            ThreadId me = l4.myself();
            ThreadId self = create(l4, 3, x -> {
                x.memory().writeWord(0x90_0000, 1); // mapped by σ0
                x.lthreadExRegs(0, -1, -1, x.myself(), ThreadId.INVALID); // from now on: its own pager
                x.memory().writeWord(0x91_0000, 2); // faults: the fault message goes to itself
                x.send(me, new long[] {0xBAD, 0}, Timeout.NEVER);
            }, ThreadId.NIL);
            l4.sleep(20_000);
            assertEquals(ThreadState.Kind.PAGE_FAULT, m.kernel.task(3).thread(0).state.kind(), "waits for itself");
            assertEquals(IpcError.RECEIVE_TIMEOUT, l4.receive(self, Timeout.receive(10_000)).error(), "never gets past its fault");
            ThreadId echo = create(l4, 4, ECHO, ThreadId.NIL);
            assertEquals(3, l4.call(echo, new long[] {2, 0}, Timeout.NEVER).word(0), "the machine still serves");
            kill(l4, self);
            kill(l4, echo);
            assertEquals(nodes, m.kernel.mappings.nodeCount(), "its mappings went with it");
        });
    }

    // ---- a re-created task reading what its predecessor left ---------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ix86", "mips"})
    void aReCreatedTaskGetsItsNumbersFramesCleared(String arch) throws Exception {
        RealMachine.run(arch, (m, l4) -> {
            ThreadId me = l4.myself();
            ThreadId first = create(l4, 3, x -> {
                x.memory().writeWord(0x90_0000, 0x5EC2E7); // σ0 gives frame 0x90_0000 to task 3
                x.send(me, new long[] {1, 0}, Timeout.NEVER);
                x.receive(x.myself(), Timeout.NEVER); // waits until killed
            }, ThreadId.NIL);
            assertTrue(l4.receive(first, Timeout.receive(1_000_000)).ok(), "the first incarnation wrote its secret");
            kill(l4, first);
            ThreadId second = create(l4, 3, x -> x.send(me, new long[] {x.memory().readWord(0x90_0000), 0}, Timeout.NEVER), ThreadId.NIL);
            IpcResult r = l4.receive(second, Timeout.receive(1_000_000));
            assertTrue(r.ok(), "the new incarnation gets the frame again: " + r);
            assertEquals(0, r.word(0), "but not its predecessor's data");
            kill(l4, second);
        });
    }

    // ---- an IPC cycle with infinite timeouts ----------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ix86", "mips"})
    void anIpcCycleDeadlocksUntilOneOfItIsKilled(String arch) throws Exception {
        RealMachine.run(arch, (m, l4) -> {
            ThreadId me = l4.myself();
            ThreadId a = child(l4, 3), b = child(l4, 4), c = child(l4, 5);
            ThreadId[] next = {b, c, a};
            ThreadId[] ids = {a, b, c};
            for (int i = 0; i < 3; i++) {
                ThreadId to = next[i];
                create(l4, 3 + i, x -> {
                    x.receive(me, Timeout.NEVER); // go
                    IpcResult r = x.call(to, new long[] {1, 0}, Timeout.NEVER);
                    x.send(me, new long[] {r.cc(), 0}, Timeout.NEVER);
                }, ThreadId.NIL);
            }
            for (ThreadId t : ids) assertTrue(l4.send(t, new long[2], Timeout.NEVER).ok());
            l4.sleep(20_000);
            for (int i = 0; i < 3; i++) {
                assertEquals(ThreadState.Kind.SENDING, m.kernel.task(3 + i).thread(0).state.kind(), "deadlocked: " + ids[i]);
            }
            assertEquals(IpcError.RECEIVE_TIMEOUT, l4.receive(a, Timeout.receive(50_000)).error(), "nobody gets anywhere");
            kill(l4, c);
            // b's call to c fails (0x10); b reports and ends, which releases a's call to b (0x10)
            assertEquals(IpcError.NON_EXISTENT.code(), (int) l4.receive(b, Timeout.receive(1_000_000)).word(0) & 0xF0);
            assertEquals(IpcError.NON_EXISTENT.code(), (int) l4.receive(a, Timeout.receive(1_000_000)).word(0) & 0xF0);
            kill(l4, a);
            kill(l4, b);
        });
    }

    // ---- a map item aimed beyond the user space ------------------------------------------------

    /** MIPS: a whole-space receive window spans 2^64 bytes, the user space 2^40. Found by the fuzzer. */
    @org.junit.jupiter.api.Test
    void aMapItemAimedBeyondTheUserSpaceMapsNothing() throws Exception {
        RealMachine.run("mips", (m, l4) -> {
            ThreadId me = l4.myself();
            ThreadId rcv = create(l4, 3, x -> {
                IpcResult r = x.receive(me, IpcDescriptor.receiveWindow(Fpage.wholeSpace(64, true), false), Timeout.NEVER);
                x.send(me, new long[] {r.cc(), 0}, Timeout.NEVER);
            }, ThreadId.NIL);
            l4.memory().writeWord(0x30_0000, 7);
            int nodes = m.kernel.mappings.nodeCount();
            long[] item = new long[l4.messageRegisters()];
            item[0] = 0x2004_0000_1000_0000L; // the hot spot: far above the 2^40-byte user space
            item[1] = Fpage.of(0x30_0000, 12, true).encode();
            IpcResult s = l4.ipc(rcv, IpcDescriptor.MAP, item, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL, Timeout.NEVER);
            assertTrue(s.ok(), s.toString());
            IpcResult r = l4.receive(rcv, Timeout.receive(1_000_000));
            assertEquals(0, r.word(0) & 0xF0, "the receiver got the message: " + r);
            assertEquals(nodes, m.kernel.mappings.nodeCount(), "nothing mapped");
        });
    }

    // ---- a task killed in the middle of a long IPC ------------------------------------------------

    static final long RBUF = 0xA0_0000L, RSTR = 0xA1_0000L, SBUF = 0xB0_0000L, SSTR = 0xB1_0000L;
    static final int LENGTH = 6000;

    /** Waits for fault messages and never answers; counts them. */
    static ThreadBody silentPager(AtomicInteger faults) {
        return x -> {
            while (true) {
                IpcResult r = x.waitAny(Timeout.NEVER);
                if (r.ok()) faults.incrementAndGet();
            }
        };
    }

    /** Receives a long message from {@code from}; its string target faults to {@code pager}, which never answers. */
    static ThreadBody receiver(ThreadId from, ThreadId pager, ThreadId report) {
        return x -> {
            int wb = x.wordBytes(), mr = x.messageRegisters();
            var mem = x.memory();
            mem.writeWord(RBUF, 0);
            mem.writeWord(RBUF + wb, MsgDope.of(mr, 1));
            mem.writeWord(RBUF + 2L * wb, 0);
            long rd = RBUF + (3L + mr) * wb;
            mem.writeWord(rd + 2L * wb, LENGTH);
            mem.writeWord(rd + 3L * wb, RSTR);
            x.lthreadExRegs(0, -1, -1, pager, ThreadId.INVALID);
            IpcResult r = x.receive(from, IpcDescriptor.receiveBuffer(RBUF, false), Timeout.NEVER);
            x.send(report, new long[] {r.cc(), 0}, Timeout.NEVER);
        };
    }

    /** On a go from {@code report}, sends a long message with a LENGTH-byte string to {@code to}. */
    static ThreadBody sender(ThreadId to, ThreadId report) {
        return x -> {
            int wb = x.wordBytes(), mr = x.messageRegisters();
            var mem = x.memory();
            mem.write(SSTR, new byte[LENGTH], 0, LENGTH);
            mem.writeWord(SBUF, 0);
            mem.writeWord(SBUF + wb, MsgDope.of(mr, 1));
            mem.writeWord(SBUF + 2L * wb, MsgDope.of(mr, 1));
            long sd = SBUF + (3L + mr) * wb;
            mem.writeWord(sd, LENGTH);
            mem.writeWord(sd + wb, SSTR);
            x.receive(report, Timeout.NEVER);
            IpcResult r = x.send(to, IpcDescriptor.send(SBUF, false, false), new long[mr], Timeout.NEVER);
            x.send(report, new long[] {r.cc(), 0}, Timeout.NEVER);
        };
    }

    /** The id task_new of {@code task} will give: the next version (the tasks are re-created every round). */
    static ThreadId next(RealMachine m, L4 l4, int task) {
        ThreadId me = l4.myself();
        return ThreadId.of(me.nest() + 1, me.task(), task, 0, (m.kernel.task(task).id().version() + 1) & ThreadId.MAX_VERSION);
    }

    /** One round: returns the code the surviving partner got. */
    static int killMidTransfer(RealMachine m, L4 l4, ThreadId pager, AtomicInteger faults, boolean killReceiver) {
        ThreadId me = l4.myself();
        ThreadId rcv = next(m, l4, 6), snd = next(m, l4, 7);
        assertEquals(rcv, create(l4, 6, receiver(snd, pager, me), ThreadId.NIL));
        assertEquals(snd, create(l4, 7, sender(rcv, me), ThreadId.NIL));
        l4.sleep(20_000); // both prepared their buffers
        int before = faults.get();
        assertTrue(l4.send(snd, new long[2], Timeout.NEVER).ok(), "go");
        for (int i = 0; i < 100 && faults.get() == before; i++) l4.sleep(1000);
        assertEquals(before + 1, faults.get(), "the copy waits in the receiver's fault");
        assertEquals(ThreadState.Kind.PAGE_FAULT, m.kernel.task(6).thread(0).state.kind());
        ThreadId survivor = killReceiver ? snd : rcv;
        kill(l4, killReceiver ? rcv : snd);
        IpcResult r = l4.receive(survivor, Timeout.receive(1_000_000));
        assertTrue(r.ok(), "the survivor reports: " + r);
        kill(l4, survivor);
        return (int) r.word(0) & 0xF0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ix86", "mips"})
    void aTaskKilledInALongIpcAbortsItsPartnerAndLeavesNothingBehind(String arch) throws Exception {
        RealMachine.run(arch, (m, l4) -> {
            AtomicInteger faults = new AtomicInteger();
            l4.lthreadExRegs(1, l4.codeAddress(silentPager(faults)), 0, ThreadId.INVALID, ThreadId.INVALID);
            ThreadId pager = l4.myself().withLthread(1);
            l4.sleep(1000);
            int nodes = m.kernel.mappings.nodeCount();
            assertEquals(IpcError.SEND_ABORTED.code(), killMidTransfer(m, l4, pager, faults, true), "receiver killed: the sender's code");
            assertEquals(nodes, m.kernel.mappings.nodeCount(), "no mapping left behind");
            int pages = m.sigma0.pagesGiven();
            assertEquals(IpcError.RECEIVE_ABORTED.code(), killMidTransfer(m, l4, pager, faults, false), "sender killed: the receiver's code");
            assertEquals(nodes, m.kernel.mappings.nodeCount(), "no mapping left behind");
            assertEquals(pages, m.sigma0.pagesGiven(), "σ0 gave the re-created tasks their old frames again: its books did not grow");
            for (int i = 0; i < 3; i++) killMidTransfer(m, l4, pager, faults, i % 2 == 0);
            assertEquals(nodes, m.kernel.mappings.nodeCount());
            assertEquals(pages, m.sigma0.pagesGiven());
        });
    }
}
