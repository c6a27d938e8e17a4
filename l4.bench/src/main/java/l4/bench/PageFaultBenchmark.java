package l4.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import l4.api.Fpage;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.sigma0.Sigma0;
import l4.spi.Architecture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Page faults resolved through the real σ0, in host time: a program touches 1024 fresh pages
 * (each a fault, an IPC to σ0, a map reply), then flushes them so the next batch faults again.
 * Throughput mode: faults per host second. The simulated cycles per fault are printed by
 * {@code l4:costs}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
public class PageFaultBenchmark {
    static final int PAGES = 1024;
    static final long BASE = 16L << 20;

    @Param({"ix86", "mips"})
    public String arch;

    private Kernel kernel;
    private final LinkedBlockingQueue<CompletableFuture<Void>> batches = new LinkedBlockingQueue<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Architecture a = "mips".equals(arch) ? new MipsArchitecture() : new Ix86Architecture();
        kernel = new Kernel(a, new KernelConfig());
        ThreadBody idle = l4 -> l4.receive(ThreadId.INVALID, Timeout.NEVER);
        kernel.boot(new Sigma0()::main, idle);
        kernel.post(() -> kernel.launch("toucher", this::toucher, 200));
    }

    private void toucher(L4 l4) throws Exception {
        while (true) {
            CompletableFuture<Void> batch = batches.take(); // holds the CPU: the machine stands still meanwhile
            for (int i = 0; i < PAGES; i++) l4.memory().readWord(BASE + 4096L * i);
            l4.fpageUnmap(Fpage.of(BASE, 22, true), true, true);
            batch.complete(null);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.halt();
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void pageFaultThroughSigma0() throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        batches.add(f);
        f.get(60, TimeUnit.SECONDS);
    }
}
