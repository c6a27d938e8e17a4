package l4.arch.ix86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l4.spi.Cost;
import l4.spi.CostModel;
import l4.spi.Mmu;
import l4.spi.MmuSpace;

class PentiumCostModelTest {
    private final CostModel m = new Ix86Architecture().costModel(Map.of());

    private long c(Cost cost) {
        return m.cycles(cost);
    }

    private static void assertWithin25Percent(String what, double published, long simulated) {
        double ratio = simulated / published;
        assertTrue(ratio >= 0.75 && ratio <= 1.25,
                what + ": simulated " + simulated + " vs published " + published + " (ratio " + ratio + ")");
    }

    /** Sums the charges the way the kernel does (ARCH contract), independently of the model's comments. */
    private long shortIpc(Cost switchCost) {
        return c(Cost.KERNEL_ENTRY_EXIT) + c(Cost.SYSCALL_DISPATCH) + c(Cost.IPC_PATH)
                + 2 * c(Cost.IPC_REGISTER_WORD) + c(Cost.THREAD_SWITCH) + (switchCost == null ? 0 : c(switchCost));
    }

    @Test
    void everyCostHasAValueAndASource() {
        for (Cost cost : Cost.values()) {
            assertTrue(c(cost) >= 0, cost.name());
            assertFalse(m.source(cost) == null || m.source(cost).isBlank(), cost.name());
        }
    }

    @Test
    void shortIpcMatchesThePublishedPentiumFigure() {
        assertWithin25Percent("one-way short IPC, cross address space (HotOS 1997)", 121, shortIpc(Cost.ADDRESS_SPACE_SWITCH));
        assertTrue(shortIpc(Cost.SMALL_SPACE_SWITCH) < shortIpc(Cost.ADDRESS_SPACE_SWITCH));
        assertTrue(shortIpc(null) < shortIpc(Cost.SMALL_SPACE_SWITCH));
    }

    @Test
    void operationsWithoutIx86FiguresMatchScaledMipsFigures() {
        double scale = 121.0 / 101.0; // published Pentium / R4600 short IPC (reference §9)
        long entry = c(Cost.KERNEL_ENTRY_EXIT) + c(Cost.SYSCALL_DISPATCH);
        assertWithin25Percent("ex_regs", 121 * scale, entry + c(Cost.LTHREAD_EX_REGS));
        assertWithin25Percent("task_new", 3800 * scale, entry + c(Cost.TASK_NEW));
        assertWithin25Percent("task delete", 8700 * scale, c(Cost.TASK_DELETE));
        assertWithin25Percent("unmap per page (marginal)", 220 * scale, c(Cost.UNMAP_PER_PAGE));
        assertWithin25Percent("unmap of one page", 220 * scale, entry + c(Cost.UNMAP_BASE) + c(Cost.UNMAP_PER_PAGE));
        assertWithin25Percent("id_nearest", 56 * scale, entry + c(Cost.ID_NEAREST));
        long pageFault = c(Cost.KERNEL_ENTRY_EXIT) + c(Cost.PAGE_FAULT) + 2 * shortIpc(Cost.ADDRESS_SPACE_SWITCH)
                + c(Cost.MAP_PER_PAGE);
        // the measured fault also walks the page table twice (fault, retry) and completes one access
        long measured = pageFault + 2 * c(Cost.TLB_REFILL) + c(Cost.USER_MEMORY_ACCESS);
        assertWithin25Percent("page fault (kernel charges)", 1130 * scale, pageFault);
        assertWithin25Percent("page fault (kernel charges)", 1230 * scale, pageFault);
        assertWithin25Percent("page fault (with TLB work)", 1180 * scale, measured);
    }

    @Test
    void optionsOverrideConstants() {
        Map<String, Object> o = new HashMap<>();
        o.put("IPC_PATH", 99);
        o.put("TLB_REFILL", " 33 ");
        o.put("ADDRESS_SPACE_SWITCH", 40L);
        o.put("unrelated.key", "whatever");
        CostModel custom = new Ix86Architecture().costModel(o);
        assertEquals(99, custom.cycles(Cost.IPC_PATH));
        assertEquals(33, custom.cycles(Cost.TLB_REFILL));
        assertEquals(c(Cost.KERNEL_ENTRY_EXIT), custom.cycles(Cost.KERNEL_ENTRY_EXIT));
        assertTrue(custom.source(Cost.IPC_PATH).contains("overridden"));
        assertEquals(m.source(Cost.KERNEL_ENTRY_EXIT), custom.source(Cost.KERNEL_ENTRY_EXIT));
        assertEquals(12, c(Cost.IPC_PATH), "the default model is unaffected");

        // the MMU of a machine built with the same options charges the overridden prices
        long[] cycles = {0};
        Mmu mmu = new Ix86Architecture().createMmu(x -> cycles[0] += x, o);
        MmuSpace s = mmu.createSpace(1);
        s.map(0x1000, 0x1000, 12, true, false);
        mmu.activate(s);
        assertEquals(40, cycles[0]);
        s.translate(0x1000, false);
        assertEquals(40 + 33 + c(Cost.USER_MEMORY_ACCESS), cycles[0]);
    }

    @Test
    void malformedOverridesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PentiumCostModel(Map.of("IPC_PATH", "fast")));
        assertThrows(IllegalArgumentException.class, () -> new PentiumCostModel(Map.of("IPC_PATH", -5)));
        assertThrows(IllegalArgumentException.class, () -> new PentiumCostModel(Map.of("IPC_PATH", 1.5)));
        assertEquals(7, new PentiumCostModel(Map.of("IPC_PATH", 7.0)).cycles(Cost.IPC_PATH));
        assertEquals(16, new PentiumCostModel(Map.of("IPC_PATH", "0x10")).cycles(Cost.IPC_PATH));
    }
}
