package l4.linuxserver.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;
import org.junit.jupiter.api.Test;

/** fallocate's two tmpfs modes on a file in pages: allocation (with or without the size) and punching holes. */
class RegularFileTest {
    private static final int PAGE = RegularFile.PAGE;

    @Test
    void allocationGivesPagesAndGrowsTheFileUnlessTheSizeIsKept() {
        PageBudget budget = new PageBudget(100);
        RegularFile f = new RegularFile(0644, new byte[10], budget);
        f.allocate(2 * PAGE + 5, 10, true);
        assertEquals(10, f.size(), "KEEP_SIZE");
        assertEquals(2, f.allocatedPages());
        f.allocate(PAGE - 1, PAGE + 2, false); // touches pages 0, 1 and 2: only page 1 is new
        assertEquals(2 * PAGE + 1, f.size());
        assertEquals(3, f.allocatedPages());
        assertEquals(3, budget.used());
        byte[] b = new byte[2 * PAGE + 1];
        assertEquals(b.length, f.read(0, b, 0, b.length));
        assertArrayEquals(new byte[b.length], b, "allocated pages read as zeros");
    }

    @Test
    void anAllocationThatDoesNotFitTakesNothing() {
        PageBudget budget = new PageBudget(4);
        RegularFile f = new RegularFile(0644, new byte[1], budget);
        LinuxError e = assertThrows(LinuxError.class, () -> f.allocate(0, 10L * PAGE, false));
        assertEquals(Errno.ENOSPC, e.errno);
        assertEquals(1, budget.used());
        assertEquals(1, f.size());
    }

    @Test
    void aPunchedHoleFreesWholePagesAndZerosTheParts() {
        PageBudget budget = new PageBudget(100);
        byte[] data = new byte[3 * PAGE];
        java.util.Arrays.fill(data, (byte) 7);
        RegularFile f = new RegularFile(0644, data, budget);
        f.punchHole(PAGE - 2, PAGE + 4); // the end of page 0, all of page 1, the start of page 2
        assertEquals(3 * PAGE, f.size());
        assertEquals(2, f.allocatedPages());
        assertEquals(2, budget.used());
        byte[] b = new byte[3 * PAGE];
        f.read(0, b, 0, b.length);
        for (int i = 0; i < b.length; i++) {
            assertEquals(i >= PAGE - 2 && i < 2 * PAGE + 2 ? 0 : 7, b[i], "byte " + i);
        }
    }
}
