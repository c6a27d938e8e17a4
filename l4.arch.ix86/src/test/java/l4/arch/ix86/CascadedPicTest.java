package l4.arch.ix86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import l4.spi.InterruptController;

class CascadedPicTest {
    private final InterruptController pic = new Ix86Architecture().createInterruptController();

    private void unmaskAll() {
        for (int i = 0; i < 16; i++) pic.unmask(i);
    }

    @Test
    void sixteenLinesTimerOnZero() {
        assertEquals(16, pic.lines());
        assertEquals(0, pic.timerLine());
        assertEquals("IRQ3 (PIC1)", pic.lineName(3));
        assertEquals("IRQ12 (PIC2)", pic.lineName(12));
        assertTrue(pic.lineName(0).contains("timer"));
        assertTrue(pic.lineName(2).contains("cascade"));
    }

    @Test
    void fullyNestedPriority() {
        unmaskAll();
        for (int line = 15; line >= 0; line--) if (line != 2) pic.raise(line);
        int[] expected = {0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 3, 4, 5, 6, 7};
        for (int line : expected) assertEquals(line, pic.acknowledge());
        assertEquals(-1, pic.acknowledge());
    }

    @Test
    void slaveLinesOutrankMasterLinesThreeToSeven() {
        unmaskAll();
        pic.raise(3);
        pic.raise(15);
        assertEquals(15, pic.acknowledge());
        assertEquals(3, pic.acknowledge());
        pic.raise(1);
        pic.raise(8);
        assertEquals(1, pic.acknowledge());
        assertEquals(8, pic.acknowledge());
    }

    @Test
    void maskedRequestsAreLatchedUntilUnmasked() {
        assertTrue(pic.masked(5), "device lines start masked");
        assertFalse(pic.masked(0), "timer starts unmasked");
        pic.raise(5);
        assertTrue(pic.pending(5));
        assertEquals(-1, pic.acknowledge());
        pic.raise(5); // edge-triggered: collapses
        pic.unmask(5);
        assertEquals(5, pic.acknowledge());
        assertFalse(pic.pending(5));
        assertEquals(-1, pic.acknowledge());
        pic.mask(5);
        assertTrue(pic.masked(5));
    }

    @Test
    void maskingSkipsToTheNextPriority() {
        unmaskAll();
        pic.raise(0);
        pic.raise(9);
        pic.raise(4);
        pic.mask(0);
        pic.mask(9);
        assertEquals(4, pic.acknowledge());
        pic.unmask(9);
        assertEquals(9, pic.acknowledge());
        pic.unmask(0);
        assertEquals(0, pic.acknowledge());
    }

    @Test
    void cascadeIsNeitherRaisableNorMaskable() {
        unmaskAll();
        assertThrows(IllegalArgumentException.class, () -> pic.raise(2));
        pic.mask(2); // must not cut off the slave
        assertFalse(pic.masked(2));
        pic.raise(10);
        assertEquals(10, pic.acknowledge());
        assertFalse(pic.pending(2));
        assertThrows(IllegalArgumentException.class, () -> pic.raise(16));
        assertThrows(IllegalArgumentException.class, () -> pic.mask(-1));
    }

    @Test
    void controllersAreIndependent() {
        InterruptController other = new Ix86Architecture().createInterruptController();
        pic.unmask(6);
        other.unmask(6);
        pic.raise(6);
        assertEquals(-1, other.acknowledge());
        assertEquals(6, pic.acknowledge());
    }
}
