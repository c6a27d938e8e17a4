package l4.loader.internal;

import java.util.List;

/**
 * How a program ended and what it did: {@code exited} with {@code exitValue}, or ended by the
 * loader for {@code reason} (an exception it did not handle, a bad access, no memory); its
 * output; the machine's counters over the run (from task_new to the end) and at its marks.
 */
record Outcome(boolean exited, long exitValue, String reason, byte[] output, Counters start, Counters end, List<Mark> marks,
               long frames) {
    /** The counters over the run, from task_new to the end. */
    Counters run() {
        return end.minus(start);
    }

    /** Machine counters at one moment, and the host's clock. */
    record Counters(long cycles, long guestInstructions, long pageFaults, long hostNanos) {
        Counters minus(Counters o) {
            return new Counters(cycles - o.cycles, guestInstructions - o.guestInstructions, pageFaults - o.pageFaults,
                    hostNanos - o.hostNanos);
        }
    }

    /** A MARK message of the program: its number and the counters then. */
    record Mark(long number, Counters at) {}

    /** The counters between the marks {@code from} and {@code to}, or null if the program did not set both. */
    Counters between(long from, long to) {
        Counters a = null, b = null;
        for (Mark m : marks) {
            if (m.number() == from && a == null) a = m.at();
            if (m.number() == to) b = m.at();
        }
        return a == null || b == null ? null : b.minus(a);
    }
}
