package l4.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import l4.arch.ix86.Ix86Architecture;
import l4.kernel.Kernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host time of one L4 IPC round trip (call + reply between two Java threads in two tasks),
 * beside two baselines measured in the same run: a bare coroutine hand-off round trip on the
 * same JDK (the floor the kernel's hand-off cannot beat) and a Linux pipe round trip between
 * two processes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Long warm-up: the IPC path is compiled in several rounds (C2 recompiles Kernel.syscall after
// rare branches such as the timer tick first run), and with 1 s warm-ups the early measurement
// iterations still paid for it.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
public class IpcBenchmark {
    static final int BATCH = 10_000;

    private Kernel kernel;
    private Machines.PingPong pingPong;
    private BareHandoff handoff;
    private Process cat;
    private OutputStream toCat;
    private InputStream fromCat;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        kernel = Machines.boot(new Ix86Architecture());
        pingPong = new Machines.PingPong(kernel);
        handoff = new BareHandoff(kernel.virtualThreads());
        cat = new ProcessBuilder("cat").start();
        toCat = cat.getOutputStream();
        fromCat = cat.getInputStream();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        kernel.halt();
        cat.destroy();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long l4IpcRoundTrip() throws Exception {
        return pingPong.rounds(BATCH);
    }

    /** The kernel's hand-off with nothing else ({@link BareHandoff}). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void bareHandoffRoundTrip() throws Exception {
        handoff.rounds(BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public int pipeRoundTrip() throws Exception {
        int r = 0;
        for (int i = 0; i < 100; i++) {
            toCat.write(i);
            toCat.flush();
            r += fromCat.read();
        }
        return r;
    }
}
