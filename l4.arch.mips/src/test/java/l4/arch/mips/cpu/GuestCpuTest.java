package l4.arch.mips.cpu;

import static l4.arch.mips.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Exceptions as data, delay slots, budgets, cycle prices and cache invalidation of the guest CPU. */
class GuestCpuTest {
    static final long CODE = 0x10000, DATA = 0x20000, RO = 0x30000, UNMAPPED = 0x50000;

    final GuestTestMachine m = new GuestTestMachine();

    void code(int... words) {
        byte[] page = m.page(CODE, false);
        for (int k = 0; k < words.length; k++) GuestCpu.I32.set(page, k * 4, words[k]);
        m.cpu.frameWritten(page);
        m.page(DATA, true);
        m.page(RO, false);
        m.state.jump(CODE);
    }

    GuestException runToException() {
        assertEquals(GuestCpu.Stop.EXCEPTION, m.cpu.run(m.state, m.memory, 1000, Long.MAX_VALUE));
        return m.state.lastException();
    }

    void assertException(int code, long epc, long badVaddr, boolean bd) {
        GuestException e = runToException();
        assertEquals(GuestException.name(code), GuestException.name(e.code()), e.toString());
        assertEquals(epc, e.epc(), "epc");
        assertEquals(badVaddr, e.badVaddr(), "badvaddr");
        assertEquals(bd, e.branchDelay(), "branch delay");
        assertEquals(epc, m.state.pc, "the state restarts at the EPC");
    }

    @Test
    void overflowLeavesTheDestinationAlone() {
        code(lui(1, 0x7FFF), ori(1, 1, 0xFFFF), addiu(2, 0, 1), addiu(3, 0, 77), add(3, 1, 2));
        assertException(GuestException.OV, CODE + 16, 0, false);
        assertEquals(77, m.state.gpr[3]);
        assertEquals(4, m.cpu.lastInstructions());
    }

    @Test
    void exceptionInADelaySlotReportsTheBranch() {
        code(lui(1, 0x7FFF), ori(1, 1, 0xFFFF), addiu(2, 0, 1), beq(0, 0, 4), add(3, 1, 2));
        assertException(GuestException.OV, CODE + 12, 0, true);
    }

    @Test
    void syscallBreakTrapReservedAndUnusable() {
        code(SYSCALL, BREAK, teq(0, 0), RESERVED, MFC0, ADD_D);
        assertException(GuestException.SYS, CODE, 0, false);
        m.state.jump(CODE + 4);
        assertException(GuestException.BP, CODE + 4, 0, false);
        m.state.jump(CODE + 8);
        assertException(GuestException.TR, CODE + 8, 0, false);
        m.state.jump(CODE + 12);
        assertException(GuestException.RI, CODE + 12, 0, false);
        m.state.jump(CODE + 16);
        GuestException e = runToException();
        assertEquals(GuestException.CPU, e.code());
        assertEquals(0, e.coprocessor());
        m.state.fpuEnabled = false;
        m.state.jump(CODE + 20);
        e = runToException();
        assertEquals(GuestException.CPU, e.code());
        assertEquals(1, e.coprocessor());
        assertEquals((1L << 28) | (11 << 2), e.cause());
    }

    @Test
    void addressErrorsAndTlbExceptions() {
        code(lui(1, 2), lw(2, 2, 1), sw(2, 6, 1), lui(3, 5), lw(2, 0, 3), sw(2, 0, 3), lui(4, 3), sw(2, 0, 4));
        assertException(GuestException.ADEL, CODE + 4, DATA + 2, false);
        m.state.jump(CODE + 8);
        assertException(GuestException.ADES, CODE + 8, DATA + 6, false);
        m.state.jump(CODE + 12);
        assertException(GuestException.TLBL, CODE + 16, UNMAPPED, false);
        m.state.jump(CODE + 20);
        assertException(GuestException.TLBS, CODE + 20, UNMAPPED, false);
        m.state.jump(CODE + 24);
        assertException(GuestException.MOD, CODE + 28, RO, false);
    }

    @Test
    void kernelAddressesAreAddressErrors() {
        code(lui(1, 0x8000), lw(2, 0, 1));
        assertException(GuestException.ADEL, CODE + 4, 0xFFFFFFFF80000000L, false);
    }

    @Test
    void fetchFaultsAndMisalignedJumps() {
        code(lui(1, 5), jr(1), NOP);
        assertException(GuestException.TLBL, UNMAPPED, UNMAPPED, false);
        code(lui(1, 1), ori(1, 1, 2), jr(1), NOP);
        assertException(GuestException.ADEL, CODE + 2, CODE + 2, false);
    }

    @Test
    void aBudgetStopsBetweenAnyTwoInstructionsAndResumesExactly() {
        int[] prog = {addiu(1, 0, 5), addiu(2, 2, 3), addiu(1, 1, -1), bne(1, 0, -3), addiu(3, 3, 1), beql(0, 2, 2),
            addiu(4, 0, 9), addiu(5, 0, 1), SYSCALL};
        code(prog);
        assertEquals(GuestCpu.Stop.EXCEPTION, m.cpu.run(m.state, m.memory, 1000, Long.MAX_VALUE));
        long[] whole = m.state.gpr.clone();
        long instructions = m.cpu.lastInstructions();
        GuestTestMachine other = new GuestTestMachine();
        byte[] page = other.page(CODE, false);
        for (int k = 0; k < prog.length; k++) GuestCpu.I32.set(page, k * 4, prog[k]);
        other.state.jump(CODE);
        long steps = 0;
        while (other.cpu.run(other.state, other.memory, 1, Long.MAX_VALUE) == GuestCpu.Stop.BUDGET) {
            steps += other.cpu.lastInstructions();
        }
        assertEquals(instructions, steps);
        assertArrayEquals(whole, other.state.gpr);
        assertEquals(15, whole[2]);
        assertEquals(5, whole[3], "delay slot ran once per iteration");
        assertEquals(0, whole[4], "nullified slot of the untaken branch-likely");
    }

    /** Runs {@code prog} to its syscall on a fresh machine, {@code step} instructions per run; returns cycles, registers and TLB counters. */
    private static String stepped(int[] prog, long step, boolean keepFetch) {
        GuestTestMachine t = new GuestTestMachine();
        t.cpu.keepFetchOverInstructionStops(keepFetch);
        byte[] page = t.page(CODE, false);
        for (int k = 0; k < prog.length; k++) GuestCpu.I32.set(page, k * 4, prog[k]);
        t.page(DATA, true);
        t.state.jump(CODE);
        long cycles = 0;
        GuestCpu.Stop stop;
        do {
            stop = t.cpu.run(t.state, t.memory, step, Long.MAX_VALUE);
            cycles += t.cpu.lastCycles();
        } while (stop == GuestCpu.Stop.BUDGET);
        return cycles + " cycles " + java.util.Arrays.toString(t.state.gpr) + " " + t.mmu.statistics();
    }

    /**
     * Small cycle and instruction budgets stop the run at the same instruction, with the same
     * cycles, with the host caches (and so the CPU's loop for common instructions) as without.
     */
    @Test
    void budgetsStopAtTheSameInstructionWithAndWithoutHostCaches() {
        int[] prog = {lui(7, (int) (DATA >>> 16)), addiu(1, 0, 40), sw(1, 0, 7), ld(2, 0, 7), lw(4, 0, 7), addu(5, 4, 1),
            mult(1, 1), mflo(6), addiu(1, 1, -1), bne(1, 0, -8), addiu(3, 3, 1), SYSCALL};
        String cached = budgeted(prog, true);
        assertEquals(budgeted(prog, false), cached);
        assertTrue(cached.endsWith("EXCEPTION"), cached);
    }

    private static String budgeted(int[] prog, boolean caches) {
        GuestTestMachine t = new GuestTestMachine();
        t.cpu.setHostCaches(caches);
        byte[] page = t.page(CODE, false);
        for (int k = 0; k < prog.length; k++) GuestCpu.I32.set(page, k * 4, prog[k]);
        t.page(DATA, true);
        t.state.jump(CODE);
        StringBuilder b = new StringBuilder();
        GuestCpu.Stop stop;
        int round = 0;
        do {
            round++;
            long instructions = round % 3 == 0 ? 1 + round % 7 : Long.MAX_VALUE;
            stop = t.cpu.run(t.state, t.memory, instructions, 1 + round % 13);
            b.append(t.cpu.lastInstructions()).append('/').append(t.cpu.lastCycles()).append('@')
                    .append(Long.toHexString(t.state.pc)).append(t.state.delaySlot ? "d " : " ");
        } while (stop == GuestCpu.Stop.BUDGET);
        return b.append(java.util.Arrays.toString(t.state.gpr)).append(' ').append(t.mmu.statistics()).append(' ').append(stop)
                .toString();
    }

    @Test
    void instructionStopsTheMachineDoesNotSeeChangeNeitherCyclesNorTheTlb() {
        int[] prog = {lui(7, (int) (DATA >>> 16)), addiu(1, 0, 4), sw(1, 0, 7), ld(2, 0, 7), addiu(1, 1, -1), bne(1, 0, -4), addiu(3, 3, 1),
            SYSCALL};
        String whole = stepped(prog, 1000, true);
        assertEquals(whole, stepped(prog, 1, true), "one instruction per run: the fetch goes on without a new translation");
        assertEquals(whole, stepped(prog, 3, true));
        assertNotEquals(whole, stepped(prog, 1, false), "without: every run translates its first fetch again (a TLB access)");
    }

    /**
     * Two address spaces taking turns at a system call, as two guest threads of a ping-pong do:
     * each run starts in the page its space last executed in, which the host caches remember
     * (fetch translation and decoded table); the model must see the same TLB hits, also across a
     * rewritten code frame and a remap of one space's code.
     */
    @Test
    void aRememberedFetchPageIsATlbHitOfTheModel() {
        String cached = alternatingSpaces(true);
        assertEquals(alternatingSpaces(false), cached);
        assertTrue(cached.contains("r3=60 "), cached);
    }

    private static String alternatingSpaces(boolean caches) {
        GuestTestMachine t = new GuestTestMachine();
        t.cpu.setHostCaches(caches);
        byte[] page = t.page(CODE, true);
        int[] loop = {addiu(3, 3, 1), lw(4, 0, 0x1D), SYSCALL, beq(0, 0, -4), 0};
        for (int k = 0; k < loop.length; k++) GuestCpu.I32.set(page, k * 4, loop[k]);
        t.cpu.frameWritten(page);
        t.page(0x7FFF0000L, true);
        long frame = t.frames.entrySet().stream().filter(en -> en.getValue() == page).findFirst().orElseThrow().getKey();
        l4.spi.MmuSpace other = t.mmu.createSpace(2);
        other.map(CODE, frame << 12, 12, false, false);
        other.map(0x7FFF0000L, (frame + 1) << 12, 12, true, false);
        l4.arch.mips.MipsGuestMemory otherMemory = l4.arch.mips.MipsGuestMemory.of(other, t.frames::get);
        GuestState a = t.state, b = new GuestState();
        for (GuestState g : new GuestState[] {a, b}) {
            g.gpr[29] = 0x7FFF0010L;
            g.jump(CODE);
        }
        long cycles = 0;
        for (int round = 0; round < 60; round++) {
            if (round == 20) { // a loader rewrites the code frame: the same words, the decoded tables go
                t.cpu.frameWritten(page);
            }
            if (round == 40) { // the other space's code mapped again: a new TLB generation
                other.unmap(CODE, 12);
                other.map(CODE, frame << 12, 12, false, false);
            }
            for (GuestState g : new GuestState[] {a, b}) {
                assertEquals(GuestCpu.Stop.EXCEPTION, t.cpu.run(g, g == a ? t.memory : otherMemory, 100, Long.MAX_VALUE));
                cycles += t.cpu.lastCycles();
                assertEquals(GuestException.SYS, g.lastException().code());
                g.jump(g.pc + 4);
            }
        }
        return cycles + " cycles r3=" + a.gpr[3] + " " + b.gpr[3] + " " + t.mmu.statistics();
    }

    @Test
    void cyclesFollowTheR4600Classes() {
        // first fetch: a TLB refill; addiu 1 each; load 1 + a stall (next instruction uses it)
        code(lui(1, 2), addiu(2, 0, 3), lw(3, 0, 1), addu(4, 3, 3), mult(2, 2), mflo(5), SYSCALL);
        runToException();
        long refill = 48;
        long expected = refill + 1 + 1 + (1 + refill) /* data refill */ + 1 /* stall */ + 1 + 1 + (1 + 9) /* mflo waits */ + 1;
        assertEquals(expected, m.cpu.lastCycles());
        assertEquals(9, m.state.gpr[5]);
        assertEquals(InstructionClass.MULT.latency, 10);
    }

    @Test
    void aStoreIntoCodeIsSeenByTheNextFetch() {
        // writable code page: overwrite the instruction after the store with addiu $5, $0, 42
        byte[] page = m.page(CODE, true);
        int[] prog = {lui(1, 1), lui(2, addiu(5, 0, 42) >>> 16), ori(2, 2, addiu(5, 0, 42) & 0xFFFF), sw(2, 16, 1),
            addiu(5, 0, 1), SYSCALL};
        for (int k = 0; k < prog.length; k++) GuestCpu.I32.set(page, k * 4, prog[k]);
        m.state.jump(CODE);
        runToException();
        assertEquals(42, m.state.gpr[5]);
    }

    @Test
    void anUnmapBetweenRunsIsSeenDespiteTheHostCaches() {
        code(lui(1, 2), lw(2, 0, 1), SYSCALL);
        assertException(GuestException.SYS, CODE + 8, 0, false);
        m.space.unmap(DATA, 12);
        m.state.jump(CODE);
        assertException(GuestException.TLBL, CODE + 4, DATA, false);
        m.space.unmap(CODE, 12);
        m.state.jump(CODE);
        assertException(GuestException.TLBL, CODE, CODE, false);
    }

    @Test
    void aRemapToAnotherFrameFetchesTheNewCode() {
        code(addiu(5, 0, 1), SYSCALL);
        assertException(GuestException.SYS, CODE + 4, 0, false);
        assertEquals(1, m.state.gpr[5]);
        byte[] other = new byte[4096];
        GuestCpu.I32.set(other, 0, addiu(5, 0, 2));
        GuestCpu.I32.set(other, 4, SYSCALL);
        m.frames.put(0x900L, other);
        m.space.map(CODE, 0x900L << 12, 12, false, false);
        m.state.jump(CODE);
        assertException(GuestException.SYS, CODE + 4, 0, false);
        assertEquals(2, m.state.gpr[5]);
    }

    @Test
    void costsCiteASourceAndCanBeOverridden() {
        for (InstructionClass c : InstructionClass.values()) assertFalse(c.source.isBlank(), c.name());
        InstructionCosts costs = InstructionCosts.of(java.util.Map.of("CPU_ALU", "3", "CPU_MULT_LATENCY", 20), 1);
        assertEquals(3, costs.cycles(InstructionClass.ALU));
        assertEquals(20, costs.latency(InstructionClass.MULT));
        assertEquals(InstructionClass.DIV.latency, costs.latency(InstructionClass.DIV));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InstructionCosts.of(java.util.Map.of("CPU_ALU", "fast"), 1));
        assertEquals("CPU_ALU: not a number of cycles: fast", e.getMessage());
    }

    @Test
    void anEnabledFpuExceptionTrapsAndLeavesTheDestination() {
        // ctc1 $1, $31 with Invalid enabled; sqrt.d $f0, $f2 of -1.0
        int ctc1 = (17 << 26) | (6 << 21) | (1 << 16) | (31 << 11);
        int sqrt = (17 << 26) | (17 << 21) | (2 << 11) | 4;
        code(addiu(1, 0, 1 << 11), ctc1, sqrt, SYSCALL);
        m.state.fpr[2] = Double.doubleToRawLongBits(-1.0);
        m.state.fpr[0] = 77;
        assertException(GuestException.FPE, CODE + 8, 0, false);
        assertEquals(77, m.state.fpr[0]);
        assertEquals(1 << 16, m.state.fcsr & (0x3F << 12), "Cause.V");
        assertEquals(0, m.state.fcsr & (0x1F << 2), "no flag accumulated for a trapping operation");
    }
}
