package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import l4.arch.mips.cpu.GuestCpu;
import l4.arch.mips.cpu.GuestMemory;
import l4.arch.mips.cpu.InstructionCosts;
import l4.arch.mips.cpu.TlbCounters;
import org.junit.jupiter.api.Test;

/**
 * A guest thread stopped between a branch and its delay slot, as the kernel sees it through the
 * register file: its IP is the branch (EPC with Cause.BD), taken or not; a new IP drops the
 * pending slot; a machine snapshot (registers, then the rest of the user state) brings it back at
 * the slot with the branch's target still pending.
 */
class DelaySlotStateTest {
    static final long CODE = 0x10000;

    /** One page of code at {@link #CODE}, nothing else. */
    static final class OnePage implements GuestMemory {
        final byte[] page = new byte[4096];

        OnePage(int... words) {
            for (int k = 0; k < words.length; k++) {
                for (int j = 0; j < 4; j++) page[4 * k + j] = (byte) (words[k] >>> (8 * j));
            }
        }

        @Override
        public int translate(long va, boolean write, boolean fetch, Frame out) {
            out.cycles = 1;
            if ((va & ~0xFFFL) != CODE || write) return NOT_MAPPED;
            out.bytes = page;
            return OK;
        }

        private final TlbCounters counters = new TlbCounters();
        @Override public TlbCounters counters() { return counters; }
        @Override public long hitCycles() { return 1; }
    }

    static int i(int op, int rs, int rt, int imm) { return (op << 26) | (rs << 21) | (rt << 16) | (imm & 0xFFFF); }

    static final int T9 = 25, S0 = 16, S1 = 17;
    /** 0: daddiu s0, s0, 1; 4: BRANCH to 16; 8: daddiu t9, t9, 1 (the slot); 12: daddiu s1, s1, 1; 16: daddiu s1, s1, 2; then a syscall */
    static int[] program(int branch) {
        return new int[] {i(25, S0, S0, 1), branch, i(25, T9, T9, 1), i(25, S1, S1, 1), i(25, S1, S1, 2), 12};
    }

    static final int TAKEN = i(4, 0, 0, 2), NOT_TAKEN = i(5, 0, 0, 2); // beq/bne zero, zero, +2

    private static MipsRegisterFile stoppedInTheSlot(GuestCpu cpu, GuestMemory mem) {
        MipsRegisterFile r = new MipsRegisterFile();
        r.set(MipsRegisterFile.PC, CODE);
        assertEquals(GuestCpu.Stop.BUDGET, cpu.run(r.state, mem, 2, Long.MAX_VALUE));
        assertTrue(r.state.inDelaySlot());
        return r;
    }

    private static long[] runToSyscall(GuestCpu cpu, MipsRegisterFile r, GuestMemory mem) {
        assertEquals(GuestCpu.Stop.EXCEPTION, cpu.run(r.state, mem, 100, Long.MAX_VALUE));
        assertEquals(CODE + 20, r.state.lastException().epc());
        return r.state.gpr.clone();
    }

    @Test
    void theIpOfAThreadInADelaySlotIsItsBranchTakenOrNot() {
        for (int branch : new int[] {TAKEN, NOT_TAKEN}) {
            OnePage mem = new OnePage(program(branch));
            GuestCpu cpu = new GuestCpu(InstructionCosts.of(Map.of(), 1));
            MipsRegisterFile r = stoppedInTheSlot(cpu, mem);
            assertEquals(CODE + 4, r.get(MipsRegisterFile.PC), "the branch, as EPC with BD");
            // resuming at that IP (an ex_regs that gives the old IP back) runs the branch again, then its slot, once
            MipsRegisterFile again = stoppedInTheSlot(cpu, mem);
            again.set(MipsRegisterFile.PC, again.get(MipsRegisterFile.PC));
            assertFalse(again.state.inDelaySlot());
            long[] resumed = runToSyscall(cpu, again, mem);
            assertArrayEquals(runToSyscall(cpu, r, mem), resumed);
            assertEquals(1, resumed[T9], "the slot ran once");
            assertEquals(branch == TAKEN ? 2 : 3, resumed[S1], branch == TAKEN ? "taken: the target only" : "not taken: falls through");
        }
    }

    @Test
    void aNewIpDropsThePendingBranch() {
        OnePage mem = new OnePage(program(TAKEN));
        GuestCpu cpu = new GuestCpu(InstructionCosts.of(Map.of(), 1));
        MipsRegisterFile r = stoppedInTheSlot(cpu, mem);
        r.set(MipsRegisterFile.PC, CODE + 12); // lthread_ex_regs with a new IP
        assertFalse(r.state.inDelaySlot());
        assertEquals(CODE + 12, r.get(MipsRegisterFile.PC));
        long[] g = runToSyscall(cpu, r, mem);
        assertEquals(3, g[S1], "from the new IP straight on: neither the slot nor the old branch's target first");
        assertEquals(0, g[T9]);
    }

    /** As a snapshot does it: every register by get, into a fresh file by set, then the rest of the state. */
    @Test
    void aSnapshotOfAThreadInADelaySlotGoesOnAtTheSlot() throws Exception {
        for (int branch : new int[] {TAKEN, NOT_TAKEN}) {
            OnePage mem = new OnePage(program(branch));
            GuestCpu cpu = new GuestCpu(InstructionCosts.of(Map.of(), 1));
            MipsUserCpu userCpu = new MipsUserCpu(null, Map.of());
            MipsRegisterFile r = stoppedInTheSlot(cpu, mem);
            MipsRegisterFile copy = new MipsRegisterFile();
            for (int k = 0; k < r.count(); k++) copy.set(k, r.get(k));
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            userCpu.saveThread(r, new DataOutputStream(rest));
            userCpu.loadThread(new DataInputStream(new ByteArrayInputStream(rest.toByteArray())), copy);
            assertEquals(r.state.pc, copy.state.pc);
            assertEquals(r.state.npc, copy.state.npc);
            assertTrue(copy.state.inDelaySlot());
            assertEquals(r.get(MipsRegisterFile.PC), copy.get(MipsRegisterFile.PC));
            assertArrayEquals(runToSyscall(cpu, r, mem), runToSyscall(cpu, copy, mem));
        }
    }
}
