package l4.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import l4.api.Fpage;
import l4.arch.ix86.Ix86Architecture;
import l4.kernel.memory.AddressSpace;
import l4.kernel.memory.MappingDatabase;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.sched.Clock;
import l4.spi.Mmu;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Map then flush of N mappings in the mapping database (σ0 → pager, 4 MiB fpages of 1024 pages,
 * ix86 page tables), for N = 25k, 50k, 100k: the time per invocation should grow linearly with N
 * (divide by N: a constant cost per mapping).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MappingBenchmark {
    @Param({"25000", "50000", "100000"})
    public int mappings;

    private MappingDatabase db;
    private AddressSpace sigma0;
    private AddressSpace pager;
    private int chunks;

    @Setup(Level.Invocation)
    public void setUp() {
        Ix86Architecture arch = new Ix86Architecture();
        Clock clock = new Clock(arch.clockHz(), arch.timerTickMicros());
        Mmu mmu = arch.createMmu(clock, Map.of());
        PhysicalMemory memory = new PhysicalMemory(512L << 20);
        db = new MappingDatabase(memory, arch.pageSizesLog2(), clock, arch.costModel(Map.of()));
        sigma0 = new AddressSpace(1, mmu.createSpace(1));
        pager = new AddressSpace(2, mmu.createSpace(2));
        db.initSigma0(sigma0);
        chunks = (mappings + 1023) / 1024;
    }

    @Benchmark
    public int mapThenFlush() {
        for (int c = 0; c < chunks; c++) {
            long base = (long) c << 22;
            db.map(sigma0, Fpage.of(base, 22, true), base, pager, Fpage.wholeSpace(32, true), false);
        }
        return db.unmap(sigma0, Fpage.wholeSpace(32, true), true, false);
    }
}
