package l4.loader.internal;

import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import l4.run.ProgramRunner;

/** {@code l4:exec}: a thin adapter over {@link Exec}. */
@Component(service = ExecCommand.class, property = {"osgi.command.scope=l4", "osgi.command.function=exec"})
public final class ExecCommand {
    @Reference
    ProgramRunner runner;
    @Reference
    FrameLedger ledger;

    public ExecCommand() {}

    /** For use without OSGi (tests). */
    ExecCommand(ProgramRunner runner, FrameLedger ledger) {
        this.runner = runner;
        this.ledger = ledger;
    }

    @Descriptor("runs a static MIPS64 ELF program (a host file or a shipped program's name) in a new task under the loader pager: "
            + "its output, exit value, guest-instructions, simulated-cycles, guest-mips")
    public String exec(
            @Descriptor("list the shipped programs")
            @Parameter(names = {"--list", "-l"}, absentValue = "false", presentValue = "true") boolean list,
            @Descriptor("FILE|NAME [ARGS...]") String... command) {
        if (list) {
            if (command.length > 0) throw new IllegalArgumentException("exec: --list takes no program");
            return Exec.list();
        }
        if (command.length == 0) throw new IllegalArgumentException("exec: usage: l4:exec FILE|NAME [ARGS...] | l4:exec --list");
        List<String> args = Arrays.asList(command).subList(1, command.length);
        try {
            return new Exec(runner, ledger).run(command[0], args, ExecCommand::progress).format();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("exec: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("exec: " + e.getMessage());
        }
    }

    /** Progress of long runs, on the error stream so that the result on stdout stays clean. */
    private static void progress(long instructions, long seconds) {
        System.err.printf("exec: %d M guest instructions after %d s (Ctrl-C stops)%n", instructions / 1_000_000, seconds);
        System.err.flush();
    }
}
