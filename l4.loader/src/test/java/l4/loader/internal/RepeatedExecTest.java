package l4.loader.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import l4.api.ThreadId;
import l4.api.Timeout;
import l4.run.Launched;

import org.junit.jupiter.api.Test;

/**
 * {@code l4:exec} again and again on one machine (a student's session): the frames the loaders
 * take from σ0 must serve the next program, far beyond what the pool (the top half of the 64 MiB
 * RAM, 32 MiB) could give if each run kept its frames.
 */
@org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class RepeatedExecTest extends MachinePerTest {
    /** 4096 fresh pages: 16 MiB a run, half the pool. */
    static final int PAGES = 4096;

    private static String why(int i, Exec.Report r) {
        return "run " + i + " ended: " + r.outcome().reason() + "\n" + new String(r.outcome().output());
    }

    /** 6 × 16 MiB of fresh heap pages: 3 times the pool. */
    @Test
    void faultsBeyondThePool() throws Exception {
        for (int i = 0; i < 6; i++) {
            Exec.Report r = run("faults", Integer.toString(PAGES));
            int n = i;
            assertTrue(r.outcome().exited(), () -> why(n, r));
            assertEquals("pages touched: " + PAGES + ", checksum " + (long) PAGES * (PAGES + 1) / 2 + "\n",
                    new String(r.outcome().output()));
        }
    }

    /** A program that ends by a fault (past its heap, after taking the whole pool), then others run. */
    @Test
    void afterAProgramThatFaulted() throws Exception {
        Exec.Report bad = run("faults", "9000");
        assertFalse(bad.outcome().exited(), () -> new String(bad.outcome().output()));
        assertEquals("out of memory: 8191 pages in use, the loader's pool is used up", bad.outcome().reason(),
                "the top half of RAM but the loader's buffer");
        for (int i = 0; i < 3; i++) {
            for (String name : List.of("hello", "faults", "hello-linux")) {
                Exec.Report r = run(name);
                int n = i;
                assertTrue(r.outcome().exited(), () -> name + " " + why(n, r));
            }
        }
        Exec.Report r = run("faults", Integer.toString(PAGES));
        assertTrue(r.outcome().exited(), () -> why(-1, r));
    }

    /** {@code run}, but failing after 10 s instead of hanging (a loader faulting for ever on a frame σ0 refuses). */
    private Exec.Report bounded(String name, String... args) throws Exception {
        CompletableFuture<Exec.Report> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                done.complete(run(name, args));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "exec " + name);
        t.setDaemon(true);
        t.start();
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            throw new AssertionError("l4:exec " + name + " " + String.join(" ", args) + " did not end within 10 s");
        }
    }

    /**
     * The next loaders under another task number: a program launched in between holds the number
     * the last loader had (the lowest free one), so σ0's frames at the top of RAM belong to
     * another task number than the new loader's. They reuse their own frames, and when their
     * pool is used up the program ends with one line saying so.
     */
    @Test
    void nextLoadersUnderAnotherTaskNumber() throws Exception {
        Exec.Report first = bounded("faults", "64");
        assertTrue(first.outcome().exited(), () -> why(0, first));
        Launched holder = machine.runner.launch("holder", (l, m) -> l.receive(ThreadId.INVALID, Timeout.NEVER), 100);
        try {
            for (int i = 1; i < 4; i++) {
                Exec.Report r = bounded("faults", Integer.toString(PAGES));
                int n = i;
                assertTrue(r.outcome().exited(), () -> why(n, r));
            }
            Exec.Report all = bounded("faults", "9000");
            assertFalse(all.outcome().exited());
            assertTrue(all.outcome().reason().matches("out of memory: \\d+ pages in use, the loader's pool is used up"),
                    all.outcome().reason());
        } finally {
            holder.kill();
        }
        Exec.Report last = bounded("hello");
        assertTrue(last.outcome().exited(), () -> why(5, last));
    }
}
