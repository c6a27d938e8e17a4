package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BannerAndErrorTest {

    @Test
    void bannerNamesArchJavaDataAndLog() {
        Map<String, String> p = Map.of("l4.arch", "ix86", "l4.data", "/tmp/d", "java.version", "25");
        String text = Banner.text(p::get, "0.1.0", "mips", false);
        assertTrue(text.contains("arch: mips"), text);
        assertTrue(text.contains("Java 25"), text);
        assertTrue(text.contains("log: /tmp/d/l4.log"), text);
        assertFalse(text.contains("Gogo"), "no shell hint in batch mode: " + text);
        assertTrue(Banner.text(p::get, "0.1.0", "mips", true).contains("'stop 0'"));
    }

    @Test
    void bannerWithoutMachineSaysNoneBooted() {
        assertTrue(Banner.text(k -> null, "0.1.0", null, false).contains("arch: none booted"));
    }

    @Test
    void errorMessageIsOneLineAndUnwrapsReflection() {
        assertEquals("bad thing happened", ErrorMessage.of(new IllegalStateException(" bad thing\n  happened ")));
        assertEquals("inner", ErrorMessage.of(new InvocationTargetException(new RuntimeException("inner"))));
        assertEquals("NullPointerException", ErrorMessage.of(new NullPointerException()));
    }

    @Test
    void quiescenceReturnsOnceStable() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        // changes for the first 3 snapshots, then stays the same
        boolean settled = Quiescence.await(() -> Math.min(calls.incrementAndGet(), 3), Duration.ofMillis(60),
            Duration.ofSeconds(5));
        assertTrue(settled);
        assertTrue(calls.get() >= 4, "polled past the changes: " + calls.get());
    }

    @Test
    void quiescenceGivesUpAtTheBound() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        boolean settled = Quiescence.await(calls::incrementAndGet, Duration.ofSeconds(10), Duration.ofMillis(200));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFalse(settled);
        assertTrue(millis >= 200 && millis < 5000, "took " + millis + " ms");
    }
}
