package l4.console;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Waits for the end of the start-level change that is under way when the console comes up: the
 * launcher starts the bundles level by level, Gogo JLine last (level 20), and Gogo JLine's
 * converters are what turn a bundle id into a {@code Bundle} argument ({@code headers 11},
 * {@code update 11}). Commands that run before it has started print their usage line instead.
 * <p>
 * The bnd launcher keeps the beginning start level to itself (it removes
 * {@code org.osgi.framework.startlevel.beginning} from the framework's properties and raises the
 * level after installing the bundles), so the level to reach is the highest start level of a
 * bundle marked to be started. Felix reports a level as active before it has started that
 * level's bundles, so the end of the change is its {@code STARTLEVEL_CHANGED} event, not the
 * level number.
 */
final class StartLevelBarrier implements FrameworkListener {

    private final BundleContext context;
    private final CountDownLatch changed = new CountDownLatch(1);
    private final boolean underWay;

    private StartLevelBarrier(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
        // after addFrameworkListener: a change that ends from here on counts down the latch
        this.underWay = activeLevel(context) < targetLevel(context);
    }

    /** Starts listening; call this before the framework can finish the change (in activate). */
    static StartLevelBarrier open(BundleContext context) {
        return new StartLevelBarrier(context);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            changed.countDown();
        }
    }

    /**
     * @return {@code true} when no change was under way at {@link #open} or it has ended,
     *         {@code false} when the deadline ({@link System#nanoTime()}) passed first
     */
    boolean await(long deadlineNanos) throws InterruptedException {
        if (!underWay) {
            return true;
        }
        return changed.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void close() {
        try {
            context.removeFrameworkListener(this);
        } catch (IllegalStateException stale) {
            // the bundle has stopped: its listeners are gone
        }
    }

    static int activeLevel(BundleContext context) {
        FrameworkStartLevel level = context.getBundle(0).adapt(FrameworkStartLevel.class);
        return level == null ? Integer.MAX_VALUE : level.getStartLevel();
    }

    /** The highest start level of a bundle marked to be started (at least 1). */
    static int targetLevel(BundleContext context) {
        return Arrays.stream(context.getBundles())
            .filter(b -> b.getBundleId() != 0 && b.getState() != Bundle.UNINSTALLED)
            .map(b -> b.adapt(BundleStartLevel.class))
            .filter(s -> s != null && s.isPersistentlyStarted())
            .mapToInt(BundleStartLevel::getStartLevel)
            .max()
            .orElse(1);
    }
}
