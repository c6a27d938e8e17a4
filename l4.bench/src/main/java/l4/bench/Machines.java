package l4.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import l4.api.IpcResultBuffer;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.spi.Architecture;

/** Boots a machine for measurements: σ0 only waits (ping-pong needs no paging). */
final class Machines {
    private Machines() {}

    static Kernel boot(Architecture arch) {
        KernelConfig config = new KernelConfig();
        // The ping thread holds the CPU on purpose while the host prepares the next batch, so the
        // runaway watch (KernelConfig: 0 for measurements that hold the CPU) has nothing to find
        // here. (On a host with a load of 10-18, a few IpcRatio runs stopped with a batch that
        // never ended, which an abandoned ping thread would explain; not confirmed.)
        config.runawayMillis = 0;
        config.archOptions.putAll(Map.of());
        Kernel k = new Kernel(arch, config);
        ThreadBody idleServer = l4 -> l4.receive(ThreadId.INVALID, Timeout.NEVER);
        k.boot(idleServer, idleServer);
        return k;
    }

    static final ThreadBody PONG = l4 -> {
        // One outcome object, reused: the allocation-free form of the API's IPC calls.
        IpcResultBuffer r = l4.waitAny(Timeout.NEVER, new IpcResultBuffer());
        long[] words = new long[l4.messageRegisters()];
        while (true) l4.replyAndWait(r.source(), r.copyWords(words), Timeout.NEVER, r);
    };

    /** A ping task with its pong partner in a second task; {@link #rounds} runs a batch of calls. */
    static final class PingPong {
        private final Kernel kernel;
        private volatile CompletableFuture<long[]> batch;
        private volatile int rounds;
        private final java.util.concurrent.LinkedBlockingQueue<Integer> requests = new java.util.concurrent.LinkedBlockingQueue<>();

        PingPong(Kernel kernel) throws Exception {
            this.kernel = kernel;
            CompletableFuture<Void> ready = new CompletableFuture<>();
            kernel.post(() -> kernel.launch("ping", l4 -> ping(l4, ready), 200));
            ready.get(10, TimeUnit.SECONDS);
        }

        private void ping(L4 l4, CompletableFuture<Void> ready) throws Exception {
            ThreadId pong = ThreadId.NIL;
            for (int n = 0x100; pong.isNil(); n++) {
                pong = l4.taskNew(ThreadId.of(0, 0, n, 0, 1), 255, 0, l4.codeAddress(PONG), ThreadId.of(0, 0, 1, 0, 0), ThreadId.NIL);
            }
            long[] words = new long[l4.messageRegisters()];
            IpcResultBuffer outcome = new IpcResultBuffer();
            ready.complete(null);
            while (true) {
                // Holding the CPU while the host waits for the next batch freezes the machine, which
                // is what a measurement wants: nothing else runs, simulated time stands still.
                int n = requests.take();
                long c0 = kernel.clock.cycles();
                for (int i = 0; i < n; i++) l4.call(pong, words, Timeout.NEVER, outcome);
                batch.complete(new long[] {kernel.clock.cycles() - c0});
            }
        }

        /** Runs {@code n} round trips; returns the simulated cycles they took. */
        long rounds(int n) throws Exception {
            CompletableFuture<long[]> f = new CompletableFuture<>();
            batch = f;
            requests.add(n);
            return f.get(60, TimeUnit.SECONDS)[0];
        }
    }
}
