package l4.kernel.memory;

/**
 * A range of physical addresses backed by a device model instead of RAM: device registers are
 * hardware, reads may have side effects and must not be cached in a byte array.
 * Offsets are relative to {@link #base()}; widths are 1, 2, 4 or 8 bytes, values little-endian
 * in the low bits.
 */
public interface DeviceWindow {
    long base();

    long size();

    long read(long offset, int width);

    void write(long offset, int width, long value);
}
