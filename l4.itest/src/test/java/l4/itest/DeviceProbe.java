package l4.itest;

import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;

/**
 * A user program that drives the PC devices from their datasheets, the architecture's way (ix86
 * in/out on ports; MIPS loads and stores in the Malta ISA window at 0x1800_0000, the page σ0 maps on
 * the first fault), with interrupts as IPC: reads the CMOS clock, identifies the disk, writes,
 * flushes and reads back a sector, and reports the result on the serial line, interrupt-driven.
 */
final class DeviceProbe implements UserProgram {
    static final String NAME = "devprobe";
    static final long ISA_WINDOW = 0x1800_0000L;
    static final int LBA = 7;

    @Override
    public String name() { return NAME; }

    /** Device registers by ISA port number. */
    private static final class Io {
        final L4 l4;
        final boolean ports;

        Io(L4 l4) {
            this.l4 = l4;
            this.ports = "ix86".equals(l4.architecture());
        }

        int in8(int port) {
            return ports ? (int) l4.ioRead(port, 1) : l4.memory().readByte(ISA_WINDOW + port) & 0xFF;
        }

        void out8(int port, int v) {
            if (ports) l4.ioWrite(port, 1, v);
            else l4.memory().writeByte(ISA_WINDOW + port, (byte) v);
        }

        int in16(int port) {
            if (ports) return (int) l4.ioRead(port, 2);
            byte[] b = l4.memory().read(ISA_WINDOW + port, 2); // one aligned 16-bit load
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        }

        void out16(int port, int v) {
            if (ports) l4.ioWrite(port, 2, v);
            else l4.memory().write(ISA_WINDOW + port, new byte[] {(byte) v, (byte) (v >> 8)});
        }
    }

    @Override
    public void main(L4 l4) {
        Io io = new Io(l4);
        StringBuilder report = new StringBuilder(NAME + " " + l4.architecture() + ":");
        report.append(" rtc ").append(clock(io));
        report.append(", ata ").append(disk(l4, io));
        report.append('\n');
        report.append(serial(l4, io, report.toString()));
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    private static boolean attach(L4 l4, int irq) {
        return l4.receive(ThreadId.interrupt(irq), Timeout.ZERO).error() == IpcError.RECEIVE_TIMEOUT;
    }

    private static boolean await(L4 l4, int irq) {
        IpcResult r = l4.receive(ThreadId.interrupt(irq), Timeout.receive(2_000_000));
        return r.ok();
    }

    // MC146818A: wait until no update is in progress, then read BCD time and date.
    private static String clock(Io io) {
        int guard = 0;
        while ((cmos(io, 0x0A) & 0x80) != 0 && guard++ < 100_000) { }
        return String.format("20%02x-%02x-%02x %02x:%02x", cmos(io, 9), cmos(io, 8), cmos(io, 7), cmos(io, 4), cmos(io, 2));
    }

    private static int cmos(Io io, int index) {
        io.out8(0x70, index);
        return io.in8(0x71);
    }

    // ATA-6 PIO protocols: IDENTIFY (data-in), WRITE SECTORS (data-out), FLUSH CACHE (non-data), READ SECTORS.
    private static String disk(L4 l4, Io io) {
        if (!attach(l4, 14)) return "no irq14";
        io.out8(0x3F6, 0x00); // nIEN = 0
        io.out8(0x1F6, 0xA0);
        io.out8(0x1F7, 0xEC);
        if (!await(l4, 14)) return "identify: no interrupt";
        if ((io.in8(0x1F7) & 0x09) != 0x08) return "identify: no data";
        StringBuilder model = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            int w = io.in16(0x1F0);
            if (i >= 27 && i < 47) model.append((char) (w >> 8)).append((char) (w & 0xFF));
        }
        int tag = "ix86".equals(l4.architecture()) ? 0x86 : 0x4D;
        select(io, LBA);
        io.out8(0x1F7, 0x30);
        int guard = 0;
        while ((io.in8(0x3F6) & 0x88) != 0x08 && guard++ < 100_000) { }
        for (int i = 0; i < 256; i++) io.out16(0x1F0, tag << 8 | i & 0xFF);
        if (!await(l4, 14) || (io.in8(0x1F7) & 0x01) != 0) return "write failed";
        io.out8(0x1F7, 0xE7);
        if (!await(l4, 14) || (io.in8(0x1F7) & 0x01) != 0) return "flush failed";
        select(io, LBA);
        io.out8(0x1F7, 0x20);
        if (!await(l4, 14) || (io.in8(0x1F7) & 0x09) != 0x08) return "read failed";
        for (int i = 0; i < 256; i++) {
            if (io.in16(0x1F0) != (tag << 8 | i & 0xFF)) return "read back wrong data at word " + i;
        }
        return model.toString().trim() + " sector " + LBA + " ok";
    }

    private static void select(Io io, int lba) {
        io.out8(0x1F2, 1);
        io.out8(0x1F3, lba & 0xFF);
        io.out8(0x1F4, (lba >> 8) & 0xFF);
        io.out8(0x1F5, (lba >> 16) & 0xFF);
        io.out8(0x1F6, 0xE0 | (lba >> 24) & 0x0F);
    }

    // PC16550D: 115200 8N1, FIFOs, OUT2, THRE interrupts; 16 bytes per THRE interrupt.
    private static String serial(L4 l4, Io io, String text) {
        if (!attach(l4, 4)) return "";
        io.out8(0x3FB, 0x80);
        io.out8(0x3F8, 1);
        io.out8(0x3F9, 0);
        io.out8(0x3FB, 0x03);
        io.out8(0x3FA, 0x07);
        io.out8(0x3FC, 0x0B);
        io.out8(0x3F9, 0x02); // ETBEI while THR is empty: a THRE interrupt at once
        int at = 0;
        while (at < text.length()) {
            if (!await(l4, 4)) return "";
            if ((io.in8(0x3FA) & 0x0F) != 0x02) continue;
            for (int n = 0; n < 16 && at < text.length(); n++) io.out8(0x3F8, text.charAt(at++));
        }
        return "";
    }
}
