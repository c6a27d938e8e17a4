package l4.kernel.sched;

import l4.spi.CycleSink;

/**
 * Simulated time: a cycle counter advanced by the cost model, converted to µs by the
 * architecture's clock rate. Timer ticks fall due every {@code tickMicros}; the kernel handles
 * them at its preemption points.
 */
public final class Clock implements CycleSink {
    private final long hz;
    /** Cycles per µs; a clock below 1 MHz counts as 1 MHz. */
    private final long perMicro;
    private final long tickCycles;
    private long cycles;
    private long nextTick;
    private long ticks;

    public Clock(long hz, long tickMicros) {
        this.hz = hz;
        this.perMicro = Math.max(1, hz / 1_000_000);
        this.tickCycles = Math.max(1, perMicro * tickMicros);
        this.nextTick = tickCycles;
    }

    @Override
    public void charge(long c) {
        if (c < 0) throw new IllegalArgumentException("negative cycles");
        cycles += c;
    }

    public long cycles() { return cycles; }

    public long micros() { return microsFor(cycles); }

    /** Simulated µs of a span of {@code cycles}. */
    public long microsFor(long cycles) { return cycles / perMicro; }

    public long hz() { return hz; }

    public long cyclesForMicros(long micros) { return micros * perMicro; }

    public long tickCycles() { return tickCycles; }

    public long ticks() { return ticks; }

    /** True while a timer tick is due and not yet handled. */
    public boolean tickDue() { return cycles >= nextTick; }

    /** Marks the due tick handled; returns its number. */
    public long consumeTick() {
        nextTick += tickCycles;
        return ++ticks;
    }

    /**
     * Idle: {@code n} timer ticks taken in one step, exactly as {@code n} rounds of
     * {@code idleUntil(nextTickCycle()); consumeTick(); charge(handlerCycles)} take them, for ticks
     * whose handling only charges its cycles. Needs no tick due and a handler shorter than a tick.
     */
    public void idleTicks(long n, long handlerCycles) {
        if (n <= 0) return;
        if (cycles >= nextTick) throw new IllegalStateException("a tick is due");
        if (handlerCycles < 0 || handlerCycles >= tickCycles) throw new IllegalArgumentException("handler of " + handlerCycles + " cycles, ticks every " + tickCycles);
        nextTick += n * tickCycles;
        ticks += n;
        cycles = nextTick - tickCycles + handlerCycles;
    }

    /** Idle: jumps to the cycle {@code target} (never backwards). */
    public void idleUntil(long target) {
        if (target > cycles) cycles = target;
    }

    /** Cycle count of the first tick at or after {@code cycle}. */
    public long firstTickAtOrAfter(long cycle) {
        long t = nextTick;
        if (cycle > t) t += ((cycle - t + tickCycles - 1) / tickCycles) * tickCycles;
        return t;
    }

    public long nextTickCycle() { return nextTick; }

    /** Sets the time from a machine snapshot: cycles, the cycle of the next tick, ticks handled. */
    public void restore(long cycles, long nextTickCycle, long ticks) {
        if (cycles < 0 || ticks < 0 || nextTickCycle <= 0) throw new IllegalArgumentException("negative time");
        this.cycles = cycles;
        this.nextTick = nextTickCycle;
        this.ticks = ticks;
    }
}
