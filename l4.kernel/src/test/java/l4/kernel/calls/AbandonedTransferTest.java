package l4.kernel.calls;

import static l4.kernel.calls.LongIpcFaultsTest.CLIENT_STR_PAGE;
import static l4.kernel.calls.LongIpcFaultsTest.SILENT;
import static l4.kernel.calls.LongIpcFaultsTest.awaitReceiverFault;
import static l4.kernel.calls.LongIpcFaultsTest.clientTask;
import static l4.kernel.calls.LongIpcFaultsTest.copier;
import static l4.kernel.calls.LongIpcFaultsTest.longReceiver;
import static l4.kernel.calls.LongIpcFaultsTest.machine;
import static l4.kernel.calls.LongIpcFaultsTest.pager;
import static l4.kernel.calls.LongIpcFaultsTest.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A transfer whose copier (the sender, which runs the copy and the page-fault RPCs in the
 * receiver's name) is restarted or killed while the receiver's fault is pending: the receiver
 * gets receive-aborted at once, and nothing that later happens to the receiver reaches the
 * copier's new incarnation. (Before, the receiver stayed bound to the dead copier's coroutine: a
 * later wake of the receiver woke the copier's new code out of an unrelated send, which left
 * it in that receiver's sender queue; the next receive there threw a NullPointerException in
 * the kernel, found by the system-call fuzzer.)
 */
class AbandonedTransferTest {

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void restartingTheCopierAbortsTheReceiverAtOnce(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0x80;
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, SILENT)));
                ThreadId[] rcv = new ThreadId[1];
                rcv[0] = clientTask(l4, 0x160, pager, longReceiver(me.withLthread(2), me, str, Timeout.NEVER));
                Scenarios.start(l4, 2, copier(rcv[0], me));
                awaitReceiverFault(l4, pager, str);
                // a new IP: the copier's host stack is gone, nobody will finish the transfer
                Scenarios.start(l4, 2, x -> x.send(me, new long[] {0x600D, 0}, Timeout.NEVER));
                IpcResult r = report(l4, rcv[0]);
                assertEquals(IpcError.RECEIVE_ABORTED.code(), (int) r.word(0) & 0xF0, "receiver aborted: " + r);
                assertEquals(0x600D, report(l4, me.withLthread(2)).word(0), "the restarted lthread runs its new code");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void theReceiverOfAnAbandonedTransferNoLongerWakesTheCopier(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0x80;
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, SILENT)));
                ThreadId[] rcv = new ThreadId[1];
                rcv[0] = clientTask(l4, 0x161, pager, longReceiver(me.withLthread(2), me.withLthread(3), str, Timeout.NEVER));
                Scenarios.start(l4, 2, copier(rcv[0], me));
                awaitReceiverFault(l4, pager, str);
                // lthread 4 receives from the copier only when told to
                ThreadId sink = me.withLthread(4);
                IpcResult[] got = new IpcResult[1];
                Scenarios.start(l4, 4, x -> {
                    x.receive(me, Timeout.NEVER);
                    got[0] = x.receive(me.withLthread(2), Timeout.receive(100_000));
                    x.send(me, new long[] {1, 0}, Timeout.NEVER);
                });
                // the copier restarts and blocks sending to lthread 4
                Scenarios.start(l4, 2, x -> x.send(sink, new long[] {0x5E4D, 0}, Timeout.NEVER));
                l4.sleep(2000);
                // killing the receiver's task must not disturb the copier's new send
                l4.taskNew(rcv[0], me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                l4.sleep(2000);
                assertTrue(l4.send(sink, new long[] {0, 0}, Timeout.NEVER).ok());
                report(l4, sink);
                assertTrue(got[0].ok(), "the copier's new send is still queued and arrives: " + got[0]);
                assertEquals(0x5E4D, got[0].word(0));
                assertEquals(0, m.kernel.stats.kernelErrors, "no kernel exception");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 32})
    void killingTheCopiersTaskAbortsTheReceiver(int bits) throws Exception {
        try (TestMachine m = machine(bits)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                long str = CLIENT_STR_PAGE + 0x80;
                ThreadId pager = Scenarios.start(l4, 1, pager(me, Map.of(CLIENT_STR_PAGE, SILENT)));
                ThreadId rcv = clientTask(l4, 0x162, pager, longReceiver(ThreadId.of(me.nest() + 1, me.task(), 0x163, 0, 1),
                        me, str, Timeout.NEVER));
                ThreadId snd = clientTask(l4, 0x163, Scenarios.SIGMA0, copier(rcv, me));
                awaitReceiverFault(l4, pager, str);
                l4.taskNew(snd, me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                IpcResult r = report(l4, rcv);
                assertEquals(IpcError.RECEIVE_ABORTED.code(), (int) r.word(0) & 0xF0, "receiver aborted: " + r);
                assertEquals(0, m.kernel.stats.kernelErrors, "no kernel exception");
            });
        }
    }
}
