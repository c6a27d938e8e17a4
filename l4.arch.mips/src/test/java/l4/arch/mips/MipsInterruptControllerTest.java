package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import l4.spi.InterruptController;

class MipsInterruptControllerTest {
    private final InterruptController ic = new MipsArchitecture().createInterruptController();

    @Test
    void geometry() {
        assertEquals(8, ic.lines());
        assertEquals(7, ic.timerLine());
        assertTrue(ic.lineName(7).startsWith("IP7"));
        assertTrue(ic.lineName(7).contains("timer"));
        assertTrue(ic.lineName(4).startsWith("IP4"));
        assertTrue(ic.lineName(0).contains("soft"));
        assertThrows(IllegalArgumentException.class, () -> ic.lineName(8));
        assertThrows(IllegalArgumentException.class, () -> ic.raise(-1));
        assertThrows(IllegalArgumentException.class, () -> ic.raise(8));
    }

    @Test
    void highestLineFirst() {
        assertEquals(-1, ic.acknowledge());
        ic.raise(2);
        ic.raise(5);
        ic.raise(7);
        ic.raise(0);
        assertTrue(ic.pending(5));
        assertEquals(7, ic.acknowledge());
        assertEquals(5, ic.acknowledge());
        assertFalse(ic.pending(5));
        assertEquals(2, ic.acknowledge());
        assertEquals(0, ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
    }

    @Test
    void maskedLinesStayPending() {
        ic.mask(5);
        assertTrue(ic.masked(5));
        assertFalse(ic.masked(3));
        ic.raise(5);
        ic.raise(3);
        assertEquals(3, ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
        assertTrue(ic.pending(5));
        ic.unmask(5);
        assertFalse(ic.masked(5));
        assertEquals(5, ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
    }

    @Test
    void raisingTwiceIsOneInterrupt() {
        ic.raise(4);
        ic.raise(4);
        assertEquals(4, ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
    }

    @Test
    void controllersAreIndependent() {
        InterruptController other = new MipsArchitecture().createInterruptController();
        ic.raise(6);
        ic.mask(2);
        assertFalse(other.pending(6));
        assertFalse(other.masked(2));
        assertEquals(-1, other.acknowledge());
    }
}
