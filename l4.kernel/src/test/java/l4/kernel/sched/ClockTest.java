package l4.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void idleTicksInOneStepEndWhereTheyEndOneByOne() {
        for (long n : new long[] {1, 2, 17, 100_000}) {
            Clock stepped = new Clock(133_000_000L, 1000);
            Clock batched = new Clock(133_000_000L, 1000);
            stepped.charge(4321);
            batched.charge(4321);
            for (long i = 0; i < n; i++) {
                stepped.idleUntil(stepped.nextTickCycle());
                stepped.consumeTick();
                stepped.charge(250);
            }
            batched.idleTicks(n, 250);
            assertEquals(stepped.cycles(), batched.cycles(), n + " ticks: cycles");
            assertEquals(stepped.ticks(), batched.ticks(), n + " ticks: count");
            assertEquals(stepped.nextTickCycle(), batched.nextTickCycle(), n + " ticks: next tick");
        }
    }

    @Test
    void idleTicksNeedAHandlerShorterThanATickAndNoTickDue() {
        Clock c = new Clock(1_000_000L, 10);
        assertThrows(IllegalArgumentException.class, () -> c.idleTicks(3, 10));
        c.charge(10);
        assertThrows(IllegalStateException.class, () -> c.idleTicks(3, 1));
    }
}
