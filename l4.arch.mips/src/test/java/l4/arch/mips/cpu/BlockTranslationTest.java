package l4.arch.mips.cpu;

import static l4.arch.mips.cpu.Asm.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocks translated to JVM bytecode change nothing simulated: with translation forced on at a
 * threshold of one entry, the differential programs, the sieve and budgeted runs end with the same
 * registers, cycles, instruction counts and MMU state as the interpreter alone.
 */
class BlockTranslationTest {
    static final long CODE = 0x10000, DATA = 0x20000;

    private static GuestTestMachine machine(boolean translated) {
        GuestTestMachine m = new GuestTestMachine();
        m.cpu.setTranslation(translated);
        if (translated) m.cpu.setTranslationThreshold(1);
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"alu", "muldiv", "bits", "branch", "memory", "fpu_arith", "fpu_convert", "fpu_compare"})
    void theDifferentialProgramsRunTheSameTranslated(String program) throws IOException {
        GuestTestMachine[] runs = new GuestTestMachine[2];
        for (int i = 0; i < 2; i++) {
            GuestTestMachine m = machine(i == 0);
            m.load(IsaDifferentialTest.resource(program + ".elf"));
            assertEquals(0, m.run(10_000_000L));
            IsaDifferentialTest.compare(program, IsaDifferentialTest.resource(program + ".out"), m.output.toByteArray());
            runs[i] = m;
        }
        assertTrue(runs[0].cpu.translatedBlocks() > 0, "blocks translated");
        assertEquals(runs[1].cycles, runs[0].cycles, "cycles with and without translation");
        assertEquals(runs[1].instructions, runs[0].instructions);
        assertEquals(runs[1].clockCycles, runs[0].clockCycles);
        assertEquals(runs[1].mmu.statistics(), runs[0].mmu.statistics());
    }

    /** The sieve in slices of odd cycle budgets, as a preempting kernel runs it. */
    @Test
    void theSieveRunsTheSameTranslatedInSlices() throws IOException {
        byte[] elf = Files.readAllBytes(Path.of("src/main/guest/linux/sieve.elf"));
        String interpreted = sliced(elf, false);
        assertEquals(interpreted, sliced(elf, true));
    }

    private static String sliced(byte[] elf, boolean translated) {
        GuestTestMachine m = machine(translated);
        m.load(elf);
        long n = 0, cycles = 0;
        StringBuilder stops = new StringBuilder();
        int k = 0;
        while (n < 3_000_000) {
            GuestCpu.Stop stop = m.cpu.run(m.state, m.memory, k % 5 == 0 ? 1 + k % 97 : Long.MAX_VALUE, 997 + 13 * (k % 11));
            assertEquals(GuestCpu.Stop.BUDGET, stop);
            n += m.cpu.lastInstructions();
            cycles += m.cpu.lastCycles();
            if (k++ % 50 == 0) stops.append(Long.toHexString(m.state.pc)).append(m.state.delaySlot ? "d " : " ");
        }
        if (translated) assertTrue(m.cpu.translatedBlocks() > 0);
        return n + "/" + cycles + " " + stops + Arrays.toString(m.state.gpr) + " " + m.mmu.statistics();
    }

    @Test
    void budgetsStopAtTheSameInstructionWithAndWithoutTranslation() {
        // a loop of loads, stores and ALU work with a store and a load in delay slots
        int[] prog = {lui(7, (int) (DATA >>> 16)), addiu(1, 0, 40), addiu(8, 7, 64),
            sw(1, 0, 7), lw(4, 0, 7), addu(5, 4, 1), ld(2, 8, 7), addiu(1, 1, -1), bne(1, 0, -6), sw(5, 4, 7),
            addiu(3, 3, 1), lw(6, 0, 8), beq(3, 1, -3), lw(9, 4, 7), SYSCALL};
        String interpreted = budgeted(prog, false);
        assertEquals(interpreted, budgeted(prog, true));
        assertTrue(interpreted.endsWith("EXCEPTION"), interpreted);
        // multiplications waited for inside and across blocks, one in a delay slot
        int[] hilo = {lui(7, (int) (DATA >>> 16)), addiu(1, 0, 40), sw(1, 0, 7), ld(2, 0, 7), lw(4, 0, 7), addu(5, 4, 1),
            mult(1, 1), mflo(6), addiu(1, 1, -1), bne(1, 0, -8), mult(5, 1), mflo(9), addiu(3, 3, 1), SYSCALL};
        String waited = budgeted(hilo, false);
        assertEquals(waited, budgeted(hilo, true));
        assertTrue(waited.endsWith("EXCEPTION"), waited);
    }

    private static String budgeted(int[] prog, boolean translated) {
        StringBuilder b = new StringBuilder();
        for (int variant = 0; variant < 3; variant++) {
            GuestTestMachine t = machine(translated);
            byte[] page = t.page(CODE, false);
            for (int k = 0; k < prog.length; k++) GuestCpu.I32.set(page, k * 4, prog[k]);
            t.page(DATA, true);
            t.state.jump(CODE);
            GuestCpu.Stop stop;
            int round = 0;
            do {
                round++;
                long instructions = round % 3 == variant ? 1 + round % 7 : Long.MAX_VALUE;
                stop = t.cpu.run(t.state, t.memory, instructions, 1 + round % (13 + 10 * variant));
                b.append(t.cpu.lastInstructions()).append('/').append(t.cpu.lastCycles()).append('@')
                        .append(Long.toHexString(t.state.pc)).append(t.state.delaySlot ? "d " : " ");
            } while (stop == GuestCpu.Stop.BUDGET);
            b.append(Arrays.toString(t.state.gpr)).append(' ').append(t.mmu.statistics()).append(' ').append(stop);
        }
        return b.toString();
    }

    /**
     * A block that falls into a {@code syscall} leaves the run there itself: the same stops (code,
     * EPC, delay slot), instruction counts and cycles as the interpreter, also under budgets that
     * end at the block's last instruction or at the syscall.
     */
    @Test
    void aBlockEndingBeforeASyscallStopsAtItAsTheInterpreterDoes() {
        int[] prog = {lui(7, (int) (DATA >>> 16)), addiu(1, 0, 0),
            addiu(1, 1, 1), sw(1, 0, 7), lw(4, 0, 7), addu(5, 5, 4), SYSCALL, beq(0, 0, -6), addiu(6, 6, 1)};
        String interpreted = syscalls(prog, false);
        assertEquals(interpreted, syscalls(prog, true));
        assertTrue(interpreted.contains("Sys@10018"), interpreted);
    }

    private static String syscalls(int[] prog, boolean translated) {
        GuestTestMachine t = machine(translated);
        byte[] page = t.page(CODE, false);
        for (int k = 0; k < prog.length; k++) GuestCpu.I32.set(page, k * 4, prog[k]);
        t.page(DATA, true);
        t.state.jump(CODE);
        StringBuilder b = new StringBuilder();
        for (int round = 0; round < 200; round++) {
            long instructions = round % 4 == 1 ? 1 + round % 6 : Long.MAX_VALUE;
            long cycles = round % 4 == 3 ? 1 + round % 9 : Long.MAX_VALUE;
            GuestCpu.Stop stop = t.cpu.run(t.state, t.memory, instructions, cycles);
            b.append(t.cpu.lastInstructions()).append('/').append(t.cpu.lastCycles()).append(' ');
            if (stop == GuestCpu.Stop.EXCEPTION) {
                b.append(GuestException.name(t.state.exceptionCode())).append('@').append(Long.toHexString(t.state.exceptionEpc()))
                        .append(t.state.exceptionInDelaySlot() ? "d " : " ");
                t.state.jump(t.state.pc + 4);
            } else {
                b.append(Long.toHexString(t.state.pc)).append(t.state.delaySlot ? "d " : " ");
            }
        }
        if (translated) assertTrue(t.cpu.translatedBlocks() > 0);
        return b.append(Arrays.toString(t.state.gpr)).append(' ').append(t.mmu.statistics()).toString();
    }

    /** A guest store into the code of a translated block: the new instruction is the one that runs. */
    @Test
    void aStoreIntoATranslatedBlockTakesEffect() {
        for (boolean translated : new boolean[] {false, true}) {
            GuestTestMachine t = machine(translated);
            byte[] page = t.page(CODE, true);
            int[] prog = {
                addiu(4, 0, 10),
                addiu(3, 3, 1), // CODE+4: the loop, rewritten to add 5
                bne(3, 4, -2),
                addiu(8, 8, 1), // counts passes
                SYSCALL,
                // CODE+20: rewrite the loop's add, start again
                lui(6, (int) (CODE >>> 16)), lui(5, addiu(3, 3, 5) >>> 16), ori(5, 5, addiu(3, 3, 5) & 0xFFFF),
                sw(5, 4, 6), addiu(3, 0, 0), addiu(8, 0, 0), beq(0, 0, -11), 0};
            for (int k = 0; k < prog.length; k++) GuestCpu.I32.set(page, k * 4, prog[k]);
            t.cpu.frameWritten(page);
            t.state.jump(CODE);
            assertEquals(GuestCpu.Stop.EXCEPTION, t.cpu.run(t.state, t.memory, 1000, Long.MAX_VALUE));
            assertEquals(10, t.state.gpr[8]);
            if (translated) assertTrue(t.cpu.translatedBlocks() > 0);
            t.state.jump(CODE + 20);
            assertEquals(GuestCpu.Stop.EXCEPTION, t.cpu.run(t.state, t.memory, 1000, Long.MAX_VALUE));
            assertEquals(10, t.state.gpr[3]);
            assertEquals(2, t.state.gpr[8], "passes of the rewritten loop");
        }
    }

    /** More blocks than the CPU keeps: all are dropped at the cap, and execution goes on the same. */
    @Test
    void theNumberOfTranslatedBlocksIsBounded() {
        int pages = GuestCpu.MAX_BLOCKS / 512 + 1;
        String[] results = new String[2];
        for (int i = 0; i < 2; i++) {
            GuestTestMachine t = machine(i == 1);
            for (int p = 0; p < pages; p++) {
                byte[] page = t.page(CODE + 4096L * p, false);
                for (int k = 0; k < 1024; k += 2) {
                    GuestCpu.I32.set(page, k * 4, beq(0, 0, 1)); // to the next pair: a block of two
                    GuestCpu.I32.set(page, k * 4 + 4, addiu(3, 3, 1));
                }
            }
            GuestCpu.I32.set(t.page(CODE + 4096L * pages, false), 0, SYSCALL);
            t.state.jump(CODE);
            assertEquals(GuestCpu.Stop.EXCEPTION, t.cpu.run(t.state, t.memory, Long.MAX_VALUE, Long.MAX_VALUE));
            assertEquals(512L * pages, t.state.gpr[3]);
            if (i == 1) {
                int alive = t.cpu.translatedBlocks();
                assertTrue(alive > 0 && alive <= GuestCpu.MAX_BLOCKS, alive + " blocks");
            }
            results[i] = t.cpu.lastCycles() + " " + t.mmu.statistics();
        }
        assertEquals(results[0], results[1]);
    }

    @Test
    void withoutHostCachesNothingIsTranslated() throws IOException {
        GuestTestMachine m = machine(true);
        m.cpu.setHostCaches(false);
        m.load(IsaDifferentialTest.resource("alu.elf"));
        assertEquals(0, m.run(10_000_000L));
        assertEquals(0, m.cpu.translatedBlocks());
    }
}
