package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import l4.spi.Cost;
import l4.spi.CostModel;

class MipsCostModelTest {
    private final MipsArchitecture arch = new MipsArchitecture();
    private final CostModel costs = arch.costModel(Map.of());

    private long c(Cost cost) {
        return costs.cycles(cost);
    }

    @Test
    void everyCostHasAPriceAndASource() {
        for (Cost cost : Cost.values()) {
            assertTrue(costs.cycles(cost) > 0, cost.name());
            assertFalse(costs.source(cost).isBlank(), cost.name());
        }
    }

    @Test
    void optionsOverrideByCostName() {
        Map<String, Object> options = new HashMap<>();
        options.put("IPC_PATH", 77);
        options.put("TLB_REFILL", "12");
        options.put("TASK_NEW", "0x100");
        options.put("THREAD_SWITCH", 3.0);
        options.put("ID_NEAREST", "many");      // malformed: default kept
        options.put("EXCEPTION", -5);           // negative: default kept
        options.put("service.pid", "l4.kernel"); // unrelated ConfigAdmin keys are ignored
        CostModel m = arch.costModel(options);
        assertEquals(77, m.cycles(Cost.IPC_PATH));
        assertEquals(12, m.cycles(Cost.TLB_REFILL));
        assertEquals(256, m.cycles(Cost.TASK_NEW));
        assertEquals(3, m.cycles(Cost.THREAD_SWITCH));
        assertEquals(c(Cost.ID_NEAREST), m.cycles(Cost.ID_NEAREST));
        assertEquals(c(Cost.EXCEPTION), m.cycles(Cost.EXCEPTION));
        assertEquals(c(Cost.UNMAP_PER_PAGE), m.cycles(Cost.UNMAP_PER_PAGE));
        assertTrue(m.source(Cost.IPC_PATH).contains("overridden"));
        assertFalse(m.source(Cost.UNMAP_PER_PAGE).contains("overridden"));
        // the default model is unaffected: every call builds a new one
        assertEquals(MipsCostModel.defaultCycles(Cost.IPC_PATH), arch.costModel(null).cycles(Cost.IPC_PATH));
    }

    @Test
    void mmuUsesTheOverriddenPrices() {
        long[] charged = {0};
        var mmu = arch.createMmu(x -> charged[0] += x, Map.of("TLB_REFILL", 1000, "USER_MEMORY_ACCESS", 7));
        var s = mmu.createSpace(1);
        s.map(0x1000, 0x1000, 12, true, false);
        s.translate(0x1000, false);
        s.translate(0x1000, false);
        assertEquals(1000 + 7 + 7, charged[0]);
    }

    private static void assertWithin25Percent(String what, double published, long simulated) {
        assertTrue(simulated >= published * 0.75 && simulated <= published * 1.25,
                what + ": simulated " + simulated + " vs published " + published);
    }

    /** One system call's fixed part, as the kernel charges it. */
    private long syscall() {
        return c(Cost.KERNEL_ENTRY_EXIT) + c(Cost.SYSCALL_DISPATCH);
    }

    /** One-way short IPC between address spaces: the kernel's charges plus our activate(). */
    private long shortIpcInter() {
        return syscall() + c(Cost.IPC_PATH) + 8 * c(Cost.IPC_REGISTER_WORD) + c(Cost.THREAD_SWITCH)
                + c(Cost.ADDRESS_SPACE_SWITCH);
    }

    @Test
    void defaultsMatchTheL4MipsTestLog() {
        // Published figures, reference §9 (L4/MIPS on the R4600 U4600 board).
        assertWithin25Percent("short IPC", 101, shortIpcInter());
        assertWithin25Percent("id_nearest", 56, syscall() + c(Cost.ID_NEAREST));
        assertWithin25Percent("ex_regs", 121, syscall() + c(Cost.LTHREAD_EX_REGS));
        assertWithin25Percent("task_new", 3800, syscall() + c(Cost.TASK_NEW));
        assertWithin25Percent("task delete", 8700, syscall() + c(Cost.TASK_NEW) + c(Cost.TASK_DELETE));
        // page fault: kernel entry + fault handling, fault IPC and reply, one page mapped, the failed
        // refill of the faulting access and the refill + access when the thread resumes.
        long pageFault = c(Cost.KERNEL_ENTRY_EXIT) + c(Cost.PAGE_FAULT) + 2 * shortIpcInter() + c(Cost.MAP_PER_PAGE)
                + 2 * c(Cost.TLB_REFILL) + c(Cost.USER_MEMORY_ACCESS);
        assertWithin25Percent("page fault (low)", 1130, pageFault);
        assertWithin25Percent("page fault (high)", 1230, pageFault);
        long unmap16 = syscall() + c(Cost.UNMAP_BASE) + 16 * c(Cost.UNMAP_PER_PAGE);
        assertWithin25Percent("unmap per page", 220, unmap16 / 16);

        // the documented exact sums (MipsCostModel javadoc)
        assertEquals(101, shortIpcInter());
        assertEquals(56, syscall() + c(Cost.ID_NEAREST));
        assertEquals(121, syscall() + c(Cost.LTHREAD_EX_REGS));
        assertEquals(3800, syscall() + c(Cost.TASK_NEW));
        assertEquals(8700, syscall() + c(Cost.TASK_NEW) + c(Cost.TASK_DELETE));
        assertEquals(1183, pageFault);
    }
}
