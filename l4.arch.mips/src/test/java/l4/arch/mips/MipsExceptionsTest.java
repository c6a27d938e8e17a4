package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.object.Tcb;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * MIPS exceptions a Java user program can raise, as the excepter sees them (w0 Cause, w1 EPC,
 * w2 BadVAddr), and the real destination in a4.
 */
class MipsExceptionsTest {
    static final long DATA = 0x30000;

    private static TestMachine machine() {
        return new TestMachine(new MipsArchitecture(), new KernelConfig());
    }

    /**
     * Runs {@code faulting} as lthread 2 with lthread 1 as its excepter; returns the exception
     * message the excepter received (it never replies, so the thread stays blocked) and the
     * page faults counted meanwhile.
     */
    private static Object[] raise(TestMachine m, L4 l4, ThreadBody faulting) {
        ThreadId me = l4.myself();
        List<IpcResult> got = new ArrayList<>();
        ThreadBody excepter = x -> {
            got.add(x.waitAny(Timeout.NEVER));
            x.receive(ThreadId.INVALID, Timeout.NEVER);
        };
        l4.lthreadExRegs(1, l4.codeAddress(excepter), 0x9000, ThreadId.INVALID, ThreadId.INVALID);
        l4.memory().writeWord(DATA, 0x1122334455667788L); // mapped before: only the exception remains
        long faults = m.kernel.stats.pageFaults;
        long ip = l4.codeAddress(faulting);
        l4.lthreadExRegs(2, ip, 0xA000, ThreadId.INVALID, me.withLthread(1));
        l4.sleep(2000);
        assertEquals(1, got.size(), "the excepter got one message");
        IpcResult r = got.get(0);
        assertTrue(r.ok(), r.toString());
        assertEquals(me.withLthread(2), r.source());
        assertEquals(ip, r.word(1), "EPC");
        return new Object[] {r, m.kernel.stats.pageFaults - faults};
    }

    private static int excCode(IpcResult r) { return (int) (r.word(0) >>> 2) & 0x1F; }

    @Test
    void unalignedLoadIsAdELWithBadVAddr() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                Object[] x = raise(m, l4, y -> y.memory().readWord(DATA + 4));
                IpcResult r = (IpcResult) x[0];
                assertEquals(MipsExceptionModel.EXC_ADEL, excCode(r), "AdEL");
                assertEquals(DATA + 4, r.word(2), "BadVAddr");
                assertEquals(0L, x[1], "no page fault");
            });
        }
    }

    @Test
    void unalignedStoreIsAdES() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                Object[] x = raise(m, l4, y -> y.memory().writeWord(DATA + 2, 7));
                IpcResult r = (IpcResult) x[0];
                assertEquals(MipsExceptionModel.EXC_ADES, excCode(r), "AdES");
                assertEquals(DATA + 2, r.word(2), "BadVAddr");
                assertEquals(0x1122334455667788L, l4.memory().readWord(DATA), "nothing stored");
            });
        }
    }

    @Test
    void alignedWordsAndUnalignedBytesNeedNoAlignment() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                l4.memory().writeWord(DATA + 8, 42);
                assertEquals(42, l4.memory().readWord(DATA + 8));
                l4.memory().write(DATA + 3, new byte[] {1, 2, 3});
                assertEquals(3, l4.memory().read(DATA + 3, 3)[2]);
            });
        }
    }

    @Test
    void coprocessorAccessIsCpUNamingTheUnit() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                IpcResult r = (IpcResult) raise(m, l4, y -> y.coprocessor(1))[0];
                assertEquals(MipsExceptionModel.EXC_CPU, excCode(r), "CpU");
                assertEquals(1, (int) (r.word(0) >>> 28) & 3, "Cause.CE");
            });
        }
    }

    @Test
    void breakpointIsBp() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                IpcResult r = (IpcResult) raise(m, l4, L4::breakpoint)[0];
                assertEquals(MipsExceptionModel.EXC_BP, excCode(r), "Bp");
            });
        }
    }

    /** The real destination comes back in a4, for a direct message too. */
    @Test
    void realDestinationInA4() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long[] a4 = new long[1];
                IpcResult[] got = new IpcResult[1];
                start(l4, x -> {
                    got[0] = x.waitAny(Timeout.NEVER);
                    Tcb t = m.kernel.task(me.task()).thread(1);
                    a4[0] = t.registers.get(MipsRegisterFile.A4);
                    x.receive(ThreadId.INVALID, Timeout.NEVER);
                });
                assertTrue(l4.send(me.withLthread(1), new long[] {1}, Timeout.NEVER).ok());
                l4.sleep(1000);
                assertNotNull(got[0]);
                assertEquals(me.withLthread(1).raw(), a4[0], "a4");
                assertEquals(me.withLthread(1), got[0].realDestination());
            });
        }
    }

    private static void start(L4 l4, ThreadBody body) {
        l4.lthreadExRegs(1, l4.codeAddress(body), 0x9000, ThreadId.INVALID, ThreadId.INVALID);
        l4.sleep(1000);
    }
}
