package l4.kernel.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import l4.api.KipLayout;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import l4.spi.Architecture;
import org.junit.jupiter.api.Test;

/**
 * Behaviour pinned by the L4/MIPS kernel test suite (reference §10) that holds on every
 * architecture. Each backend module runs these on its own {@link Architecture}; the kernel module
 * runs them on the test architecture in both word sizes.
 */
public abstract class V2Fidelity {
    protected static final ThreadId SIGMA0 = ThreadId.of(0, 0, 1, 0, 0);

    /** The architecture under test (a new instance per call is fine). */
    protected abstract Architecture arch();

    protected TestMachine machine() {
        return new TestMachine(arch(), new KernelConfig());
    }

    protected static ThreadId start(L4 l4, int n, ThreadBody body) {
        l4.lthreadExRegs(n, l4.codeAddress(body), 0x8000 + n * 0x1000L, ThreadId.INVALID, ThreadId.INVALID);
        return l4.myself().withLthread(n);
    }

    // ---- time ------------------------------------------------------------------------------------

    /** The kernel info page's clock counts ms since boot (updated every tick). */
    @Test
    void kipClockCountsMilliseconds() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                long field = KipLayout.PHYSICAL + (long) KipLayout.CLOCK * l4.wordBytes();
                l4.sleep(3000);
                long ms = l4.memory().readWord(field);
                long now = l4.clockMicros() / 1000;
                assertTrue(ms >= 3 && ms <= now && ms >= now - 1, "kip clock " + ms + " ms at " + now + " ms");
                l4.sleep(20_000);
                long later = l4.memory().readWord(field);
                assertTrue(later - ms >= 20 && later - ms <= 21, "20 ms later the kip clock says " + (later - ms) + " ms");
            });
        }
    }

    /**
     * A periodic sleep wakes at the first timer tick at or after its deadline: 524.288 ms from
     * just after a tick is 525 ticks (1 ms each), never 526.
     */
    @Test
    void periodicSleepWakesAtTheFirstTickAtOrAfterTheDeadline() throws Exception {
        try (TestMachine m = machine()) {
            List<Long> periods = new ArrayList<>();
            m.run(l4 -> {
                l4.sleep(1); // aligned to a tick
                long last = l4.clockMicros();
                for (int i = 0; i < 4; i++) {
                    l4.sleep(524_288);
                    long now = l4.clockMicros();
                    periods.add((now - last) / 1000);
                    last = now;
                }
            });
            assertEquals(List.of(525L, 525L, 525L, 525L), periods, "ms per period");
        }
    }
}
