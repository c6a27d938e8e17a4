package l4.kernel.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import org.junit.jupiter.api.Test;

class RootTaskTest {
    static final ThreadBody WAIT_FOREVER = l4 -> {
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    };

    /**
     * A program launched as soon as the machine is up, before the root task has started its
     * servers (here: before anything ran), gets a task number after theirs and runs. It used to
     * get the first server's number, and the root task's task_new of that number killed it before
     * it ran: whoever launched it waited for it in vain.
     */
    @Test
    void aProgramLaunchedBeforeTheServersStartedRuns() throws Exception {
        ServerTable servers = new ServerTable();
        CompletableFuture<ThreadId> server = new CompletableFuture<>();
        servers.add("server", 100, l4 -> {
            server.complete(l4.myself());
            WAIT_FOREVER.run(l4);
        }, "-");
        Kernel k = new Kernel(new TestArchitecture(), new KernelConfig());
        CompletableFuture<ThreadId> launched = new CompletableFuture<>();
        CompletableFuture<Void> ran = new CompletableFuture<>();
        // the machine's first safe point runs it, before the root task's first instruction
        k.post(() -> launched.complete(k.launch("client", l4 -> ran.complete(null), 100)));
        try {
            MachineService.boot(k, WAIT_FOREVER, servers);
            assertEquals(ServerTable.FIRST_TASK, server.get(10, TimeUnit.SECONDS).task());
            assertTrue(k.awaitQuiescent(10_000), "the machine comes to rest");
            ThreadId client = launched.get(10, TimeUnit.SECONDS);
            assertTrue(ran.isDone(), "the program launched in task " + client.task() + " ran");
            assertEquals(ServerTable.FIRST_TASK + 1, client.task(), "the first number after the server's");
        } finally {
            k.halt();
            k.stoppedFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
