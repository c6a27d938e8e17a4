package l4.console;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Waits until a snapshot of the system (bundle and component states) stops changing, so that
 * commands run after the asynchronous parts of the boot (configuration delivery, component
 * activation) and not in the middle of them. Bounded: gives up after {@code max}.
 */
final class Quiescence {

    private static final long POLL_MILLIS = 25;

    private Quiescence() {
    }

    /**
     * @return {@code true} if the snapshot stayed the same for {@code stableFor}, {@code false}
     *         if {@code max} passed first
     */
    static boolean await(Supplier<?> snapshot, Duration stableFor, Duration max) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        Object last = snapshot.get();
        long stableSince = start;
        while (true) {
            long now = System.nanoTime();
            if (now - stableSince >= stableFor.toNanos()) {
                return true;
            }
            if (now - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
            Object current = snapshot.get();
            if (!Objects.equals(current, last)) {
                last = current;
                stableSince = System.nanoTime();
            }
        }
    }
}
