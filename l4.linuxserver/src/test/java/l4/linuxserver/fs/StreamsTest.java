package l4.linuxserver.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

class StreamsTest {
    @Test
    void pipeBuffersAndBlocksAsLinuxDoes() {
        Pipe p = new Pipe();
        Stream r = p.readEnd(), w = p.writeEnd();
        byte[] b = new byte[10];
        assertThrows(WouldBlock.class, () -> r.read(b, 0, 10), "empty with a writer: wait");
        byte[] big = new byte[Pipe.CAPACITY + 100];
        assertEquals(Pipe.CAPACITY, w.write(big, 0, big.length), "a long write goes in as far as there is room");
        assertThrows(WouldBlock.class, () -> w.write(big, 0, 1));
        byte[] drain = new byte[Pipe.CAPACITY];
        assertEquals(Pipe.CAPACITY, r.read(drain, 0, drain.length));
        // 4096 bytes (PIPE_BUF) go in whole or not at all
        w.write(new byte[Pipe.CAPACITY - 100], 0, Pipe.CAPACITY - 100);
        assertThrows(WouldBlock.class, () -> w.write(new byte[Pipe.PIPE_BUF], 0, Pipe.PIPE_BUF));
        r.read(drain, 0, drain.length);
        w.release();
        assertEquals(0, r.read(b, 0, 10), "no writer left: end of file");
        Pipe q = new Pipe();
        Stream qr = q.readEnd(), qw = q.writeEnd();
        qr.release();
        LinuxError e = assertThrows(LinuxError.class, () -> qw.write(new byte[1], 0, 1));
        assertEquals(Errno.EPIPE, e.errno);
    }

    private static String read(Tty t) {
        byte[] b = new byte[100];
        int n = t.read(b, 0, 100);
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static void type(Tty t, String s) {
        for (byte c : s.getBytes(StandardCharsets.ISO_8859_1)) t.input(c);
    }

    @Test
    void canonicalModeEditsEchoesAndEndsLines() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Tty t = new Tty(screen::write);
        type(t, "helx");
        assertThrows(WouldBlock.class, () -> read(t), "no line yet");
        type(t, "\u007flo\r");
        assertEquals("hello\n", read(t), "erase, CR as NL");
        assertEquals("helx\b \blo\r\n", screen.toString(StandardCharsets.ISO_8859_1), "echo with erase and NL as CR NL");
        type(t, "junk\u0015ok\n");
        assertEquals("ok\n", read(t), "kill erases the line");
        type(t, "\u0004");
        assertEquals("", read(t), "^D at the start of a line: end of file");
    }

    @Test
    void signalsGoToTheForegroundGroupAndRawModePassesBytes() {
        List<String> sent = new ArrayList<>();
        Tty t = new Tty(b -> {});
        t.foregroundGroup = 7;
        t.setSignalSink((g, which) -> sent.add(g + ":" + which));
        type(t, "abc\u0003");
        assertEquals(List.of("7:0"), sent, "^C: SIGINT to group 7");
        assertThrows(WouldBlock.class, () -> read(t), "the line was flushed");
        type(t, "\u001a");
        assertEquals(List.of("7:0", "7:2"), sent, "^Z: SIGTSTP");
        t.termios.lflag &= ~(Termios.ICANON | Termios.ECHO | Termios.ISIG);
        type(t, "\u0003x");
        assertEquals("\u0003x", read(t), "raw: no signal, bytes as they come");
    }

    @Test
    void switchingBetweenCanonicalAndRawModeKeepsTypedBytes() {
        Tty t = new Tty(b -> {});
        type(t, "ec");
        int was = t.termios.lflag;
        t.termios.lflag &= ~Termios.ICANON; // a shell's line editing starts after bytes were typed
        t.settingsChanged(was);
        assertEquals("ec", read(t), "the line being edited is read in raw mode");
        type(t, "ho");
        was = t.termios.lflag;
        t.termios.lflag |= Termios.ICANON;
        t.settingsChanged(was);
        assertEquals("ho", read(t), "unread raw input is a line in canonical mode");
        type(t, "x");
        was = t.termios.lflag;
        t.termios.lflag &= ~Termios.ICANON;
        t.flushInput(); // TCSETSF
        t.settingsChanged(was);
        assertThrows(WouldBlock.class, () -> read(t), "TCSETSF drops it");
    }

    @Test
    void cpioRoundTripsAndConcatenates() {
        byte[] a = Cpio.write(List.of(new Cpio.Entry("bin", Inode.S_IFDIR | 0755, new byte[0]),
                new Cpio.Entry("bin/x", Inode.S_IFREG | 0755, "abc".getBytes(StandardCharsets.US_ASCII))));
        byte[] b = new InitramfsBuilder().addSymlink("usr/bin/y", "/bin/x").build();
        byte[] both = new byte[a.length + 8 + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length + 8, b.length);
        List<Cpio.Entry> e = Cpio.read(both);
        assertEquals(List.of("bin", "bin/x", "usr", "usr/bin", "usr/bin/y"), e.stream().map(Cpio.Entry::name).toList());
        Vfs v = new Vfs();
        v.unpack(both);
        RegularFile x = (RegularFile) v.resolve(v.root, v.root, "/usr/bin/y", true);
        assertEquals(3, x.size());
        assertThrows(IllegalArgumentException.class, () -> Cpio.read(new byte[] {1, 2, 3}));
    }

    @Test
    void pathsResolveAsNameiDoes() {
        Vfs v = new Vfs();
        Directory d = v.mkdirs("/a/b");
        d.link("f", new RegularFile(0644, new byte[0]));
        v.mkdirs("/a").link("loop", new Symlink("/a/loop"));
        v.mkdirs("/a").link("up", new Symlink("b/.."));
        assertEquals(d, v.resolve(v.root, v.root, "/a/up/b/", true));
        assertEquals(Errno.ELOOP, assertThrows(LinuxError.class, () -> v.resolve(v.root, v.root, "/a/loop", true)).errno);
        assertEquals(Errno.ENOTDIR, assertThrows(LinuxError.class, () -> v.resolve(v.root, v.root, "/a/b/f/", true)).errno);
        assertEquals(Errno.ENOENT, assertThrows(LinuxError.class, () -> v.resolve(v.root, d, "g", true)).errno);
        assertEquals("/a/b", v.pathOf(v.root, d));
    }
}
