package l4.loader.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;


import org.junit.jupiter.api.Test;

/**
 * A Linux-ABI program whose {@code write} sits in a branch delay slot
 * ({@code src/test/guest/delayslot/delayslot.S}): the excepter sees Cause.BD with the branch as
 * EPC, where returning to EPC + 4 would run the call again and lose the branch, so the program
 * ends with that reason; what it wrote before stays.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class DelaySlotProgramTest {
    @Test
    void aSystemCallInADelaySlotEndsTheProgramSayingWhy() throws Exception {
        try (MipsMachine machine = new MipsMachine()) {
            Exec.Report r = machine.exec("src/test/resources/l4/loader/elf/delayslot.elf");
            assertFalse(r.outcome().exited(), () -> "exited " + r.outcome().exitValue());
            assertEquals("system call in a branch delay slot (the branch at pc 0x40015c)", r.outcome().reason());
            assertEquals("first\n", new String(r.outcome().output()));
        }
    }
}
