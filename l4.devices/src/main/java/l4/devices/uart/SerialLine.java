package l4.devices.uart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The host end of the serial line: every byte the UART sends is kept in a ring of
 * {@code capacity} bytes for the shell and handed to the listeners (a TCP client). Thread-safe: the
 * UART writes from the machine's context, the shell and sockets read from their own threads.
 */
public final class SerialLine implements IntConsumer {
    private final byte[] ring;
    private long total;
    private final List<IntConsumer> listeners = new ArrayList<>();

    public SerialLine(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.ring = new byte[capacity];
    }

    @Override
    public void accept(int b) {
        List<IntConsumer> ls;
        synchronized (this) {
            ring[(int) (total % ring.length)] = (byte) b;
            total++;
            ls = listeners.isEmpty() ? List.of() : List.copyOf(listeners);
        }
        for (IntConsumer l : ls) l.accept(b);
    }

    public synchronized void addListener(IntConsumer l) { listeners.add(l); }

    public synchronized void removeListener(IntConsumer l) { listeners.remove(l); }

    /** Bytes sent since power-on of the host side (also those no longer in the ring). */
    public synchronized long total() { return total; }

    /** The last {@code n} bytes still kept (all kept bytes for n &lt; 0). */
    public synchronized byte[] tail(long n) {
        long kept = Math.min(total, ring.length);
        long count = n < 0 ? kept : Math.min(n, kept);
        byte[] out = new byte[(int) count];
        long from = total - count;
        for (int i = 0; i < count; i++) out[i] = ring[(int) ((from + i) % ring.length)];
        return out;
    }

    /** The last {@code lines} lines as text (ISO-8859-1: a serial line carries bytes, not UTF-8 promises). */
    public String tailLines(int lines) {
        byte[] all = tail(-1);
        String s = new String(all, StandardCharsets.ISO_8859_1);
        if (lines < 0) return s;
        int end = s.endsWith("\n") ? s.length() - 1 : s.length();
        int at = end;
        for (int i = 0; i < lines && at >= 0; i++) {
            at = s.lastIndexOf('\n', at - 1);
            if (at < 0) {
                at = -1;
                break;
            }
        }
        return s.substring(at + 1);
    }
}
