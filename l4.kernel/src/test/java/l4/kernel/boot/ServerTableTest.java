package l4.kernel.boot;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import l4.api.ThreadBody;
import org.junit.jupiter.api.Test;

class ServerTableTest {
    static final ThreadBody OLD = l4 -> { }, NEW = l4 -> { };

    static ServerTable table() {
        ServerTable t = new ServerTable();
        for (String name : new String[] {"names", "console", "block", "blockstream"}) t.add(name, 100, OLD, "old");
        return t;
    }

    @Test
    void aBatchOfNewCodeIsSeenAtOnceWithItsReason() {
        ServerTable t = table();
        int[] before = t.generations();
        Map<String, ServerTable.Code> batch = new LinkedHashMap<>();
        // in the order DS registers an updated bundle's programs: the name server last
        batch.put("block", new ServerTable.Code(NEW, "new"));
        batch.put("console", new ServerTable.Code(NEW, "new"));
        batch.put("names", new ServerTable.Code(NEW, "new"));
        batch.put("hello", new ServerTable.Code(NEW, "new"));
        assertEquals(3, t.replaceAll(batch), "hello is not one of the servers");
        int[] after = t.generations();
        for (int i = 0; i < 3; i++) {
            assertEquals(before[i] + 1, after[i], "server " + i);
            assertSame(NEW, t.entries().get(i).code);
            assertEquals(ServerTable.NEW_CODE, t.entries().get(i).why);
        }
        assertEquals(before[3], after[3], "blockstream keeps its code");
        assertSame(OLD, t.entries().get(3).code);
    }

    @Test
    void aKillIsNotNewCode() {
        ServerTable t = table();
        assertEquals(1, t.kill("block"));
        assertEquals(-1, t.kill("nobody"));
        assertEquals(ServerTable.KILLED, t.entries().get(2).why, "the root task kills it without draining it");
        assertEquals(1, t.generations()[2]);
    }

    @Test
    void aKillIsAwaitedUntilTheRootTaskHasActedOnIt() throws Exception {
        ServerTable t = table();
        int generation = t.kill("console");
        assertTrue(t.awaitHandled("console", generation, 50).isEmpty(), "the root task has not restarted it yet");
        ServerTable.Entry console = t.entries().get(1);
        Thread rootTask = new Thread(() -> {
            console.taskId = "4.02";
            console.restarts++;
            t.handled(console, generation);
        });
        rootTask.start();
        ServerTable.Row row = t.awaitHandled("console", generation, 10_000).orElseThrow();
        rootTask.join();
        assertEquals("4.02", row.taskId());
        assertEquals(1, row.restarts());
        assertTrue(t.awaitHandled("nobody", 1, 10).isEmpty());
    }
}
