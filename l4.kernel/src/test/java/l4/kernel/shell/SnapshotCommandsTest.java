package l4.kernel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.boot.Machine;
import l4.kernel.snapshot.JavaThreads;
import l4.kernel.snapshot.SnapshotException;
import l4.kernel.snapshot.SnapshotReader;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code l4:snapshot save|load}: files, and one line for every failure. */
class SnapshotCommandsTest {
    private final TestMachine m = new TestMachine();
    /** The imported machine of the last load (this test's machine service reads but does not swap). */
    private Kernel loaded;

    private final SnapshotCommands shell = new SnapshotCommands(new Machine() {
        @Override public Optional<Kernel> kernel() { return Optional.of(m.kernel); }
        @Override public String status() { return "running test"; }
        @Override public Kernel reboot(java.time.Duration max) { throw new IllegalStateException("not in this test"); }
        @Override public Kernel bootFresh(String arch, java.util.Map<String, Object> options) { throw new IllegalStateException("not in this test"); }
        @Override public SnapshotReader.Imported loadSnapshot(byte[] data, java.time.Duration max) throws SnapshotException {
            if (!m.kernel.debugger.paused()) throw new SnapshotException("the machine is running: l4:pause it first (loading replaces it)");
            SnapshotReader.Imported i = SnapshotReader.read(data, m.kernel.arch, new KernelConfig(), JavaThreads.END_CODE);
            loaded = i.kernel();
            return i;
        }
    });

    @TempDir
    Path dir;

    @AfterEach
    void halt() throws Exception {
        if (loaded != null) loaded.halt();
        if (m.kernel.debugger.paused()) m.kernel.post(() -> m.kernel.debugger.resume(0));
        m.close();
    }

    private String message(Runnable r) {
        String s = assertThrows(IllegalArgumentException.class, r::run).getMessage();
        assertTrue(!s.contains("\n"), "one line: " + s);
        return s;
    }

    private void pause() throws Exception {
        m.kernel.awaitQuiescent(10_000);
        m.kernel.post(() -> m.kernel.debugger.pause("test", 0, 0));
        for (int i = 0; i < 10_000 && !m.kernel.debugger.paused(); i++) Thread.sleep(1);
        assertTrue(m.kernel.debugger.paused());
    }

    @Test
    void saveAndLoadAPausedMachine() throws Exception {
        Path file = dir.resolve("m.l4snap");
        assertEquals("l4:snapshot: the machine is running: l4:pause it first (a snapshot is taken at a pause point)",
                message(() -> shell.snapshot("save", file.toString())));
        assertTrue(!Files.exists(file), "nothing written");
        pause();
        String saved = shell.snapshot("save", file.toString());
        assertTrue(saved.startsWith("saved " + file + ": ") && saved.contains("threads run Java code, which is not in it"), saved);
        assertTrue(Files.size(file) > 0);
        String out = shell.snapshot("load", file.toString());
        assertTrue(out.startsWith("loaded " + file + ": test machine at cycle "), out);
        assertTrue(out.contains("its code ends"), "names what became of the Java threads: " + out);
    }

    @Test
    void badFilesAndActions() throws Exception {
        pause();
        assertEquals("l4:snapshot: no such file: " + dir.resolve("none"), message(() -> shell.snapshot("load", dir.resolve("none").toString())));
        Path text = dir.resolve("text");
        Files.writeString(text, "hello");
        assertEquals("l4:snapshot: not an L4 machine snapshot (no L4SNAP signature)", message(() -> shell.snapshot("load", text.toString())));
        assertTrue(message(() -> shell.snapshot("load", dir.toString())).endsWith("is a directory"));
        assertTrue(message(() -> shell.snapshot("save", dir.resolve("no/such/dir/f").toString())).startsWith("l4:snapshot: no such directory"));
        assertEquals("l4:snapshot: unknown action 'take' (save or load)", message(() -> shell.snapshot("take", "x")));
    }
}
