package l4.kernel.hardware;

/**
 * A device on the I/O port bus: it decodes {@code count} ports from {@code base}. An access of
 * {@code width} bytes (1, 2 or 4: in/out of a byte, word, doubleword) is addressed to the device
 * that decodes its first port; the value is the low {@code width} bytes.
 */
public interface IoDevice {
    int base();

    int count();

    long read(int port, int width);

    void write(int port, int width, long value);
}
