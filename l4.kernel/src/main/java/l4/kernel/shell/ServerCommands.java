package l4.kernel.shell;

import java.util.List;
import l4.kernel.boot.Machine;
import l4.kernel.boot.ServerTable;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code l4:servers}: the user-level servers the root task runs and {@code l4:killserver}, a thin adapter over {@link Machine}. */
@Component(service = ServerCommands.class, property = {"osgi.command.scope=l4", "osgi.command.function=servers",
        "osgi.command.function=killserver"})
public final class ServerCommands {
    @Reference
    Machine machine;

    /** Host time to wait for the new incarnation: the root task restarts a server within milliseconds of simulated time. */
    static final java.time.Duration RESTART_WAIT = java.time.Duration.ofSeconds(10);

    public ServerCommands() {}

    /** For use without OSGi (tests). */
    public ServerCommands(Machine machine) {
        this.machine = machine;
    }

    @Descriptor("the servers the root task runs: task id, version, name, state, restarts, the bundle that provides the code")
    public String servers() {
        if (machine.kernel().isEmpty()) throw new IllegalArgumentException("servers: no machine runs (" + machine.status() + ")");
        List<ServerTable.Row> rows = machine.servers();
        if (rows.isEmpty()) return "the root task runs no servers (configuration l4.machine, servers)";
        int id = 7;
        int name = 4;
        for (ServerTable.Row r : rows) {
            id = Math.max(id, r.taskId().length());
            name = Math.max(name, r.name().length());
        }
        String row = "%-" + id + "s %7s %-" + name + "s %-11s %8s  %s%n";
        StringBuilder b = new StringBuilder(String.format(row, "task id", "version", "name", "state", "restarts", "bundle"));
        for (ServerTable.Row r : rows) b.append(String.format(row, r.taskId(), r.version(), r.name(), r.state(), r.restarts(), r.bundle()));
        return b.toString().stripTrailing();
    }

    @Descriptor("has the root task kill a server and start it again (task_new of its task number: same number, new version)")
    public String killserver(@Descriptor("the server's name, as l4:servers shows it") String name) {
        if (machine.kernel().isEmpty()) throw new IllegalArgumentException("killserver: no machine runs (" + machine.status() + ")");
        try {
            ServerTable.Row row = machine.killServer(name, RESTART_WAIT)
                    .orElseThrow(() -> new IllegalArgumentException("killserver: the root task runs no server named " + name));
            return "killed " + name + "; the root task started it again as " + row.taskId() + " (" + row.state() + ")";
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalArgumentException("killserver: killed " + name + ", but " + e.getMessage() + " (is the machine paused?)");
        }
    }
}
