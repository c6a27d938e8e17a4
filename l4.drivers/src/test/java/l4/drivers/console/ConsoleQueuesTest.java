package l4.drivers.console;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ConsoleQueuesTest {
    @Test
    void transmitQueueIsBoundedAndFifo() {
        ConsoleQueues q = new ConsoleQueues(8);
        assertTrue(q.txRoom(8));
        q.queueTx("abcde".getBytes());
        assertFalse(q.txRoom(4), "a writer that does not fit waits");
        assertThrows(IllegalStateException.class, () -> q.queueTx("wxyz".getBytes()));
        assertArrayEquals("abc".getBytes(), q.takeTx(3));
        assertArrayEquals("de".getBytes(), q.takeTx(16));
        assertTrue(q.txEmpty());
    }

    @Test
    void receivedBytesLeaveOnlyWhenConsumedAndTheOldestGoWhenFull() {
        ConsoleQueues q = new ConsoleQueues(4);
        for (char c : "hello".toCharArray()) q.received(c);
        assertEquals(1, q.dropped());
        assertArrayEquals("el".getBytes(), q.peekRx(2));
        assertArrayEquals("el".getBytes(), q.peekRx(2), "peeking takes nothing: a reply that fails loses no byte");
        q.consumeRx(2);
        assertArrayEquals("lo".getBytes(), q.peekRx(10));
        q.consumeRx(10);
        assertTrue(q.rxEmpty());
    }
}
