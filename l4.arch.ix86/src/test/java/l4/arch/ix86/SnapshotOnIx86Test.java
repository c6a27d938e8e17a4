package l4.arch.ix86;

import l4.kernel.snapshot.SnapshotScenarios;
import l4.spi.Architecture;

/** The kernel's machine-snapshot scenarios on the ix86 backend. */
class SnapshotOnIx86Test extends SnapshotScenarios {
    @Override
    protected Architecture arch() { return new Ix86Architecture(); }
}
