package l4.kernel.sched;

import java.util.List;
import l4.api.Timeout;

/**
 * Timeouts on the simulated time line: a wait of some µs ends at the first timer tick at or
 * after its deadline, filed in the three wakeup lists of a {@link WakeupQueue}; the tick handler
 * takes the expired ones, the idle loop looks for the earliest.
 */
public final class Timeouts<T extends Schedulable> {
    private final Clock clock;
    private final WakeupQueue<T> wakeups = new WakeupQueue<>();

    public Timeouts(Clock clock) {
        this.clock = clock;
    }

    /** Ends {@code t}'s wait after {@code micros} (µs; {@link Timeout#INFINITE}: never, nothing is armed). */
    public void arm(T t, long micros) {
        if (micros == Timeout.INFINITE) return;
        long deadline = clock.cycles() + clock.cyclesForMicros(micros);
        long tick = clock.firstTickAtOrAfter(deadline) / clock.tickCycles();
        wakeups.add(t, tick, clock.ticks());
    }

    public void cancel(T t) { wakeups.remove(t); }

    /** Remaining µs until {@code t}'s armed wakeup, or -1. */
    public long microsLeft(T t) {
        long tick = wakeups.deadline(t);
        if (tick < 0) return -1;
        long cycles = tick * clock.tickCycles() - clock.cycles();
        return clock.microsFor(Math.max(0, cycles));
    }

    /** Tick {@code tick} is handled: the threads whose time has come, in deadline then id order. */
    public List<T> expire(long tick) { return wakeups.expire(tick); }

    /** The earliest armed tick, or -1. */
    public long earliestTick() { return wakeups.earliest(); }

    /** After the clock skipped ticks (idle), files every timeout afresh relative to tick {@code now}. */
    public void refile(long now) { wakeups.refile(now); }

    /** The wakeup lists themselves, for the kernel debugger and snapshots. */
    public WakeupQueue<T> queue() { return wakeups; }
}
