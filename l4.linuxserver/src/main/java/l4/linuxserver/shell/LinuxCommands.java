package l4.linuxserver.shell;

import java.io.PrintStream;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import l4.linuxserver.transport.LinuxServer;
import l4.run.ProgramRunner;

/** {@code linux:run} and {@code linux:ps}: thin adapters over {@link LinuxShell}. */
@Component(service = LinuxCommands.class, property = {"osgi.command.scope=linux", "osgi.command.function=run",
        "osgi.command.function=ps"})
public final class LinuxCommands {
    private final LinuxShell shell;

    @Activate
    public LinuxCommands(@Reference ProgramRunner runner, @Reference LinuxServer server) {
        this.shell = new LinuxShell(runner, server::serverThread);
    }

    @Descriptor("runs COMMAND LINE with busybox sh -c in the Linux server (stdin /dev/null, cwd /, PATH and HOME set): "
            + "prints its merged stdout and stderr; fails with its status when that is not 0")
    public void run(@Descriptor("COMMAND LINE (quote it)") String line) throws InterruptedException {
        PrintStream out = System.out;
        int status;
        try {
            status = shell.run(line, b -> {
                out.write(b, 0, b.length);
                out.flush();
            });
        } catch (LinuxShell.Failure f) {
            throw new IllegalArgumentException("linux:run: " + f.getMessage());
        }
        if (status != 0) throw new IllegalArgumentException("linux:run: exit status " + status);
    }

    @Descriptor("the Linux server's processes: pid, ppid, state, L4 task id, command line")
    public String ps() throws InterruptedException {
        try {
            String table = shell.ps();
            return table.endsWith("\n") ? table.substring(0, table.length() - 1) : table; // Gogo ends the line
        } catch (LinuxShell.Failure f) {
            throw new IllegalArgumentException("linux:ps: " + f.getMessage());
        }
    }
}
