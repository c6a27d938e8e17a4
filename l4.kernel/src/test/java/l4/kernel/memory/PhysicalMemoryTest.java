package l4.kernel.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PhysicalMemoryTest {

    @Test
    void defaultSizeIsLazyAndReadsZero() {
        PhysicalMemory m = new PhysicalMemory();
        assertEquals(64L << 20, m.bytes());
        assertEquals(16384, m.frames());
        assertEquals(0, m.allocatedFrames());
        assertEquals(0, m.readWord(0x3FF_FFF8L, 8));
        assertEquals(0, m.readByte(12345));
        assertEquals(0, m.allocatedFrames(), "reads must not allocate");
        m.writeByte(0x2000, (byte) 0x5A);
        assertEquals(1, m.allocatedFrames());
        assertEquals(0x5A, m.readByte(0x2000));
        m.writeByte(0x9000, (byte) 0);
        assertEquals(1, m.allocatedFrames(), "writing zero to an untouched frame needs no host memory");
    }

    @Test
    void wordsAreLittleEndianAndMayStraddleFrames() {
        PhysicalMemory m = new PhysicalMemory(1 << 20);
        m.writeWord(0x100, 4, 0x11223344L);
        assertEquals(0x44, m.readByte(0x100));
        assertEquals(0x11, m.readByte(0x103));
        assertEquals(0x11223344L, m.readWord(0x100, 4));
        m.writeWord(0xFFC, 8, 0x0102030405060708L); // crosses into frame 1
        assertEquals(0x08, m.readByte(0xFFC));
        assertEquals(0x05, m.readByte(0xFFF));
        assertEquals(0x04, m.readByte(0x1000));
        assertEquals(0x0102030405060708L, m.readWord(0xFFC, 8));
        assertEquals(0x05060708L, m.readWord(0xFFC, 4));
        assertEquals(0x0304, m.read(0x1000, 2));
        m.writeWord(0x200, 4, 0xFFFFFFFF_80000000L); // upper half of the value is not stored
        assertEquals(0x80000000L, m.readWord(0x200, 4));
        assertEquals(0, m.readWord(0x204, 4));
        assertThrows(IllegalArgumentException.class, () -> m.readWord(0, 2));
        assertThrows(IllegalArgumentException.class, () -> m.read(0, 3));
    }

    @Test
    void bulkCopyAndFill() {
        PhysicalMemory m = new PhysicalMemory(1 << 20);
        byte[] data = new byte[20000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7 + 1);
        m.write(0x1800, data);
        assertArrayEquals(data, m.readBytes(0x1800, data.length));
        // overlapping copy forwards behaves like memmove
        m.copy(0x1800, 0x1804, 100);
        for (int i = 0; i < 100; i++) assertEquals(data[i], m.readByte(0x1804 + i), "byte " + i);
        m.copy(0x1800, 0x40000, data.length); // frames 0x40..0x44
        assertEquals(data[9999], m.readByte(0x40000 + 9999));
        int before = m.allocatedFrames();
        m.fill(0x40000, 0x3000, (byte) 0); // 3 whole frames back to the lazy state
        assertEquals(before - 3, m.allocatedFrames());
        assertEquals(0, m.readByte(0x40000 + 100));
        assertEquals(data[0x3000], m.readByte(0x43000), "bytes after the filled range survive");
        m.fill(0x50000, 5, (byte) 0xEE);
        assertEquals((byte) 0xEE, m.readByte(0x50004));
        assertEquals(0, m.readByte(0x50005));
        m.zeroFrame(0x1000);
        assertEquals(0, m.readByte(0x1800));
        assertEquals(data[0x800], m.readByte(0x2000));
    }

    @Test
    void outsideRamIsABusError() {
        PhysicalMemory m = new PhysicalMemory(1 << 20);
        BusErrorException e = assertThrows(BusErrorException.class, () -> m.readByte(1 << 20));
        assertEquals(1 << 20, e.address());
        assertThrows(BusErrorException.class, () -> m.writeWord((1 << 20) - 4, 8, 1)); // straddles the end
        assertThrows(BusErrorException.class, () -> m.read(-4096L, 4));
        assertThrows(BusErrorException.class, () -> m.read((1 << 20) - 10, new byte[20], 0, 20));
        assertEquals(0, m.allocatedFrames(), "a failed write must not touch RAM");
    }

    /** A register file that logs accesses, as a device model would see them. */
    static final class Registers implements DeviceWindow {
        final long base;
        final long[] regs = new long[8];
        final List<String> log = new ArrayList<>();

        Registers(long base) {
            this.base = base;
        }

        @Override public long base() { return base; }
        @Override public long size() { return 0x40; }

        @Override
        public long read(long offset, int width) {
            log.add("r" + width + "@" + offset);
            return regs[(int) (offset / 8)] >>> (8 * (offset % 8));
        }

        @Override
        public void write(long offset, int width, long value) {
            log.add("w" + width + "@" + offset + "=" + Long.toHexString(value));
            regs[(int) (offset / 8)] = value;
        }
    }

    @Test
    void deviceWindowsTakeAccessesInsteadOfRam() {
        PhysicalMemory m = new PhysicalMemory(1 << 20);
        Registers dev = new Registers(0xB000_0000L);
        m.attach(dev);
        assertSame(dev, m.deviceAt(0xB000_003FL));
        assertNull(m.deviceAt(0xB000_0040L));
        m.writeWord(0xB000_0008L, 8, 0x1234_5678_9ABC_DEF0L);
        assertEquals(0x1234_5678_9ABC_DEF0L, dev.regs[1]);
        assertEquals(0x1234_5678_9ABC_DEF0L, m.readWord(0xB000_0008L, 8));
        assertEquals(0xF0, m.read(0xB000_0008L, 1), "narrow reads are zero-extended to their width");
        m.write(0xB000_0010L, 2, 0xABCDEF);
        assertEquals(0xCDEF, dev.regs[2], "values are truncated to the access width");
        assertEquals(List.of("w8@8=123456789abcdef0", "r8@8", "r1@8", "w2@16=cdef"), dev.log);
        assertEquals(0, m.allocatedFrames());
        assertThrows(BusErrorException.class, () -> m.readWord(0xB000_003CL, 8), "access running off the window");
        assertThrows(BusErrorException.class, () -> m.readByte(0xB000_0040L));
        assertThrows(IllegalArgumentException.class, () -> m.attach(new Registers(0xB000_0020L)), "overlap");
        assertThrows(IllegalArgumentException.class, () -> m.attach(new Registers(0x1000)), "inside RAM");
        m.detach(dev);
        assertThrows(BusErrorException.class, () -> m.readByte(0xB000_0000L));
    }
}
