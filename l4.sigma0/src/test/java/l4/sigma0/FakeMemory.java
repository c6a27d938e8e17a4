package l4.sigma0;

import l4.api.UserMemory;

/** A little-endian word memory of one size, enough to hold a KIP at 0x1000. */
final class FakeMemory implements UserMemory {
    final byte[] bytes = new byte[0x3000];
    private final int wordBytes;

    FakeMemory(int wordBytes) {
        this.wordBytes = wordBytes;
    }

    @Override public byte readByte(long address) { return bytes[(int) address]; }
    @Override public void writeByte(long address, byte value) { bytes[(int) address] = value; }

    @Override
    public long readWord(long address) {
        long v = 0;
        for (int i = wordBytes - 1; i >= 0; i--) v = v << 8 | (bytes[(int) address + i] & 0xFF);
        return v;
    }

    @Override
    public void writeWord(long address, long value) {
        for (int i = 0; i < wordBytes; i++) bytes[(int) address + i] = (byte) (value >>> (8 * i));
    }

    @Override public void read(long address, byte[] into, int offset, int length) {
        System.arraycopy(bytes, (int) address, into, offset, length);
    }

    @Override public void write(long address, byte[] from, int offset, int length) {
        System.arraycopy(from, offset, bytes, (int) address, length);
    }

    /** Writes a KIP like the kernel's: magic, memory size, reserved frame 0 and the KIP frame. */
    FakeMemory kip(long memorySize) {
        put(l4.api.KipLayout.MAGIC, l4.api.KipLayout.MAGIC_VALUE);
        put(l4.api.KipLayout.MEMORY_SIZE, memorySize);
        put(l4.api.KipLayout.RESERVED_COUNT, 2);
        put(l4.api.KipLayout.RESERVED_FIRST, 0);
        put(l4.api.KipLayout.RESERVED_FIRST + 1, 0x1000);
        put(l4.api.KipLayout.RESERVED_FIRST + 2, l4.api.KipLayout.PHYSICAL);
        put(l4.api.KipLayout.RESERVED_FIRST + 3, 0x1000);
        return this;
    }

    void put(int index, long value) {
        writeWord(l4.api.KipLayout.PHYSICAL + (long) index * wordBytes, value);
    }
}
