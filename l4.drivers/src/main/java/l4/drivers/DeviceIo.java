package l4.drivers;

import l4.api.L4;

/**
 * A driver's device registers by ISA port number, reached the architecture's way: ix86 in/out
 * (σ0 gives the ports on the first I/O fault), MIPS loads and stores in the Malta ISA window at
 * 0x1800_0000 (σ0 maps the page on the first page fault). The one place that knows the difference.
 */
public final class DeviceIo {
    public static final long ISA_WINDOW = 0x1800_0000L;

    private final L4 l4;
    private final boolean ports;

    public DeviceIo(L4 l4) {
        this.l4 = l4;
        this.ports = "ix86".equals(l4.architecture());
    }

    public int in8(int port) {
        return ports ? (int) l4.ioRead(port, 1) & 0xFF : l4.memory().readByte(ISA_WINDOW + port) & 0xFF;
    }

    public void out8(int port, int value) {
        if (ports) l4.ioWrite(port, 1, value & 0xFF);
        else l4.memory().writeByte(ISA_WINDOW + port, (byte) value);
    }

    /** A 16-bit read (MIPS: one aligned halfword load). */
    public int in16(int port) {
        if (ports) return (int) l4.ioRead(port, 2) & 0xFFFF;
        byte[] b = l4.memory().read(ISA_WINDOW + port, 2);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    }

    public void out16(int port, int value) {
        if (ports) l4.ioWrite(port, 2, value & 0xFFFF);
        else l4.memory().write(ISA_WINDOW + port, new byte[] {(byte) value, (byte) (value >>> 8)});
    }
}
