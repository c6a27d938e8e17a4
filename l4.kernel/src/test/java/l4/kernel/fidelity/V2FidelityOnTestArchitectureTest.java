package l4.kernel.fidelity;

import l4.kernel.testarch.TestArchitecture;
import l4.spi.Architecture;
import org.junit.jupiter.api.Nested;

/** The V2 fidelity scenarios on the test architecture: 64-bit with 8 message registers, and 32-bit with 2 and ix86 events. */
class V2FidelityOnTestArchitectureTest {
    @Nested
    class Wide extends V2Fidelity {
        @Override protected Architecture arch() { return new TestArchitecture(64, 8); }
    }

    @Nested
    class Narrow extends V2Fidelity {
        @Override protected Architecture arch() { return new TestArchitecture(32, 2, true); }
    }
}
