package l4.kernel.ipc;

import l4.kernel.testarch.TestArchitecture;
import l4.spi.Architecture;

/** The IPC fast path's scenarios on the kernel's test architecture. */
class FastPathTest extends FastPathScenarios {
    @Override
    protected Architecture arch() { return new TestArchitecture(); }
}
