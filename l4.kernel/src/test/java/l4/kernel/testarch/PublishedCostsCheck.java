package l4.kernel.testarch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.boot.Machine;
import l4.kernel.shell.CostProbe;
import l4.kernel.shell.PublishedCosts;
import l4.spi.Architecture;

/**
 * What {@code l4:costs} measures on a real architecture, in fresh machines with the test σ0 (maps
 * every faulting RAM page 1:1, as σ0 does), against the published figures: the architecture
 * modules' cost tests share it.
 */
public final class PublishedCostsCheck {
    private PublishedCostsCheck() {
    }

    /** Every figure {@code l4:costs} measures on {@code arch}, by operation. */
    public static Map<String, Object> measure(String name, Supplier<Architecture> arch) {
        Machine fresh = new Machine() {
            @Override public Optional<Kernel> kernel() { return Optional.empty(); }
            @Override public String status() { return "fresh machines only"; }
            @Override public Kernel reboot(java.time.Duration max) { throw new UnsupportedOperationException(); }
            @Override
            public Kernel bootFresh(String ignored, Map<String, Object> archOptions) {
                KernelConfig c = new KernelConfig();
                c.archOptions.putAll(archOptions);
                Kernel k = new TestMachine(arch.get(), c).kernel;
                try {
                    k.awaitQuiescent(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return k;
            }
        };
        return new CostProbe(fresh, 20_000).measureAll(name);
    }

    /** The published operations of {@code name} that were not measured or lie outside ±25% of their figure; empty when all are good. */
    public static List<String> outsideAQuarter(String name, Map<String, Object> measured) {
        List<String> outside = new ArrayList<>();
        for (String op : PublishedCosts.operations(name)) {
            Object v = measured.get(op);
            PublishedCosts.Figure f = PublishedCosts.figure(name, op);
            if (!(v instanceof Long)) {
                outside.add(op + ": not measured: " + v);
                continue;
            }
            if (f == null) continue;
            double ratio = (double) (Long) v / f.cycles();
            if (ratio < 0.75 || ratio > 1.25) outside.add(op + ": " + v + " vs published " + f.cycles());
        }
        return outside;
    }
}
