package l4.kernel.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * Basic IPC on an ix86-like machine: 32-bit words, 2 message registers (long messages with
 * faults on this machine are in LongIpcFaultsTest).
 */
class SmallMachineTest {
    static TestMachine machine() { return new TestMachine(new TestArchitecture(32, 2), new KernelConfig()); }

    @Test
    void registerWordsAreTruncatedTo32Bits() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                assertEquals(2, l4.messageRegisters());
                assertEquals(4, l4.wordBytes());
                ThreadId c = Scenarios.task(l4, 0x170, x -> {
                    IpcResult r = x.receive(me, Timeout.NEVER);
                    x.send(me, new long[] {r.word(0) + 1, r.word(1)}, Timeout.NEVER);
                });
                IpcResult r = l4.call(c, new long[] {0x1_2345_6789L, 0xFFFF_FFFF_0000_0001L}, Timeout.NEVER);
                assertTrue(r.ok(), r.toString());
                assertEquals(0x2345_678AL, r.word(0), "high half dropped");
                assertEquals(1L, r.word(1));
                assertEquals(c, r.source());
            });
        }
    }

    @Test
    void nilDescriptorsAreAllOnesIn32Bits() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                // send nil and receive nil as 32-bit words: nothing happens, ok
                IpcResult r = l4.ipc(ThreadId.NIL, 0xFFFF_FFFFL, new long[2], 0xFFFF_FFFFL, ThreadId.NIL, ThreadId.NIL, Timeout.ZERO);
                assertTrue(r.ok(), r.toString());
                // a 32-bit nil send descriptor skips the send phase: a receive with timeout 0 follows
                r = l4.ipc(ThreadId.NIL, 0xFFFF_FFFFL, new long[2], 0, me.withLthread(5), ThreadId.NIL, Timeout.ZERO);
                assertEquals(IpcError.RECEIVE_TIMEOUT, r.error(), r.toString());
                // a 32-bit nil receive descriptor: send only
                ThreadId c = Scenarios.task(l4, 0x171, x -> {
                    IpcResult q = x.receive(me, Timeout.NEVER);
                    x.send(me, new long[] {q.word(0), q.cc()}, Timeout.NEVER);
                });
                r = l4.ipc(c, 0, new long[] {42, 0}, 0xFFFF_FFFFL, ThreadId.NIL, ThreadId.NIL, Timeout.NEVER);
                assertTrue(r.ok(), r.toString());
                IpcResult back = l4.receive(c, Timeout.receive(1_000_000));
                assertEquals(42, back.word(0));
                assertEquals(0, back.word(1));
                // send to nil: non-existent partner
                assertEquals(IpcError.NON_EXISTENT, l4.send(ThreadId.NIL, new long[] {1, 2}, Timeout.ZERO).error());
                // receive timeout on the small machine
                long t0 = l4.clockMicros();
                assertEquals(IpcError.RECEIVE_TIMEOUT, l4.receive(c, Timeout.receive(3000)).error());
                assertTrue(l4.clockMicros() - t0 >= 3000);
            });
        }
    }
}
