package l4.bench.hostile;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.sigma0.BookedSigma0;

/**
 * A machine on a real architecture with the real σ0, whose root task runs a test body; the run
 * fails on the body's failure, on a host-time bound, on any kernel exception and on a broken
 * mapping database.
 */
final class RealMachine implements AutoCloseable {
    static final ThreadId SIGMA0 = ThreadId.of(0, 0, 1, 0, 0);

    final Kernel kernel;
    final BookedSigma0 sigma0 = new BookedSigma0();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    interface MachineBody {
        void run(RealMachine m, l4.api.L4 l4) throws Exception;
    }

    private RealMachine(String arch) {
        kernel = new Kernel("mips".equals(arch) ? new MipsArchitecture() : new Ix86Architecture(), new KernelConfig());
    }

    private void boot(MachineBody body) {
        kernel.boot(sigma0::main, l4 -> {
            try {
                body.run(this, l4);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
                if (t instanceof Error) throw (Error) t;
            }
            while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
        });
    }

    /** Boots {@code arch} with {@code body} as the root task's code and waits for it (host time). */
    static void run(String arch, MachineBody body) throws Exception {
        try (RealMachine m = new RealMachine(arch)) {
            m.boot(body);
            m.await();
        }
    }

    private void await() throws Exception {
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
            if (e.getCause() instanceof Error) throw (Error) e.getCause();
            throw e;
        }
        if (kernel.stats.kernelErrors != 0) throw new AssertionError(kernel.stats.kernelErrors + " kernel exceptions");
        kernel.inspect(() -> {
            kernel.mappings.checkInvariants();
            return null;
        }, 5000);
    }

    @Override
    public void close() throws Exception {
        kernel.halt();
        kernel.stoppedFuture().get(10, TimeUnit.SECONDS);
    }
}
