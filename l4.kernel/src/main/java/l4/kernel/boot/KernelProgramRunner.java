package l4.kernel.boot;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.kernel.Kernel;
import l4.run.Launched;
import l4.run.MachineAccess;
import l4.run.ProgramBody;
import l4.run.ProgramRunner;

/** {@link ProgramRunner} over the running machine: {@link Kernel#launch} in kernel context. */
@Component(service = ProgramRunner.class)
public final class KernelProgramRunner implements ProgramRunner {
    static final Duration BOOT_WAIT = Duration.ofSeconds(5);
    static final long MACHINE_MILLIS = 2000;

    private final Machine machine;

    @Activate
    public KernelProgramRunner(@Reference Machine machine) {
        this.machine = machine;
    }

    @Override
    public Launched launch(String label, ProgramBody body, int priority) {
        Kernel k = machine.awaitKernel(BOOT_WAIT, line -> {}).filter(x -> !x.halted())
                .orElseThrow(() -> new IllegalStateException("no machine is running (" + machine.status() + ")"));
        MachineAccess access = new MachineAccess() {
            @Override
            public ThreadId giveTaskNumber(ThreadId chief, int from) {
                return k.giveTaskNumber(chief, from);
            }

            @Override
            public long cycles() {
                return k.clock.cycles();
            }

            @Override
            public long guestInstructions() {
                return k.stats.guestInstructions;
            }

            @Override
            public long pageFaults() {
                return k.stats.pageFaults;
            }
        };
        ThreadBody thread = l4 -> body.run(l4, access);
        ThreadId task = inspect(k, () -> k.launch(label, thread, priority));
        return new Launched() {
            @Override
            public ThreadId task() {
                return task;
            }

            @Override
            public String architecture() {
                return k.arch.name();
            }

            @Override
            public long guestInstructionsNow() {
                return k.stats.guestInstructions;
            }

            @Override
            public void kill() {
                if (k.halted()) return;
                try {
                    k.inspect(() -> {
                        k.kill(task);
                        return null;
                    }, MACHINE_MILLIS);
                } catch (RuntimeException | TimeoutException gone) {
                    // the machine halted or the task died already
                }
            }

            @Override
            public CompletionStage<Void> halted() {
                return k.stoppedFuture();
            }
        };
    }

    private static <T> T inspect(Kernel k, java.util.concurrent.Callable<T> q) {
        try {
            return k.inspect(q, MACHINE_MILLIS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the machine did not answer within " + MACHINE_MILLIS / 1000 + " s");
        }
    }
}
