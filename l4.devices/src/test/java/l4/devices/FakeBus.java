package l4.devices;

import java.util.PriorityQueue;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceTimer;
import l4.hardware.PhysicalMemoryPort;

/** A machine for one device under test: a µs clock advanced by hand, timers in order, the IRQ line's level and rising edges. */
public final class FakeBus implements DeviceBus {
    private long now;
    private long seq;
    public boolean irq;
    public int edges;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    private final class Timer implements DeviceTimer, Comparable<Timer> {
        final long due;
        final long order = seq++;
        final Runnable action;
        boolean pending = true;

        Timer(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override public void cancel() { pending = false; }

        @Override public boolean pending() { return pending; }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** Lets {@code micros} of simulated time pass, running the timers that fall due. */
    public void advance(long micros) {
        long end = now + micros;
        Timer t;
        while ((t = timers.peek()) != null && t.due <= end) {
            timers.poll();
            if (!t.pending) continue;
            now = Math.max(now, t.due);
            t.pending = false;
            t.action.run();
        }
        now = end;
    }

    /** True while a live timer is pending. */
    public boolean busy() {
        return timers.stream().anyMatch(x -> x.pending);
    }

    @Override public String architecture() { return "test"; }

    @Override public long portWindow() { return -1; }

    @Override
    public void setIrq(boolean high) {
        if (high && !irq) edges++;
        irq = high;
    }

    @Override public long cycles() { return now * 100; }

    @Override public long micros() { return now; }

    @Override public long clockHz() { return 100_000_000L; }

    @Override
    public DeviceTimer schedule(long delayMicros, Runnable action) {
        Timer t = new Timer(now + delayMicros, action);
        timers.add(t);
        return t;
    }

    @Override public void post(Runnable action) { action.run(); }

    @Override
    public PhysicalMemoryPort memory() {
        throw new UnsupportedOperationException("no DMA here");
    }
}
