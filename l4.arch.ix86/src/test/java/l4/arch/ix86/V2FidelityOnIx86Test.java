package l4.arch.ix86;

import l4.kernel.fidelity.V2Fidelity;
import l4.spi.Architecture;

/** The kernel's V2 fidelity scenarios on the ix86 backend. */
class V2FidelityOnIx86Test extends V2Fidelity {
    @Override
    protected Architecture arch() { return new Ix86Architecture(); }
}
