package l4.arch.ix86;

import l4.kernel.ipc.FastPathScenarios;
import l4.spi.Architecture;

/** The kernel's IPC fast-path scenarios (Java threads) on the ix86 backend. */
class FastPathOnIx86Test extends FastPathScenarios {
    @Override
    protected Architecture arch() { return new Ix86Architecture(); }
}
