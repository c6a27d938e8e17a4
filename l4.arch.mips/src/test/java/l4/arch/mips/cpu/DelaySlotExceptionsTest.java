package l4.arch.mips.cpu;

import static l4.arch.mips.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Exceptions raised by an instruction in a branch delay slot, as the MIPS64 architecture defines
 * them (Volume III, exception processing; R4000 User's Manual 5.4): EPC is the branch, Cause.BD
 * is set, and the thread restarts at the branch, which runs again before its slot. Also when the
 * CPU stopped between the branch and its slot, and when the slot's fetch faults on the next page.
 */
class DelaySlotExceptionsTest {
    static final long CODE = 0x10000;

    final GuestTestMachine m = new GuestTestMachine();

    void code(long at, int... words) {
        byte[] page = m.page(at, false);
        for (int k = 0; k < words.length; k++) GuestCpu.I32.set(page, (int) (at & 0xFFF) + k * 4, words[k]);
        m.cpu.frameWritten(page);
        m.state.jump(at);
    }

    GuestException runToException() {
        assertEquals(GuestCpu.Stop.EXCEPTION, m.cpu.run(m.state, m.memory, 1000, Long.MAX_VALUE));
        return m.state.lastException();
    }

    static int bgezal(int rs, int off) { return i(1, rs, 17, off); }

    @Test
    void trapsInADelaySlotReportTheBranchAndRunItAgain() {
        for (int trap : new int[] {SYSCALL, BREAK, teq(0, 0)}) {
            // 0: addiu 2, 0, 1; 4: bgezal zero, +2 (link 12 in ra); 8: TRAP; 12: addiu 3, 3, 1 (fall-through); 16: addiu 4, 4, 1 (target); 20: syscall
            code(CODE, addiu(2, 0, 1), bgezal(0, 2), trap, addiu(3, 3, 1), addiu(4, 4, 1), SYSCALL);
            GuestException e = runToException();
            assertTrue(e.branchDelay(), e.toString());
            assertEquals(CODE + 4, e.epc());
            assertEquals(1L << 31, e.cause() & (1L << 31), "Cause.BD");
            assertEquals(CODE + 4, m.state.pc, "restarts at the branch");
            assertFalse(m.state.inDelaySlot());
            assertEquals(CODE + 12, m.state.gpr[31], "the link was written before the slot");
            assertEquals(2, m.cpu.lastInstructions(), "the trapping slot is not counted as done");
            // resumed as is: the branch runs again, the slot traps again at the same EPC
            m.state.gpr[31] = 0;
            GuestException again = runToException();
            assertEquals(e, again);
            assertEquals(CODE + 12, m.state.gpr[31], "the branch-and-link ran again");
            assertEquals(1, m.cpu.lastInstructions());
            // a handler that emulates the slot goes on at the target
            m.state.jump(CODE + 16);
            GuestException end = runToException();
            assertEquals(GuestException.SYS, end.code());
            assertEquals(CODE + 20, end.epc());
            assertFalse(end.branchDelay());
            assertEquals(0, m.state.gpr[3], "the fall-through never ran");
            assertEquals(1, m.state.gpr[4]);
            m.state.gpr[3] = m.state.gpr[4] = 0;
        }
    }

    @Test
    void aStopBetweenTheBranchAndItsSlotThenATrapReportsTheBranch() {
        code(CODE, addiu(2, 0, 1), beq(0, 0, 2), BREAK, NOP, NOP, SYSCALL);
        assertEquals(GuestCpu.Stop.BUDGET, m.cpu.run(m.state, m.memory, 2, Long.MAX_VALUE));
        assertTrue(m.state.inDelaySlot());
        assertEquals(CODE + 8, m.state.pc);
        GuestException e = runToException();
        assertEquals(GuestException.BP, e.code());
        assertEquals(CODE + 4, e.epc());
        assertTrue(e.branchDelay());
    }

    @Test
    void aSlotWhoseFetchFaultsOnTheNextPageReportsTheBranch() {
        long last = CODE + 0xFFC;
        code(last, beq(0, 0, 4));
        GuestException e = runToException();
        assertEquals(GuestException.TLBL, e.code());
        assertEquals(last, e.epc(), "EPC: the branch");
        assertEquals(CODE + 0x1000, e.badVaddr(), "BadVAddr: the slot");
        assertTrue(e.branchDelay());
        assertEquals(last, m.state.pc);
    }
}
