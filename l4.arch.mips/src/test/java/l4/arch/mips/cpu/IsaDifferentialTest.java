package l4.arch.mips.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guest CPU against qemu-mips64el: each program (src/test/guest/isa/generate.py) dumps the
 * register file after every test case; qemu's dump is the golden file. A mismatch names the case
 * and the register.
 */
class IsaDifferentialTest {
    static final int RECORD = 67 * 8;

    static byte[] resource(String name) throws IOException {
        try (InputStream in = IsaDifferentialTest.class.getResourceAsStream("isa/" + name)) {
            assertNotNull(in, "missing test resource isa/" + name);
            return in.readAllBytes();
        }
    }

    static String register(int i) {
        if (i < 32) return "$" + i;
        if (i == 32) return "hi";
        if (i == 33) return "lo";
        if (i < 66) return "$f" + (i - 34);
        return "fcsr";
    }

    @ParameterizedTest
    @ValueSource(strings = {"alu", "muldiv", "bits", "branch", "memory", "fpu_arith", "fpu_convert", "fpu_compare"})
    void matchesQemu(String program) throws IOException {
        byte[] golden = resource(program + ".out");
        GuestTestMachine[] runs = new GuestTestMachine[2];
        for (int i = 0; i < 2; i++) {
            GuestTestMachine m = new GuestTestMachine();
            m.cpu.setHostCaches(i == 0);
            m.load(resource(program + ".elf"));
            assertEquals(0, m.run(10_000_000L));
            compare(program, golden, m.output.toByteArray());
            runs[i] = m;
        }
        // the host caches change nothing simulated: cycles, instructions, TLB state and counters
        assertEquals(runs[1].cycles, runs[0].cycles, "cycles with and without host caches");
        assertEquals(runs[1].instructions, runs[0].instructions);
        assertEquals(runs[1].clockCycles, runs[0].clockCycles);
        assertEquals(runs[1].mmu.statistics(), runs[0].mmu.statistics());
    }

    static final String[] PROGRAMS = {"alu", "muldiv", "bits", "branch", "memory", "fpu_arith", "fpu_convert", "fpu_compare"};

    /** Instructions the differential programs cannot contain: they raise exceptions qemu-user turns into signals. */
    static final java.util.Set<Integer> NOT_DIFFERENTIAL = java.util.Set.of(Op.RESERVED, Op.BREAK, Op.COP0, Op.COP2,
            Op.CACHE);

    @org.junit.jupiter.api.Test
    void theProgramsContainEveryInstructionOfTheSet() throws IOException {
        boolean[] seen = new boolean[Op.COUNT];
        for (String program : PROGRAMS) {
            ElfImage image = ElfImage.parse(resource(program + ".elf"));
            for (ElfImage.Segment s : image.segments()) {
                if (!s.executable()) continue;
                ByteBuffer b = ByteBuffer.wrap(s.data()).order(ByteOrder.LITTLE_ENDIAN);
                for (int o = 0; o + 4 <= s.data().length; o += 4) seen[Decoder.decode(b.getInt(o))] = true;
            }
        }
        StringBuilder missing = new StringBuilder();
        for (int op = 1; op < Op.COUNT; op++) {
            if (!seen[op] && !NOT_DIFFERENTIAL.contains(op)) missing.append(' ').append(Op.name(op));
        }
        assertEquals("", missing.toString(), "instructions no differential program contains");
    }

    static void compare(String program, byte[] golden, byte[] actual) {
        ByteBuffer g = ByteBuffer.wrap(golden).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer a = ByteBuffer.wrap(actual).order(ByteOrder.LITTLE_ENDIAN);
        int cases = golden.length / RECORD;
        StringBuilder diffs = new StringBuilder();
        int bad = 0;
        for (int c = 0; c < cases && c * RECORD < actual.length; c++) {
            for (int i = 0; i < 67; i++) {
                int off = c * RECORD + i * 8;
                if (off + 8 > actual.length) break;
                long want = g.getLong(off), got = a.getLong(off);
                if (want != got) {
                    if (bad++ < 20) diffs.append(String.format("%n  case %d: %s = 0x%016x, qemu 0x%016x", c + 1, register(i), got, want));
                }
            }
        }
        if (actual.length != golden.length) diffs.append(String.format("%n  %d bytes written, qemu %d", actual.length, golden.length));
        if (diffs.length() > 0) fail(program + ": " + bad + " registers differ from qemu:" + diffs);
    }
}
