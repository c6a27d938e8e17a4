package l4.kernel.boot;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import l4.kernel.Kernel;

/** The running machine, for the shell and tests inside this bundle. */
public interface Machine {
    /** The kernel of the booted machine, if one runs now. */
    Optional<Kernel> kernel();

    /**
     * The kernel of the booted machine, waiting (at most {@code max}) while a boot, halt or
     * reboot is under way; {@code progress} hears about the wait about once a second.
     */
    default Optional<Kernel> awaitKernel(Duration max, Consumer<String> progress) {
        return kernel();
    }

    /**
     * Waits (at most {@code max}) until the stored configuration {@code properties} has reached
     * the machine and the machine it asks for runs (a rejected one never does).
     *
     * @return whether it did
     */
    default boolean awaitConfiguration(Map<String, ?> properties, Duration max, Consumer<String> progress) {
        return false;
    }

    /** Why no machine runs (waiting for an architecture, for σ0, halted ...), or what runs. */
    String status();

    /** The architecture the next boot uses: the run's choice ({@code --arch}, {@code l4:arch}), else the configuration's. */
    default String archName() {
        return kernel().map(k -> k.arch.name()).orElse("ix86");
    }

    /** The names of the architectures installed now. */
    default Set<String> installedArchitectures() {
        return Set.of();
    }

    /**
     * Halts the machine and boots it again with the current configuration and services; returns
     * the new kernel once it runs.
     *
     * @throws TimeoutException if no new machine runs within {@code max}
     * @throws IllegalStateException if the new machine cannot boot (its status says why)
     */
    Kernel reboot(Duration max) throws TimeoutException;

    /**
     * Boots the named architecture for the rest of this run (the stored configuration stays as it
     * is); does nothing if the machine already runs it. Returns the running kernel.
     *
     * @throws IllegalArgumentException if no such architecture is installed
     */
    default Kernel switchArch(String name, Duration max) throws TimeoutException {
        throw new IllegalStateException("switching the architecture is not supported here");
    }

    /** Boots a fresh, separate machine of the named architecture (for measurements); the caller halts it. */
    Kernel bootFresh(String arch, Map<String, Object> archOptions) throws IllegalArgumentException;

    /** The servers the root task of the running machine runs (empty without a machine). */
    default java.util.List<ServerTable.Row> servers() {
        return java.util.List.of();
    }

    /**
     * Asks the root task to kill server {@code name} and waits at most {@code max} until it has
     * started the next incarnation (its task_new of the server's task number kills the running
     * one and starts a new one). The server's row then; empty if the machine runs no such server.
     *
     * @throws TimeoutException if the root task has not acted within {@code max} (a paused machine)
     */
    default Optional<ServerTable.Row> killServer(String name, Duration max) throws TimeoutException {
        return Optional.empty();
    }

    /**
     * Replaces the machine, which must be paused (or halted), by one imported from a snapshot
     * of the same architecture; the new one starts paused. Threads whose code was Java come back
     * with their code ended ({@link l4.kernel.snapshot.JavaThreads#END_CODE}).
     *
     * @throws l4.kernel.snapshot.SnapshotException with one line for the user
     */
    default l4.kernel.snapshot.SnapshotReader.Imported loadSnapshot(byte[] snapshot, Duration max)
            throws l4.kernel.snapshot.SnapshotException, TimeoutException {
        throw new l4.kernel.snapshot.SnapshotException("this machine service cannot load snapshots");
    }
}
