package l4.loader.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.boot.KernelProgramRunner;
import l4.kernel.boot.Machine;
import l4.run.ProgramRunner;
import l4.sigma0.Sigma0;

/**
 * A booted MIPS machine with the real σ0 and an idle root task, the kernel's {@link ProgramRunner}
 * over it, and one frame ledger for its loaders (as the bundle has one).
 */
final class MipsMachine implements AutoCloseable {
    final Kernel kernel;
    final ProgramRunner runner;
    final Machine machine;
    final FrameLedger ledger = new FrameLedger();

    MipsMachine() {
        kernel = new Kernel(new MipsArchitecture(), new KernelConfig());
        ThreadBody idle = l4 -> l4.receive(ThreadId.INVALID, Timeout.NEVER);
        kernel.boot(l4 -> new Sigma0().main(l4), idle);
        machine = new Machine() {
            @Override
            public Optional<Kernel> kernel() {
                return Optional.of(kernel);
            }

            @Override
            public String status() {
                return "running";
            }

            @Override
            public Kernel reboot(Duration max) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Kernel bootFresh(String arch, Map<String, Object> archOptions) {
                throw new UnsupportedOperationException();
            }
        };
        runner = new KernelProgramRunner(machine);
    }

    /** Runs {@code name} with {@code args} to its end under a loader, as {@code l4:exec} does. */
    Exec.Report exec(String name, String... args) throws InterruptedException {
        return new Exec(runner, ledger).run(name, List.of(args), Exec.Progress.NONE);
    }

    @Override
    public void close() {
        kernel.halt();
    }
}
