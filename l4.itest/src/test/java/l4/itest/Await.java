package l4.itest;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting by polling: returns as soon as the condition holds, never sleeps long. */
final class Await {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** @return whether the condition became true within the timeout */
    static boolean until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** Waits until the value has not changed for {@code quiet}; returns the last value either way. */
    static <T> T stable(Supplier<T> value, Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet.toNanos() && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
            T now = value.get();
            if (!Objects.equals(now, last)) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }
}
