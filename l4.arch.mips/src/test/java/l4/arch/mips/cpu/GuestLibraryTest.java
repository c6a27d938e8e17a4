package l4.arch.mips.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The guest L4 library (src/main/guest): its id_nearest stub traps with the MIPS ABI, crt0 ends with break. */
class GuestLibraryTest {
    @Test
    void nearestExampleTrapsWithTheL4AbiAndExitsThroughBreak() throws IOException {
        GuestTestMachine m = new GuestTestMachine();
        m.load(Files.readAllBytes(Path.of("src/main/guest/examples/nearest.elf")));
        assertEquals(GuestCpu.Stop.EXCEPTION, m.cpu.run(m.state, m.memory, 10_000, Long.MAX_VALUE));
        GuestException e = m.state.lastException();
        assertEquals(GuestException.SYS, e.code());
        assertEquals(2, m.state.gpr[1], "AT carries id_nearest's trap number");
        assertEquals(0, m.state.gpr[4], "a0: nil = myself");
        m.state.gpr[2] = 0;
        m.state.gpr[3] = 0x1234_5678_9AL;
        m.state.jump(e.epc() + 4);
        assertEquals(GuestCpu.Stop.EXCEPTION, m.cpu.run(m.state, m.memory, 10_000, Long.MAX_VALUE));
        assertEquals(GuestException.BP, m.state.lastException().code());
        assertEquals(0x9A, m.state.gpr[4], "main's value in a0");
    }
}
