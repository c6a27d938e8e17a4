package l4.loader.internal;

import java.time.Duration;
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

/** A booted MIPS machine with the real σ0 and an idle root task, and the kernel's {@link ProgramRunner} over it. */
final class MipsMachine implements AutoCloseable {
    final Kernel kernel;
    final ProgramRunner runner;
    final Machine machine;

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

    @Override
    public void close() {
        kernel.halt();
    }
}
