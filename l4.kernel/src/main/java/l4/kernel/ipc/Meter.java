package l4.kernel.ipc;

import l4.kernel.trace.TraceEvent;
import l4.spi.Cost;

/** What the IPC path charges, counts and traces. */
public interface Meter {
    void charge(Cost c);

    void charge(Cost c, long times);

    /** {@code once} then {@code each} {@code times} times, where nothing reads the clock between them: one step of the clock. */
    void charge(Cost once, Cost each, long times);

    void trace(TraceEvent.Kind kind, long from, long to, long value, int result);

    void countIpc();

    void countTimeout();
}
