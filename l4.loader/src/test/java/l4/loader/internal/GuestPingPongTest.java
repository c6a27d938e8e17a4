package l4.loader.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import l4.kernel.shell.L4Commands;
import l4.run.GuestPingPong;

/**
 * {@code l4:pingpong --guest}: the shell's command over this bundle's {@link GuestPingPongService} on a
 * booted MIPS machine with the real σ0 — its keys, and the simulated short IPC within ±25 % of the
 * published L4/MIPS figure (101 cycles, R4600).
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class GuestPingPongTest {
    static final long PUBLISHED = 101;
    MipsMachine machine;
    L4Commands shell;

    @BeforeEach
    void boot() {
        machine = new MipsMachine();
        shell = new L4Commands(machine.machine, new GuestPingPongService(machine.runner, new FrameLedger()));
    }

    @AfterEach
    void halt() {
        machine.close();
    }

    @Test
    void keysAndCyclesPerIpcNearThePublishedFigure() {
        String out = shell.pingpong("", "100", false, true, "1000");
        assertTrue(out.matches("architecture: mips \\(guest code, intra-task, 1000 rounds\\)\n"
                + "cycles-per-ipc: [1-9][0-9]*\n"
                + "published-cycles-per-ipc: 101 \\(L4/MIPS kernel test logs, R4600 \\(reference §9\\)\\)\n"
                + "guest-instructions-per-roundtrip: [1-9][0-9]*\n"
                + "host-ns-per-roundtrip: [0-9]+"), out);
        Matcher m = Pattern.compile("cycles-per-ipc: ([0-9]+)").matcher(out);
        assertTrue(m.find());
        long perIpc = Long.parseLong(m.group(1));
        assertTrue(perIpc >= PUBLISHED * 3 / 4 && perIpc <= PUBLISHED * 5 / 4, "cycles per IPC " + perIpc + ", published " + PUBLISHED);
    }

    @Test
    void theServiceMeasuresTheMarkedRounds() throws Exception {
        GuestPingPong.Result r = new GuestPingPongService(machine.runner, new FrameLedger()).run(200, 0);
        assertEquals(200, r.rounds());
        assertTrue(r.cycles() > 0 && r.guestInstructions() > 0 && r.hostNanos() > 0, r.toString());
        assertEquals("rounds must be at least 1 and warmup at least 0",
                assertThrows(IllegalArgumentException.class, () -> new GuestPingPongService(machine.runner, new FrameLedger()).run(0, 0)).getMessage());
    }

    @Test
    void withoutTheLoaderOneLine() {
        L4Commands alone = new L4Commands(machine.machine, null);
        assertEquals("l4:pingpong: --guest needs the loader bundle (l4.loader), which is not active",
                assertThrows(IllegalArgumentException.class, () -> alone.pingpong("", "0", false, true, "10")).getMessage());
    }
}
