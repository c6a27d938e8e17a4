package l4.loader.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests that run programs under the loader, each test on a freshly booted MIPS machine of its own. */
abstract class MachinePerTest {
    MipsMachine machine;

    @BeforeEach
    void boot() {
        machine = new MipsMachine();
    }

    @AfterEach
    void halt() {
        machine.close();
    }

    /** {@code name} with {@code args} to its end, as {@code l4:exec} runs it. */
    Exec.Report run(String name, String... args) throws InterruptedException {
        return machine.exec(name, args);
    }
}
