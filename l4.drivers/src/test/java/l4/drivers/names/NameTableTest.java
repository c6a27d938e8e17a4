package l4.drivers.names;

import static org.junit.jupiter.api.Assertions.*;

import l4.api.ThreadId;
import l4.drivers.client.Protocol;
import l4.drivers.client.Words;
import org.junit.jupiter.api.Test;

class NameTableTest {
    static final ThreadId CONSOLE = ThreadId.of(2, 2, 4, 0, 1);
    static final ThreadId OTHER = ThreadId.of(2, 2, 7, 0, 1);
    final NameTable table = new NameTable();
    final long key = Protocol.key("console");

    @Test
    void registerAndLookupOverTheWireFormat() {
        assertArrayEquals(new long[] {0, 0}, table.handle(OTHER, Protocol.request(Protocol.LOOKUP, 0), key), "nil before registration");
        assertEquals(Protocol.STATUS_OK, table.handle(CONSOLE, Protocol.request(Protocol.REGISTER, 0), key)[0]);
        long[] reply = table.handle(OTHER, Protocol.request(Protocol.LOOKUP, 0), key);
        assertEquals(CONSOLE, ThreadId.ofRaw(Words.idFromWords(reply[0], reply[1])));
    }

    @Test
    void aNameBelongsToOneTaskButItsThreadsMayMoveIt() {
        assertEquals(Protocol.STATUS_OK, table.register(key, CONSOLE));
        assertEquals(Protocol.STATUS_EXISTS, table.register(key, OTHER), "another task cannot take the name");
        assertEquals(CONSOLE, table.lookup(key));
        assertEquals(Protocol.STATUS_OK, table.register(key, CONSOLE.withLthread(1)), "the same task may");
        assertEquals(CONSOLE.withLthread(1), table.lookup(key));
    }

    @Test
    void aThreadMayRegisterAnotherLthreadOfItsTask() {
        ThreadId watcher = CONSOLE.withLthread(2);
        assertEquals(Protocol.STATUS_OK, table.handle(watcher, Protocol.request(Protocol.REGISTER, 1), key)[0], "argument 1: lthread 0");
        assertEquals(CONSOLE, table.lookup(key));
        assertEquals(Protocol.STATUS_BAD_REQUEST, table.handle(watcher, Protocol.request(Protocol.REGISTER, ThreadId.THREADS_PER_TASK + 1), key)[0],
            "no such lthread");
    }

    @Test
    void badRequestsGetErrorsNotExceptions() {
        assertEquals(Protocol.STATUS_BAD_REQUEST, table.handle(CONSOLE, 0x77, key)[0], "unknown operation");
        assertEquals(Protocol.STATUS_BAD_REQUEST, table.register(0, CONSOLE), "no key");
        assertEquals(Protocol.STATUS_BAD_REQUEST, table.register(key, ThreadId.interrupt(4)), "an interrupt is no server");
        assertEquals(Protocol.STATUS_BAD_REQUEST, table.register(key, ThreadId.NIL));
        assertEquals(ThreadId.NIL, table.lookup(key));
    }
}
