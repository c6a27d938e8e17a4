package l4.kernel.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Simulated physical memory: RAM in 4 KiB frames from address 0, plus device windows.
 * Frames are allocated on first write, so a large machine costs host memory only for what is used;
 * untouched frames read as zero. Words are little-endian.
 * Not thread-safe: the kernel serializes all simulated execution (one simulated CPU).
 */
public final class PhysicalMemory {
    public static final int FRAME_BITS = 12;
    public static final int FRAME_SIZE = 1 << FRAME_BITS;
    public static final long DEFAULT_BYTES = 64L << 20;

    private final long bytes;
    private final byte[][] frames;
    private int allocated;
    // Keyed by base; unsigned order so windows high in the physical space sort after RAM.
    private final TreeMap<Long, DeviceWindow> devices = new TreeMap<>(Long::compareUnsigned);

    public PhysicalMemory(long bytes) {
        if (bytes <= 0 || (bytes & (FRAME_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("memory size must be a positive multiple of 4 KiB: " + bytes);
        }
        if ((bytes >>> FRAME_BITS) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memory size too large: " + bytes);
        }
        this.bytes = bytes;
        this.frames = new byte[(int) (bytes >>> FRAME_BITS)][];
    }

    public PhysicalMemory() {
        this(DEFAULT_BYTES);
    }

    public long bytes() { return bytes; }

    /** Told of writes into frames that did not come from the guest CPU itself, and of frames released. */
    public interface FrameWatch {
        void written(byte[] frame);

        void dropped(byte[] frame);
    }

    private FrameWatch watch;

    /** Installs the one watch (the guest CPU's caches); null removes it. */
    public void watch(FrameWatch w) { watch = w; }

    /**
     * The RAM frame {@code number} as the guest CPU reads and writes it directly (allocated if it
     * was untouched), or null where no RAM is.
     */
    public byte[] frameForCpu(long number) {
        if (number < 0 || number >= frames.length) return null;
        return frame((int) number);
    }

    public int frames() { return frames.length; }

    /** Frames that have host memory behind them (were written at least once). */
    public int allocatedFrames() { return allocated; }

    public boolean isRam(long address) {
        return Long.compareUnsigned(address, bytes) < 0;
    }

    /** True if [address, address + length) lies entirely in RAM. */
    public boolean isRam(long address, long length) {
        return length >= 0 && isRam(address) && length <= bytes - address;
    }

    // ---- device windows ----

    /** Registers a device window; it may not overlap RAM or another window. */
    public void attach(DeviceWindow window) {
        Objects.requireNonNull(window);
        long base = window.base();
        long size = window.size();
        if (size <= 0 || Long.compareUnsigned(base + size - 1, base) < 0) {
            throw new IllegalArgumentException(String.format("bad device window 0x%x+0x%x", base, size));
        }
        long last = base + size - 1;
        if (Long.compareUnsigned(base, bytes) < 0) {
            throw new IllegalArgumentException(String.format("device window at 0x%x overlaps RAM (0x%x bytes)", base, bytes));
        }
        for (DeviceWindow other : devices.values()) {
            long oBase = other.base();
            long oLast = oBase + other.size() - 1;
            if (Long.compareUnsigned(base, oLast) <= 0 && Long.compareUnsigned(oBase, last) <= 0) {
                throw new IllegalArgumentException(String.format("device window at 0x%x overlaps the one at 0x%x", base, oBase));
            }
        }
        devices.put(base, window);
    }

    public boolean detach(DeviceWindow window) {
        return devices.remove(window.base(), window);
    }

    /** Windows ascending by base. */
    public List<DeviceWindow> devices() {
        return new ArrayList<>(devices.values());
    }

    /** The window containing {@code address}, or null. */
    public DeviceWindow deviceAt(long address) {
        Map.Entry<Long, DeviceWindow> e = devices.floorEntry(address);
        if (e == null) return null;
        DeviceWindow w = e.getValue();
        return Long.compareUnsigned(address - w.base(), w.size()) < 0 ? w : null;
    }

    private DeviceWindow deviceFor(long address, long length, boolean write) {
        DeviceWindow w = deviceAt(address);
        if (w == null || length > w.size() - (address - w.base())) {
            throw new BusErrorException(address, length, write);
        }
        return w;
    }

    // ---- single accesses ----

    public byte readByte(long address) {
        return (byte) read(address, 1);
    }

    public void writeByte(long address, byte value) {
        write(address, 1, value);
    }

    /** Reads a 4- or 8-byte word. */
    public long readWord(long address, int wordBytes) {
        checkWord(wordBytes);
        return read(address, wordBytes);
    }

    public void writeWord(long address, int wordBytes, long value) {
        checkWord(wordBytes);
        write(address, wordBytes, value);
    }

    /** Reads 1, 2, 4 or 8 bytes little-endian, zero-extended (width 8: all bits). */
    public long read(long address, int width) {
        checkWidth(width);
        if (!isRam(address, width)) {
            DeviceWindow w = deviceFor(address, width, false);
            long v = w.read(address - w.base(), width);
            return width == 8 ? v : v & ((1L << (width * 8)) - 1);
        }
        long v = 0;
        int frame = (int) (address >>> FRAME_BITS);
        int off = (int) (address & (FRAME_SIZE - 1));
        if (off + width <= FRAME_SIZE) {
            byte[] f = frames[frame];
            if (f == null) return 0;
            for (int i = width - 1; i >= 0; i--) v = (v << 8) | (f[off + i] & 0xFF);
            return v;
        }
        for (int i = width - 1; i >= 0; i--) v = (v << 8) | (ramByte(address + i) & 0xFF);
        return v;
    }

    public void write(long address, int width, long value) {
        checkWidth(width);
        if (!isRam(address, width)) {
            DeviceWindow w = deviceFor(address, width, true);
            w.write(address - w.base(), width, width == 8 ? value : value & ((1L << (width * 8)) - 1));
            return;
        }
        for (int i = 0; i < width; i++) setRamByte(address + i, (byte) (value >>> (8 * i)));
    }

    // ---- bulk ----

    public void read(long address, byte[] into, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) return;
        if (isRam(address, length)) {
            int done = 0;
            while (done < length) {
                long a = address + done;
                int off = (int) (a & (FRAME_SIZE - 1));
                int n = Math.min(length - done, FRAME_SIZE - off);
                byte[] f = frames[(int) (a >>> FRAME_BITS)];
                if (f == null) java.util.Arrays.fill(into, offset + done, offset + done + n, (byte) 0);
                else System.arraycopy(f, off, into, offset + done, n);
                done += n;
            }
            return;
        }
        DeviceWindow w = deviceFor(address, length, false);
        if (singleCycle(address, length)) {
            long v = w.read(address - w.base(), length);
            for (int i = 0; i < length; i++) into[offset + i] = (byte) (v >>> (8 * i));
            return;
        }
        for (int i = 0; i < length; i++) into[offset + i] = (byte) w.read(address + i - w.base(), 1);
    }

    public byte[] readBytes(long address, int length) {
        byte[] b = new byte[length];
        read(address, b, 0, length);
        return b;
    }

    public void write(long address, byte[] from, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, from.length);
        if (length == 0) return;
        if (isRam(address, length)) {
            int done = 0;
            while (done < length) {
                long a = address + done;
                int off = (int) (a & (FRAME_SIZE - 1));
                int n = Math.min(length - done, FRAME_SIZE - off);
                byte[] f = frame((int) (a >>> FRAME_BITS));
                System.arraycopy(from, offset + done, f, off, n);
                if (watch != null) watch.written(f);
                done += n;
            }
            return;
        }
        DeviceWindow w = deviceFor(address, length, true);
        if (singleCycle(address, length)) {
            long v = 0;
            for (int i = length - 1; i >= 0; i--) v = (v << 8) | (from[offset + i] & 0xFF);
            w.write(address - w.base(), length, v);
            return;
        }
        for (int i = 0; i < length; i++) w.write(address + i - w.base(), 1, from[offset + i] & 0xFF);
    }

    public void write(long address, byte[] from) {
        write(address, from, 0, from.length);
    }

    /** Copies {@code length} bytes; overlapping ranges behave like memmove. */
    public void copy(long from, long to, int length) {
        if (length == 0) return;
        byte[] buffer = readBytes(from, length);
        write(to, buffer, 0, length);
    }

    public void fill(long address, int length, byte value) {
        if (length == 0) return;
        if (value == 0 && isRam(address, length)) {
            // Whole frames go back to the lazy zero state instead of being allocated.
            int done = 0;
            while (done < length) {
                long a = address + done;
                int off = (int) (a & (FRAME_SIZE - 1));
                int n = Math.min(length - done, FRAME_SIZE - off);
                int frame = (int) (a >>> FRAME_BITS);
                if (n == FRAME_SIZE) release(frame);
                else if (frames[frame] != null) {
                    java.util.Arrays.fill(frames[frame], off, off + n, (byte) 0);
                    if (watch != null) watch.written(frames[frame]);
                }
                done += n;
            }
            return;
        }
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, value);
        write(address, b, 0, length);
    }

    /** Zeroes one frame (e.g. before σ0 hands out "any free page"). */
    public void zeroFrame(long frameAddress) {
        if ((frameAddress & (FRAME_SIZE - 1)) != 0 || !isRam(frameAddress)) {
            throw new IllegalArgumentException(String.format("not a RAM frame: 0x%x", frameAddress));
        }
        release((int) (frameAddress >>> FRAME_BITS));
    }

    // ---- internals ----

    /**
     * A naturally aligned block of 1, 2, 4 or 8 bytes is one load or store of that width (a device
     * register of 16 bits must see one 16-bit access, not two byte accesses); anything else goes
     * byte by byte.
     */
    private static boolean singleCycle(long address, int length) {
        return (length == 1 || length == 2 || length == 4 || length == 8) && (address & (length - 1)) == 0;
    }

    private void release(int frame) {
        if (frames[frame] != null) {
            if (watch != null) watch.dropped(frames[frame]);
            frames[frame] = null;
            allocated--;
        }
    }

    private byte[] frame(int index) {
        byte[] f = frames[index];
        if (f == null) {
            f = new byte[FRAME_SIZE];
            frames[index] = f;
            allocated++;
        }
        return f;
    }

    private byte ramByte(long address) {
        byte[] f = frames[(int) (address >>> FRAME_BITS)];
        return f == null ? 0 : f[(int) (address & (FRAME_SIZE - 1))];
    }

    private void setRamByte(long address, byte value) {
        byte[] f = frames[(int) (address >>> FRAME_BITS)];
        if (f == null) {
            if (value == 0) return; // writing zero to an untouched frame changes nothing
            f = frame((int) (address >>> FRAME_BITS));
        }
        f[(int) (address & (FRAME_SIZE - 1))] = value;
        if (watch != null) watch.written(f);
    }

    private static void checkWidth(int width) {
        if (width != 1 && width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("access width must be 1, 2, 4 or 8: " + width);
        }
    }

    private static void checkWord(int wordBytes) {
        if (wordBytes != 4 && wordBytes != 8) {
            throw new IllegalArgumentException("word size must be 4 or 8: " + wordBytes);
        }
    }

    @Override
    public String toString() {
        return String.format("PhysicalMemory(%d KiB, %d frames allocated, %d devices)", bytes >> 10, allocated, devices.size());
    }

    /** Whether RAM frame {@code number} has host memory behind it; one that has none reads as zeros. For snapshots. */
    public boolean touched(int number) { return frames[number] != null; }
}
