package l4.kernel.meter;

import l4.kernel.debug.Debugger;
import l4.kernel.ipc.Meter;
import l4.kernel.sched.Clock;
import l4.kernel.trace.Trace;
import l4.kernel.trace.TraceEvent;
import l4.spi.Cost;
import l4.spi.CostModel;

/**
 * Costs and trace, the part every other part charges, counts and traces through: a charge
 * advances the clock by the cost model's price; an event goes into the trace ring at the current
 * time and, while the kernel debugger watches, to the debugger.
 */
public final class KernelMeter implements Meter {
    private final Clock clock;
    private final Trace trace;
    private final Debugger debugger;
    private final KernelStats stats;
    /** The cost model's prices by {@link Cost} ordinal: a machine's model is fixed, and charges are on every path. */
    private final long[] prices;

    public KernelMeter(CostModel costs, Clock clock, Trace trace, Debugger debugger, KernelStats stats) {
        this.clock = clock;
        this.trace = trace;
        this.debugger = debugger;
        this.stats = stats;
        this.prices = new long[Cost.values().length];
        for (Cost c : Cost.values()) prices[c.ordinal()] = costs.cycles(c);
    }

    @Override
    public void charge(Cost c) { clock.charge(prices[c.ordinal()]); }

    /** What {@link #charge(Cost)} charges for {@code c}. */
    public long price(Cost c) { return prices[c.ordinal()]; }

    @Override
    public void charge(Cost c, long times) { clock.charge(prices[c.ordinal()] * times); }

    @Override
    public void charge(Cost once, Cost each, long times) { clock.charge(prices[once.ordinal()] + prices[each.ordinal()] * times); }

    @Override
    public void countIpc() { stats.ipcs++; }

    @Override
    public void countTimeout() { stats.timeouts++; }

    @Override
    public void trace(TraceEvent.Kind kind, long from, long to, long value, int result) {
        long cycles = clock.cycles();
        trace.record(cycles, kind, from, to, value, result);
        if (debugger.armed) debugger.event(trace.events() - 1, cycles, clock.microsFor(cycles), kind, from, to, value, result);
    }
}
