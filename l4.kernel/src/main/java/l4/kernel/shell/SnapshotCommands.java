package l4.kernel.shell;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import l4.kernel.Kernel;
import l4.kernel.boot.Machine;
import l4.kernel.snapshot.SnapshotException;
import l4.kernel.snapshot.SnapshotFiles;
import l4.kernel.snapshot.SnapshotReader;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code l4:snapshot save FILE} and {@code l4:snapshot load FILE}: a thin adapter over {@link SnapshotFiles} and the machine service. */
@Component(service = SnapshotCommands.class, property = {
        "osgi.command.scope=l4",
        "osgi.command.function=snapshot"})
public final class SnapshotCommands {
    /** How long taking a snapshot may take: it reads every touched RAM frame in the machine's context. */
    static final long SNAPSHOT_MILLIS = 30_000;

    @Reference
    Machine machine;

    public SnapshotCommands() {}

    /** For use without OSGi (tests). */
    public SnapshotCommands(Machine machine) {
        this.machine = machine;
    }

    @Descriptor("save the paused machine's kernel state to FILE, or replace the paused machine by the one in FILE (it starts paused)")
    public String snapshot(@Descriptor("save | load") String action, @Descriptor("snapshot file") String file) {
        Machine m = machine;
        if (m == null) throw Format.error("snapshot", "no machine service");
        Path path = Path.of(file);
        try {
            switch (action) {
                case "save": {
                    Kernel k = m.awaitKernel(L4Commands.BOOT_WAIT, L4Commands::progress).filter(x -> !x.halted())
                            .orElseThrow(() -> Format.error("snapshot", "no machine is running (" + m.status() + ")"));
                    SnapshotFiles.Taken taken = SnapshotFiles.take(k, SNAPSHOT_MILLIS);
                    SnapshotFiles.write(path, taken.bytes());
                    return "saved " + path + ": " + taken.summary();
                }
                case "load": {
                    SnapshotReader.Imported imported = m.loadSnapshot(SnapshotFiles.read(path), L4Commands.BOOT_WAIT);
                    StringBuilder out = new StringBuilder("loaded " + path + ": " + imported.kernel().arch.name() + " machine at cycle "
                            + imported.kernel().clock.cycles() + ", paused (l4:resume runs it)");
                    for (String note : imported.notes()) out.append(System.lineSeparator()).append(note);
                    return out.toString();
                }
                default:
                    throw Format.error("snapshot", "unknown action '" + action + "' (save or load)");
            }
        } catch (SnapshotException e) {
            throw Format.error("snapshot", e.getMessage());
        } catch (TimeoutException e) {
            throw Format.error("snapshot", "no machine within " + L4Commands.BOOT_WAIT.toSeconds() + " s (" + m.status() + ")");
        } catch (IllegalStateException e) {
            throw Format.error("snapshot", L4Commands.oneLine(e));
        }
    }
}
