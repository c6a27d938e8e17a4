package l4.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClockTest {
    @Test
    void cyclesAndMicros() {
        Clock c = new Clock(100_000_000L, 1000);
        assertEquals(10, c.microsFor(1000));
        assertEquals(100_000, c.tickCycles());
        c.charge(250);
        assertEquals(2, c.micros());
        assertEquals(300, c.cyclesForMicros(3));
    }

    @Test
    void aClockBelowOneMegahertzCountsAsOne() {
        assertEquals(1000, new Clock(10, 1000).microsFor(1000));
    }

    @Test
    void ticksFallDueEveryTickCycles() {
        Clock c = new Clock(1_000_000L, 10);
        c.charge(9);
        assertFalse(c.tickDue());
        c.charge(1);
        assertTrue(c.tickDue());
        assertEquals(1, c.consumeTick());
        assertFalse(c.tickDue());
        assertEquals(20, c.firstTickAtOrAfter(11));
    }
}
