package l4.kernel.testarch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import l4.api.Fpage;
import l4.api.IoFpage;
import l4.api.IpcDescriptor;
import l4.api.KipLayout;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.spi.Architecture;

/**
 * Boots a kernel on an architecture with a minimal σ0 (maps frames 1:1 on faults) and runs test
 * programs in fresh tasks, waiting for them with a host-time bound so a broken kernel fails the
 * test instead of hanging it.
 */
public final class TestMachine implements AutoCloseable {
    public final Kernel kernel;

    public TestMachine(Architecture arch, KernelConfig config) {
        kernel = new Kernel(arch, config);
        kernel.boot(TestMachine::sigma0, l4 -> l4.receive(ThreadId.INVALID, Timeout.NEVER));
    }

    public TestMachine() { this(new TestArchitecture(), new KernelConfig()); }

    /**
     * A σ0 that answers every page fault by mapping the faulting page 1:1, and (on an architecture
     * with I/O ports) every I/O fault or request, w0 an I/O fpage, with a map item of that I/O fpage.
     */
    static void sigma0(L4 l4) {
        long memory = l4.memory().readWord(KipLayout.PHYSICAL + (long) KipLayout.MEMORY_SIZE * l4.wordBytes());
        var r = l4.waitAny(Timeout.NEVER);
        while (true) {
            long page = r.word(0) & ~0xFFFL;
            long[] reply = new long[l4.messageRegisters()];
            long sendDesc = 0;
            long w0 = r.word(0) & (l4.wordBytes() == 8 ? -1L : 0xFFFF_FFFFL);
            if (IoFpage.isIoFpage(w0) && !IoFpage.decode(w0).isNil()) {
                reply[0] = 0;
                reply[1] = IoFpage.decode(w0).encode();
                sendDesc = IpcDescriptor.MAP;
            } else if (page < memory) {
                reply[0] = page;
                reply[1] = Fpage.of(page, 12, true).encode();
                sendDesc = IpcDescriptor.MAP;
            }
            r = l4.ipc(r.source(), sendDesc, reply, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, Timeout.of(0, Timeout.INFINITE));
            // A failed reply (the client no longer waits) skips the receive phase: wait again
            // instead of "replying" to nil forever.
            if (!r.ok()) r = l4.waitAny(Timeout.NEVER);
        }
    }

    /** Runs {@code body} in a fresh task and waits (host time, 20 s) for it to finish; rethrows its failure. */
    public void run(ThreadBody body) throws Exception {
        run(body, 20);
    }

    /** {@link #run(ThreadBody)} with a host-time bound of {@code seconds}, for bodies that run long guest programs. */
    public void run(ThreadBody body, int seconds) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // Launch only once the machine has settled (see Kernel.awaitQuiescent): otherwise two runs
        // of one scenario could differ in their traces.
        kernel.awaitQuiescent(10_000);
        kernel.post(() -> kernel.launch("test", l4 -> {
            try {
                body.run(l4);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
                if (t instanceof Error) throw (Error) t;
            }
        }, 100));
        try {
            done.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
            throw e;
        }
    }

    /**
     * With the system property {@code l4.digestLog} set to a file: appends the calling test's name
     * and the machine's trace digest once it is quiescent (refactorings compare these lists).
     */
    private void recordDigest() {
        String log = System.getProperty("l4.digestLog");
        if (log == null || kernel.halted()) return;
        String test = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().endsWith("Test") || f.getClassName().endsWith("V2Fidelity"))
                .map(f -> f.getClassName() + "." + f.getMethodName()).findFirst().orElse("?"));
        try {
            String digest = kernel.awaitQuiescent(3000)
                    ? Long.toHexString(kernel.inspect(() -> kernel.trace.digest(), 5000)) : "not-quiescent";
            java.nio.file.Files.writeString(java.nio.file.Path.of(log),
                    kernel.arch.name() + " " + test + " " + digest + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (Exception e) {
            // the digest log is a diagnostic: a machine that cannot be inspected is left out
        }
    }

    @Override
    public void close() throws Exception {
        recordDigest();
        kernel.halt();
        kernel.stoppedFuture().get(10, TimeUnit.SECONDS);
    }
}
