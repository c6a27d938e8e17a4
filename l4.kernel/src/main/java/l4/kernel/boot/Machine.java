package l4.kernel.boot;

import java.util.Optional;
import l4.kernel.Kernel;

/** The running machine, for the shell and tests inside this bundle. */
public interface Machine {
    /** The kernel of the booted machine, if one runs. */
    Optional<Kernel> kernel();

    /** Why no machine runs (waiting for an architecture, for σ0, halted ...). */
    String status();

    /** Halts the machine and boots it again with the current configuration and services. */
    void reboot();

    /** Boots a fresh, separate machine of the named architecture (for measurements); the caller halts it. */
    Kernel bootFresh(String arch, java.util.Map<String, Object> archOptions) throws IllegalArgumentException;
}
