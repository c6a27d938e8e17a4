package l4.arch.ix86;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.boot.Machine;
import l4.kernel.shell.CostProbe;
import l4.kernel.shell.PublishedCosts;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/** Every figure {@code l4:costs} measures on ix86 lies within ±25% of the published one it names. */
class Ix86CostsTest {
    /** Fresh ix86 machines with the test σ0 (maps every faulting RAM page 1:1, as σ0 does). */
    static final Machine FRESH = new Machine() {
        @Override public Optional<Kernel> kernel() { return Optional.empty(); }
        @Override public String status() { return "fresh machines only"; }
        @Override public Kernel reboot(java.time.Duration max) { throw new UnsupportedOperationException(); }
        @Override
        public Kernel bootFresh(String arch, Map<String, Object> archOptions) {
            KernelConfig c = new KernelConfig();
            c.archOptions.putAll(archOptions);
            Kernel k = new TestMachine(new Ix86Architecture(), c).kernel;
            try {
                k.awaitQuiescent(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return k;
        }
    };

    @Test
    void everyPublishedFigureWithinAQuarter() {
        Map<String, Object> measured = new CostProbe(FRESH, 20_000).measureAll("ix86");
        List<String> outside = new ArrayList<>();
        for (String op : PublishedCosts.operations("ix86")) {
            Object v = measured.get(op);
            PublishedCosts.Figure f = PublishedCosts.figure("ix86", op);
            if (!(v instanceof Long)) {
                outside.add(op + ": not measured: " + v);
                continue;
            }
            if (f == null) continue;
            double ratio = (double) (Long) v / f.cycles();
            if (ratio < 0.75 || ratio > 1.25) outside.add(op + ": " + v + " vs published " + f.cycles());
        }
        System.out.println("[ix86 costs] " + measured);
        assertTrue(outside.isEmpty(), String.join("\n", outside) + "\n" + measured);
        assertTrue(measured.containsKey(PublishedCosts.EX_REGS_RESTART) && measured.containsKey(PublishedCosts.ID_NEAREST));
    }
}
