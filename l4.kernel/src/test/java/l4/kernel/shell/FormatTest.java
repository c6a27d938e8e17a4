package l4.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import l4.api.ThreadId;
import l4.kernel.trace.TraceEvent;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void numbersHexAndDecimal() {
        assertEquals(0x7ff, Format.parseNumber("x", "n", "0x7ff", false));
        assertEquals(0x7ff, Format.parseNumber("x", "n", "7ffh", false));
        assertEquals(0x7ff, Format.parseNumber("x", "n", "7ff", true));
        assertEquals(1000, Format.parseNumber("x", "n", "1_000", false));
        assertEquals(0x10, Format.parseNumber("x", "n", "10", true));
    }

    @Test
    void badNumbersAreOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.parseNumber("space", "task number", "zz", true));
        assertEquals("l4:space: bad task number 'zz' (hexadecimal expected)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class, () -> Format.parseNumber("x", "n", "", false));
        assertThrows(IllegalArgumentException.class, () -> Format.parseNumber("x", "n", "0x", false));
        assertThrows(IllegalArgumentException.class, () -> Format.parseNumber("x", "n", "12a", false));
    }

    @Test
    void taskNumbers() {
        assertEquals(0x7ff, Format.parseTask("space", "7ff"));
        assertEquals(2, Format.parseTask("space", "0x2"));
        assertEquals(0x1a, Format.parseTask("space", "1a.03"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.parseTask("space", "800"));
        assertEquals("l4:space: task number 800 out of range (0..7ff)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Format.parseTask("space", null));
    }

    @Test
    void counts() {
        assertEquals(1000, Format.parseCount("pingpong", "rounds", "1000", 1, 10_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.parseCount("pingpong", "rounds", "0", 1, 10));
        assertEquals("l4:pingpong: rounds must be between 1 and 10", e.getMessage());
    }

    @Test
    void sizesAndPageMasks() {
        assertEquals("4K", Format.size(4096));
        assertEquals("4M", Format.size(4L << 20));
        assertEquals("16M", Format.size(16L << 20));
        assertEquals("1G", Format.size(1L << 30));
        assertEquals("12B", Format.size(12));
        assertEquals("4K 4M", Format.pageSizes((1L << 12) | (1L << 22)));
        assertEquals("none", Format.pageSizes(0));
    }

    @Test
    void hex() {
        assertEquals("0x1f", Format.hex(31));
        assertEquals("00000000000000ff", Format.hex16(255));
        assertEquals("ffffffffffffffff", Format.hex16(-1));
    }

    @Test
    void asciiStopsAtNul() {
        assertEquals("mips", Format.ascii(new byte[] {'m', 'i', 'p', 's', 0, 'x'}));
        assertEquals("a?", Format.ascii(new byte[] {'a', 1}));
    }

    @Test
    void kinds() {
        assertEquals(TraceEvent.Kind.PAGE_FAULT, Format.parseKind("trace", "page-fault"));
        assertEquals(TraceEvent.Kind.IPC, Format.parseKind("trace", "IPC"));
        assertEquals("page-fault", Format.kindName(TraceEvent.Kind.PAGE_FAULT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Format.parseKind("trace", "nope"));
        assertTrue(e.getMessage().startsWith("l4:trace: unknown event kind 'nope' (one of ipc, switch"));
    }

    @Test
    void tableAlignsAndTrims() {
        String t = Format.table(List.of(new String[] {"A", "BB", "C"}, new String[] {"long", "x", ""}));
        assertEquals("A     BB  C\nlong  x\n", t);
        assertEquals("", Format.table(List.of()));
    }

    @Test
    void dotEscapes() {
        assertEquals("a\\\"b\\\\c\\n", Format.dot("a\"b\\c\n"));
    }

    @Test
    void rights() {
        assertEquals("rw", Format.rights(true, false));
        assertEquals("ro,uc", Format.rights(false, true));
    }

    @Test
    void publishedCosts() {
        assertEquals(9, PublishedCosts.operations("ix86").size());
        assertEquals(PublishedCosts.IPC_SMALL, PublishedCosts.operations("ix86").get(8));
        assertFalse(PublishedCosts.operations("mips").contains(PublishedCosts.IPC_SMALL));
        assertEquals(121, PublishedCosts.figure("ix86", PublishedCosts.IPC_INTER).cycles());
        assertEquals(101, PublishedCosts.figure("mips", PublishedCosts.IPC_INTER).cycles());
        assertEquals(1180, PublishedCosts.figure("mips", PublishedCosts.PAGE_FAULT).cycles());
        assertEquals(220, PublishedCosts.figure("mips", PublishedCosts.UNMAP).cycles());
        assertEquals(121, PublishedCosts.figure("mips", PublishedCosts.EX_REGS).cycles());
        assertEquals(121, PublishedCosts.figure("mips", PublishedCosts.EX_REGS_RESTART).cycles());
        assertEquals(56, PublishedCosts.figure("mips", PublishedCosts.ID_NEAREST).cycles());
        assertNull(PublishedCosts.figure("ix86", PublishedCosts.EX_REGS_RESTART));
        assertEquals(3800, PublishedCosts.figure("mips", PublishedCosts.TASK_NEW).cycles());
        assertNull(PublishedCosts.figure("ix86", PublishedCosts.PAGE_FAULT));
        assertNull(PublishedCosts.figure("other", PublishedCosts.IPC_INTER));
        assertTrue(PublishedCosts.line("mips", PublishedCosts.IPC_INTER, 97L).matches("ipc-short-inter 97 101 .+"));
        assertEquals("page-fault 1500 - -", PublishedCosts.line("ix86", PublishedCosts.PAGE_FAULT, 1500L));
        assertEquals("task-new - - -", PublishedCosts.line("ix86", PublishedCosts.TASK_NEW, null));
    }

    @Test
    void costLinesNoteFailures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PublishedCosts.IPC_INTER, 130L);
        m.put(PublishedCosts.EX_REGS, "probe-ex-regs: boom");
        List<String> lines = CostProbe.lines("mips", m);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("ipc-short-inter 130 101 "));
        assertTrue(lines.get(1).startsWith("ex-regs - 121 "));
        assertEquals("# ex-regs: probe-ex-regs: boom", lines.get(2));
    }

    @Test
    void traceRendering() {
        ThreadId a = ThreadId.of(1, 1, 5, 0, 1);
        ThreadId b = ThreadId.of(1, 1, 6, 2, 1);
        TraceEvent e = new TraceEvent(1, 1000, 10, TraceEvent.Kind.IPC, a.raw(), b.raw(), 0x2000, 0);
        String[] row = L4Commands.traceRow(e);
        assertEquals("10", row[0]);
        assertEquals("ipc", row[1]);
        assertEquals("5.00", row[2]);
        assertEquals("6.02", row[3]);
        assertEquals("0x2000", row[4]);
        assertEquals(l4.api.ConditionCode.describe(0), row[5]);
        assertEquals("-", L4Commands.traceId(0));
        assertTrue(L4Commands.inTask(b.raw(), 6));
        assertFalse(L4Commands.inTask(0, 0));
        assertFalse(L4Commands.inTask(ThreadId.interrupt(3).raw(), 0));
    }
}
