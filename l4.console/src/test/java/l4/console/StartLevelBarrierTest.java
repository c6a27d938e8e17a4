package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The console waits for the launcher's start-level change to end (the Felix behaviour it relies
 * on: the active level is raised before the bundles of that level have started, and the beginning
 * level is not a framework property under the bnd launcher).
 */
class StartLevelBarrierTest {

    /** A framework at {@code level} with bundles at the given start levels, all marked to start. */
    private static final class FakeFramework {
        int level;
        final List<FrameworkListener> listeners = new ArrayList<>();
        final List<Bundle> bundles = new ArrayList<>();
        final BundleContext context;

        FakeFramework(int level, int... bundleLevels) {
            this.level = level;
            bundles.add(bundle(0, 0, true));
            for (int i = 0; i < bundleLevels.length; i++) {
                bundles.add(bundle(i + 1, bundleLevels[i], true));
            }
            context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "addFrameworkListener" -> listeners.add((FrameworkListener) args[0]);
                    case "removeFrameworkListener" -> listeners.remove(args[0]);
                    case "getBundles" -> bundles.toArray(new Bundle[0]);
                    case "getBundle" -> bundles.get(0);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        }

        Bundle bundle(long id, int startLevel, boolean started) {
            FrameworkStartLevel frameworkLevel = (FrameworkStartLevel) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { FrameworkStartLevel.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getStartLevel" -> level;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
            BundleStartLevel bundleLevel = (BundleStartLevel) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleStartLevel.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getStartLevel" -> startLevel;
                    case "isPersistentlyStarted" -> started;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
            return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getState" -> Bundle.ACTIVE;
                    case "adapt" -> args[0] == FrameworkStartLevel.class ? frameworkLevel : bundleLevel;
                    case "hashCode" -> (int) id;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        }

        void startLevelChanged() {
            FrameworkEvent event = new FrameworkEvent(FrameworkEvent.STARTLEVEL_CHANGED, bundles.get(0), null);
            new ArrayList<>(listeners).forEach(l -> l.frameworkEvent(event));
        }
    }

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void theTargetIsTheHighestLevelOfABundleMarkedToStart() {
        FakeFramework fw = new FakeFramework(10, 1, 2, 10, 20);
        fw.bundles.add(fw.bundle(9, 30, false));
        assertEquals(20, StartLevelBarrier.targetLevel(fw.context));
    }

    @Test
    void aLevelReportedActiveIsNotTheEndOfTheChange() throws InterruptedException {
        FakeFramework fw = new FakeFramework(10, 1, 10, 20);
        StartLevelBarrier barrier = StartLevelBarrier.open(fw.context);
        // Felix raises the active level to 20 before it starts the bundles of level 20
        fw.level = 20;
        assertFalse(barrier.await(in(50)), "the level alone must not end the wait");
        fw.startLevelChanged();
        assertTrue(barrier.await(in(50)));
        barrier.close();
        assertTrue(fw.listeners.isEmpty(), "close removes the listener");
    }

    @Test
    void noChangeUnderWayNeedsNoEvent() throws InterruptedException {
        FakeFramework fw = new FakeFramework(20, 1, 10, 20);
        StartLevelBarrier barrier = StartLevelBarrier.open(fw.context);
        assertTrue(barrier.await(in(0)));
    }

    @Test
    void otherFrameworkEventsDoNotEndTheWait() throws InterruptedException {
        FakeFramework fw = new FakeFramework(10, 10, 20);
        StartLevelBarrier barrier = StartLevelBarrier.open(fw.context);
        barrier.frameworkEvent(new FrameworkEvent(FrameworkEvent.PACKAGES_REFRESHED, fw.bundles.get(0), null));
        assertFalse(barrier.await(in(30)));
    }
}
