package l4.kernel.snapshot;

import l4.kernel.testarch.TestArchitecture;
import l4.spi.Architecture;
import org.junit.jupiter.api.Nested;

/** The snapshot scenarios on the test architecture: 64-bit with 8 message registers, and 32-bit with 2 and ix86 events. */
class SnapshotOnTestArchitectureTest {
    @Nested
    class Wide extends SnapshotScenarios {
        @Override protected Architecture arch() { return new TestArchitecture(64, 8); }
    }

    @Nested
    class Narrow extends SnapshotScenarios {
        @Override protected Architecture arch() { return new TestArchitecture(32, 2, true); }
    }
}
