package l4.arch.mips;

import l4.kernel.snapshot.SnapshotScenarios;
import l4.spi.Architecture;

/** The kernel's machine-snapshot scenarios on the MIPS R4x00 backend. */
class SnapshotOnMipsTest extends SnapshotScenarios {
    @Override
    protected Architecture arch() { return new MipsArchitecture(); }
}
