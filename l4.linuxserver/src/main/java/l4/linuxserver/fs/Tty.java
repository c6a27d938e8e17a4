package l4.linuxserver.fs;

import java.io.ByteArrayOutputStream;
import java.util.function.IntConsumer;

/**
 * A terminal line discipline after Linux's n_tty: in canonical mode input is edited a line at a
 * time (erase, kill, word erase, ^D as end of file) and echoed; in raw mode (ICANON off) bytes go
 * to the reader as they come, VMIN at a time. With ISIG the interrupt, quit and suspend characters
 * signal the foreground process group instead of being read. Output maps NL to CR NL under
 * OPOST|ONLCR. Input arrives through {@link #input(byte)} (a serial driver, a test); output
 * leaves through the sink given at construction.
 */
public final class Tty {
    /** Where a tty's signals go: the layer's kill of a process group. {@code which}: 0 INT, 1 QUIT, 2 TSTP. */
    public interface SignalSink {
        void signalGroup(int pgid, int which);
    }

    public final Termios termios = new Termios();
    public int rows = 24;
    public int columns = 80;
    public int foregroundGroup;
    public int session;

    private final IntConsumer output;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream ready = new ByteArrayOutputStream();
    private byte[] pending = new byte[0];
    private int pendingAt;
    private int eofs;
    private SignalSink signals = (g, w) -> {};

    public Tty(IntConsumer output) {
        this.output = output;
    }

    public void setSignalSink(SignalSink s) {
        signals = s;
    }

    /** One byte typed at the terminal. */
    public void input(byte b) {
        Termios t = termios;
        if ((t.iflag & Termios.IGNCR) != 0 && b == '\r') return;
        if ((t.iflag & Termios.ICRNL) != 0 && b == '\r') b = '\n';
        else if ((t.iflag & Termios.INLCR) != 0 && b == '\n') b = '\r';
        if ((t.lflag & Termios.ISIG) != 0) {
            int which = b == t.vintr ? 0 : b == t.vquit ? 1 : b == t.vsusp ? 2 : -1;
            if (which >= 0) {
                if ((t.lflag & Termios.NOFLSH) == 0) {
                    line.reset();
                    ready.reset();
                }
                echoControl(b);
                signals.signalGroup(foregroundGroup, which);
                return;
            }
        }
        if ((t.lflag & Termios.ICANON) == 0) {
            ready.write(b);
            if ((t.lflag & Termios.ECHO) != 0) echo(b);
            return;
        }
        if (b == t.verase || b == 8) {
            byte[] l = line.toByteArray();
            if (l.length > 0) {
                line.reset();
                line.write(l, 0, l.length - 1);
                if ((t.lflag & Termios.ECHO) != 0 && (t.lflag & Termios.ECHOE) != 0) echoString("\b \b");
            }
            return;
        }
        if (b == t.vkill) {
            int n = line.size();
            line.reset();
            if ((t.lflag & Termios.ECHO) != 0 && (t.lflag & Termios.ECHOK) != 0) {
                for (int i = 0; i < n; i++) echoString("\b \b");
            }
            return;
        }
        if (b == t.vwerase && (t.lflag & Termios.IEXTEN) != 0) {
            byte[] l = line.toByteArray();
            int end = l.length;
            while (end > 0 && l[end - 1] == ' ') end--;
            while (end > 0 && l[end - 1] != ' ') end--;
            if ((t.lflag & Termios.ECHO) != 0) for (int i = end; i < l.length; i++) echoString("\b \b");
            line.reset();
            line.write(l, 0, end);
            return;
        }
        if (b == t.veof) {
            byte[] l = line.toByteArray();
            line.reset();
            if (l.length == 0) eofs++;
            else ready.write(l, 0, l.length);
            return;
        }
        line.write(b);
        if ((t.lflag & Termios.ECHO) != 0 || (b == '\n' && (t.lflag & Termios.ECHONL) != 0)) echo(b);
        if (b == '\n' || (t.veol != 0 && b == t.veol)) {
            byte[] l = line.toByteArray();
            line.reset();
            ready.write(l, 0, l.length);
        }
    }

    private void echo(byte b) {
        if ((b & 0xFF) < 32 && b != '\n' && b != '\t' && (termios.lflag & Termios.ECHOCTL) != 0) echoControl(b);
        else put(b);
    }

    private void echoControl(byte b) {
        if ((termios.lflag & Termios.ECHO) == 0) return;
        put((byte) '^');
        put((byte) (b == 0x7f ? '?' : b + 64));
    }

    private void echoString(String s) {
        for (int i = 0; i < s.length(); i++) put((byte) s.charAt(i));
    }

    private void put(byte b) {
        if (b == '\n' && (termios.oflag & (Termios.OPOST | Termios.ONLCR)) == (Termios.OPOST | Termios.ONLCR)) {
            output.accept('\r');
        }
        output.accept(b & 0xFF);
    }

    public boolean readReady() {
        return pendingAt < pending.length || ready.size() > 0 || eofs > 0
                || ((termios.lflag & Termios.ICANON) == 0 && termios.vmin == 0);
    }

    public int read(byte[] into, int at, int length) {
        if (pendingAt >= pending.length) {
            if (ready.size() == 0) {
                if (eofs > 0) {
                    eofs--;
                    return 0;
                }
                if ((termios.lflag & Termios.ICANON) == 0 && termios.vmin == 0) return 0;
                throw WouldBlock.INSTANCE;
            }
            if ((termios.lflag & Termios.ICANON) == 0 && ready.size() < Math.min(termios.vmin & 0xFF, length)) {
                throw WouldBlock.INSTANCE;
            }
            pending = ready.toByteArray();
            pendingAt = 0;
            ready.reset();
        }
        int n;
        if ((termios.lflag & Termios.ICANON) != 0) {
            // one line at most per read
            int nl = pendingAt;
            while (nl < pending.length && pending[nl] != '\n') nl++;
            int lineEnd = nl < pending.length ? nl + 1 : pending.length;
            n = Math.min(length, lineEnd - pendingAt);
        } else {
            n = Math.min(length, pending.length - pendingAt);
        }
        System.arraycopy(pending, pendingAt, into, at, n);
        pendingAt += n;
        return n;
    }

    public int write(byte[] from, int at, int length) {
        for (int i = 0; i < length; i++) put(from[at + i]);
        return length;
    }

    /** Bytes a read could take now (FIONREAD). */
    public int available() {
        return pending.length - pendingAt + ready.size();
    }

    /**
     * New settings are in {@link #termios} (TCSETS), the local modes were {@code oldLflag}. A
     * switch between canonical and raw mode loses no typed byte, as Linux's n_tty_set_termios:
     * the line being edited becomes input a read takes at once (in canonical mode, input not
     * read yet is returned as a line, newline or not).
     */
    public void settingsChanged(int oldLflag) {
        if (((oldLflag ^ termios.lflag) & Termios.ICANON) == 0 || line.size() == 0) return;
        ready.writeBytes(line.toByteArray());
        line.reset();
    }

    /** TCSETSF: the pending input is dropped. */
    public void flushInput() {
        pending = new byte[0];
        pendingAt = 0;
        ready.reset();
        line.reset();
    }

    /** A stream over this tty for one open. */
    public Stream stream() {
        return new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                return Tty.this.read(into, at, length);
            }

            @Override
            public int write(byte[] from, int at, int length) {
                return Tty.this.write(from, at, length);
            }

            @Override
            public boolean readReady() {
                return Tty.this.readReady();
            }

            @Override
            public Tty tty() {
                return Tty.this;
            }
        };
    }
}
