package l4.kernel.snapshot;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeoutException;
import l4.kernel.Kernel;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;

/**
 * Snapshots as files, for the shell: taking one from a paused machine, reading one. Every
 * failure is a {@link SnapshotException} with one line for the user.
 */
public final class SnapshotFiles {
    /** Snapshots larger than this are no snapshot of ours (RAM is at most a few hundred MiB). */
    static final long MAX_BYTES = 1L << 31;

    private SnapshotFiles() {}

    /** What {@link #take} saw: the bytes, and a line about them. */
    public record Taken(byte[] bytes, String summary) {}

    /** The snapshot of {@code k}, which must be paused; taken in its kernel context. */
    public static Taken take(Kernel k, long millis) throws SnapshotException {
        if (k.halted()) throw new SnapshotException("the machine is halted");
        if (k.runaway() != null) throw new SnapshotException("the machine is frozen by runaway thread " + k.runaway().id() + "; its state is not consistent");
        if (!k.debugger.paused()) throw new SnapshotException("the machine is running: l4:pause it first (a snapshot is taken at a pause point)");
        try {
            return k.inspect(() -> {
                if (!k.debugger.paused()) throw new IllegalStateException("the machine was resumed meanwhile");
                byte[] bytes = SnapshotWriter.write(k);
                return new Taken(bytes, summary(k, bytes.length));
            }, millis);
        } catch (TimeoutException e) {
            throw new SnapshotException("the machine did not answer within " + millis / 1000 + " s");
        } catch (RuntimeException e) {
            throw new SnapshotException(e.getMessage());
        }
    }

    private static String summary(Kernel k, int bytes) {
        int tasks = 0, threads = 0, java = 0;
        for (Task t : k.tasks) {
            if (!t.active) continue;
            tasks++;
            for (Tcb tcb : t.threads) {
                if (tcb.active()) threads++;
                if (tcb.coroutine != null && tcb.guest == null) java++;
            }
        }
        String devices = k.devices.attached().isEmpty() ? "" : "; not in it: the state of the " + k.devices.attached().size() + " device models";
        return bytes + " bytes: " + tasks + " tasks, " + threads + " threads, cycle " + k.clock.cycles()
                + (java == 0 ? "" : "; " + java + " threads run Java code, which is not in it") + devices;
    }

    /** Writes {@code bytes} to {@code file} whole or not at all (a temporary file, then a rename). */
    public static void write(Path file, byte[] bytes) throws SnapshotException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        try {
            if (dir != null && !Files.isDirectory(dir)) throw new SnapshotException("no such directory: " + dir);
            Path tmp = Files.createTempFile(dir, ".snapshot", ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SnapshotException("cannot write " + file + ": " + e.getMessage());
        }
    }

    public static byte[] read(Path file) throws SnapshotException {
        try {
            if (Files.isDirectory(file)) throw new SnapshotException(file + " is a directory");
            if (Files.size(file) > MAX_BYTES) throw new SnapshotException(file + " is too large to be a machine snapshot");
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SnapshotException("no such file: " + file);
        } catch (IOException e) {
            throw new SnapshotException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
