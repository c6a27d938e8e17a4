package l4.kernel.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import l4.api.ThreadId;
import l4.api.Timeout;
import java.util.List;
import l4.kernel.ipc.IpcPath;
import l4.kernel.object.ThreadState.Kind;
import l4.kernel.testarch.TestArchitecture;
import org.junit.jupiter.api.Test;

/** A thread is in its receiver's senders queue exactly while it has a send phase. */
class ThreadStateTest {
    private final Task task = new Task(5);
    private final Tcb receiver = tcb(0);
    private final Tcb sender = tcb(1);
    private final SendPhase m = new SendPhase(0, new long[2], receiver.id(), sender.id(), false, false, false,
            Timeout.NEVER, Timeout.INFINITE, false);

    private Tcb tcb(int lthread) {
        return new Tcb(task, lthread, new TestArchitecture().abi().newRegisterFile(), new int[] {6, 7}, -1L);
    }

    @Test
    void aSendPhaseIsQueuedUntilItEnds() {
        sender.state.beginSend(receiver, m, Kind.SENDING, sender);
        assertTrue(receiver.senders.contains(sender));
        assertSame(m, sender.state.sendPhase());
        assertSame(receiver, sender.state.partner());
        assertTrue(sender.state.endSend());
        assertFalse(receiver.senders.contains(sender));
        assertFalse(sender.state.queued());
        assertFalse(sender.state.endSend(), "ending twice finds no wait");
        sender.state.sendDone();
        assertNull(sender.state.sendPhase());
    }

    @Test
    void pickingTakesTheSenderOutAndTellsItToTransfer() {
        IpcOutcome go = IpcOutcome.error(0);
        sender.state.beginSend(receiver, m, Kind.SENDING, sender);
        sender.state.picked(go);
        assertFalse(receiver.senders.contains(sender));
        assertFalse(sender.state.queued());
        assertSame(m, sender.state.sendPhase(), "the picked sender still has its message to transfer");
        assertSame(go, sender.state.takeOutcome());
        assertSame(receiver, sender.state.partner(), "the partner stays until the send phase is done");
        sender.state.sendDone();
        assertNull(sender.state.partner());
        assertNull(sender.state.sendPhase());
    }

    @Test
    void aThreadThatStopsOrBecomesInactiveLeavesEveryWait() {
        for (Kind end : new Kind[] {Kind.STOPPED, Kind.INACTIVE}) {
            sender.state.beginSend(receiver, m, Kind.SENDING, sender);
            sender.state.beginAccept(null, receiver);
            sender.state.set(end);
            assertFalse(receiver.senders.contains(sender), end.label());
            assertFalse(sender.state.accepting(), end.label());
            assertSame(sender, sender.state.waker(), end.label());
        }
    }

    @Test
    void aKernelRpcPutsBackTheStateAndRegistersItReplaced() {
        ThreadId from = ThreadId.of(0, 0, 9, 0, 1);
        ThreadState st = receiver.state;
        st.receiveSpec(false, from, 0x70000, 0x1234);
        st.beginAccept(Kind.RECEIVING, receiver);
        receiver.registers.set(0, 42);
        ThreadState.Saved saved = st.enter(ThreadState.Rpc.PAGE_FAULT, sender);
        assertEquals(ThreadState.Rpc.PAGE_FAULT, st.rpc());
        receiver.registers.set(0, 7);
        receiver.ip(0x1000);
        st.endAccept();
        st.set(Kind.PAGE_FAULT);
        st.receiveSpec(false, ThreadId.NIL, -1, 0);
        st.restore(saved);
        assertEquals(Kind.RECEIVING, st.kind());
        assertTrue(st.accepting());
        assertEquals(from, st.from());
        assertEquals(0x70000, st.descriptor());
        assertEquals(0x1234, st.timeout());
        assertNull(st.rpc());
        assertEquals(42, receiver.registers.get(0), "the registers the RPC used are put back");
        assertEquals(0x1000, receiver.ip(), "IP and SP are whoever set them last");
    }

    @Test
    void theQueueCheckFindsAQueuedThreadWithoutASendPhase() {
        Tcb other = tcb(2);
        sender.state.beginSend(receiver, m, Kind.SENDING, sender);
        IpcPath.checkQueues(List.of(receiver, sender, other));
        receiver.senders.addLast(other); // what no transition does
        assertThrows(AssertionError.class, () -> IpcPath.checkQueues(List.of(receiver, sender, other)));
        receiver.senders.remove(other);
        sender.state.set(Kind.INACTIVE);
        IpcPath.checkQueues(List.of(receiver, sender, other));
    }
}
