package l4.arch.mips.cpu;

/** The CPU's memory accesses, for the interpreter and translated blocks alike, on a frame and an offset the caller has checked. */
final class BlockOps {
    private BlockOps() {}

    static long lb(byte[] f, int o) { return f[o]; }
    static long lbu(byte[] f, int o) { return f[o] & 0xFF; }
    static long lh(byte[] f, int o) { return (short) GuestCpu.I16.get(f, o); }
    static long lhu(byte[] f, int o) { return (short) GuestCpu.I16.get(f, o) & 0xFFFF; }
    static long lw(byte[] f, int o) { return (int) GuestCpu.I32.get(f, o); }
    static long lwu(byte[] f, int o) { return (int) GuestCpu.I32.get(f, o) & 0xFFFFFFFFL; }
    static long ld(byte[] f, int o) { return (long) GuestCpu.I64.get(f, o); }
    static void sb(byte[] f, int o, long v) { f[o] = (byte) v; }
    static void sh(byte[] f, int o, long v) { GuestCpu.I16.set(f, o, (short) v); }
    static void sw(byte[] f, int o, long v) { GuestCpu.I32.set(f, o, (int) v); }
    static void sd(byte[] f, int o, long v) { GuestCpu.I64.set(f, o, v); }
}
