package l4.drivers.console;

import java.util.ArrayDeque;

/**
 * The console driver's shared state between its top half (client requests) and bottom half (the
 * interrupt thread): bytes waiting for the UART and bytes received. Pure: no IPC, no device. The
 * two threads share it as threads of one task share memory; the simulated CPU switches threads only
 * at system calls and device accesses, never inside these methods.
 */
public final class ConsoleQueues {
    private final int capacity;
    private final ArrayDeque<Byte> tx = new ArrayDeque<>();
    private final ArrayDeque<Byte> rx = new ArrayDeque<>();
    private long dropped;

    public ConsoleQueues(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
    }

    /** Room for {@code n} more bytes to send. */
    public boolean txRoom(int n) { return tx.size() + n <= capacity; }

    public void queueTx(byte[] bytes) {
        if (!txRoom(bytes.length)) throw new IllegalStateException("no room for " + bytes.length + " bytes");
        for (byte b : bytes) tx.add(b);
    }

    public boolean txEmpty() { return tx.isEmpty(); }

    /** Up to {@code max} bytes for the UART's FIFO. */
    public byte[] takeTx(int max) {
        int n = Math.min(max, tx.size());
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = tx.poll();
        return out;
    }

    /** A received byte; the oldest is dropped (and counted) when the queue is full. */
    public void received(int b) {
        if (rx.size() >= capacity) {
            rx.poll();
            dropped++;
        }
        rx.add((byte) b);
    }

    public boolean rxEmpty() { return rx.isEmpty(); }

    /** Up to {@code max} received bytes, without taking them. */
    public byte[] peekRx(int max) {
        int n = Math.min(max, rx.size());
        byte[] out = new byte[n];
        int i = 0;
        for (Byte b : rx) {
            if (i == n) break;
            out[i++] = b;
        }
        return out;
    }

    /** Takes {@code n} received bytes (after a reply carrying them reached its client). */
    public void consumeRx(int n) {
        for (int i = 0; i < n && !rx.isEmpty(); i++) rx.poll();
    }

    public long dropped() { return dropped; }
}
