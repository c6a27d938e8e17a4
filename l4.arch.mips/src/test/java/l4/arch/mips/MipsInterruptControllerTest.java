package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import l4.spi.InterruptController;

/** The Malta wiring: ISA IRQ0-15 through the PIIX4's 8259 pair on IP2, the CPU lines IP0-IP7 as lines 16-23. */
class MipsInterruptControllerTest {
    private final InterruptController ic = new MipsArchitecture().createInterruptController();

    private static int ip(int n) { return 16 + n; }

    @Test
    void geometry() {
        assertEquals(24, ic.lines());
        assertEquals(ip(7), ic.timerLine());
        assertTrue(ic.lineName(ip(7)).startsWith("IP7"));
        assertTrue(ic.lineName(ip(7)).contains("timer"));
        assertTrue(ic.lineName(ip(2)).contains("8259"));
        assertTrue(ic.lineName(ip(0)).contains("soft"));
        assertTrue(ic.lineName(4).startsWith("IRQ4"));
        assertTrue(ic.lineName(14).contains("slave"));
        assertThrows(IllegalArgumentException.class, () -> ic.lineName(24));
        assertThrows(IllegalArgumentException.class, () -> ic.raise(-1));
        assertThrows(IllegalArgumentException.class, () -> ic.raise(24));
    }

    @Test
    void isaLinesStartMaskedCpuLinesOpen() {
        for (int l = 0; l < 16; l++) assertEquals(l != 2, ic.masked(l), "IRQ" + l);
        for (int n = 0; n < 8; n++) assertFalse(ic.masked(ip(n)), "IP" + n);
    }

    @Test
    void cpuLinesHighestFirst() {
        assertEquals(-1, ic.acknowledge());
        ic.raise(ip(3));
        ic.raise(ip(5));
        ic.raise(ip(7));
        ic.raise(ip(0));
        assertTrue(ic.pending(ip(5)));
        assertEquals(ip(7), ic.acknowledge());
        assertEquals(ip(5), ic.acknowledge());
        assertFalse(ic.pending(ip(5)));
        assertEquals(ip(3), ic.acknowledge());
        assertEquals(ip(0), ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
    }

    @Test
    void isaRequestsComeThroughIp2InTheNestedOrderOf8259() {
        for (int l : new int[] {4, 8, 14, 3}) ic.unmask(l);
        ic.raise(4);
        ic.raise(14);
        ic.raise(3);
        ic.raise(8);
        ic.raise(ip(1));
        ic.raise(ip(3));
        assertEquals(ip(3), ic.acknowledge(), "IP3 is above IP2");
        assertEquals(8, ic.acknowledge(), "the slave's lines rank at the master's input 2");
        assertEquals(14, ic.acknowledge());
        assertEquals(3, ic.acknowledge());
        assertEquals(4, ic.acknowledge());
        assertEquals(ip(1), ic.acknowledge(), "IP1 is below IP2");
        assertEquals(-1, ic.acknowledge());
    }

    @Test
    void maskedIsaRequestIsLatchedUntilUnmask() {
        ic.raise(4);
        assertTrue(ic.pending(4));
        assertEquals(-1, ic.acknowledge(), "IRQ4 is masked at the 8259, so IP2 stays low");
        ic.unmask(4);
        assertEquals(4, ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
    }

    @Test
    void maskingIp2CutsOffNothingAndCascadesCannotBeRaised() {
        ic.mask(ip(2));
        ic.mask(2);
        assertFalse(ic.masked(ip(2)));
        assertFalse(ic.masked(2));
        ic.unmask(14);
        ic.raise(14);
        assertEquals(14, ic.acknowledge());
        assertThrows(IllegalArgumentException.class, () -> ic.raise(2));
        assertThrows(IllegalArgumentException.class, () -> ic.raise(ip(2)));
        assertFalse(ic.pending(ip(2)));
    }

    @Test
    void raisingTwiceIsOneInterrupt() {
        ic.raise(ip(4));
        ic.raise(ip(4));
        assertEquals(ip(4), ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
        ic.unmask(8);
        ic.raise(8);
        ic.raise(8);
        assertEquals(8, ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
    }

    @Test
    void maskedCpuLinesStayPending() {
        ic.mask(ip(5));
        ic.raise(ip(5));
        ic.raise(ip(3));
        assertEquals(ip(3), ic.acknowledge());
        assertEquals(-1, ic.acknowledge());
        assertTrue(ic.pending(ip(5)));
        ic.unmask(ip(5));
        assertEquals(ip(5), ic.acknowledge());
    }

    @Test
    void controllersAreIndependent() {
        InterruptController other = new MipsArchitecture().createInterruptController();
        ic.raise(ip(6));
        ic.unmask(4);
        assertFalse(other.pending(ip(6)));
        assertTrue(other.masked(4));
        assertEquals(-1, other.acknowledge());
    }
}
