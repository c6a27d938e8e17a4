package l4.arch.mips;

import l4.kernel.fidelity.V2Fidelity;
import l4.spi.Architecture;

/** The kernel's V2 fidelity scenarios on the MIPS R4x00 backend. */
class V2FidelityOnMipsTest extends V2Fidelity {
    @Override
    protected Architecture arch() { return new MipsArchitecture(); }
}
