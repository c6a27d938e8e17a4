package l4.kernel.testarch;

import java.util.Map;
import java.util.TreeMap;
import l4.kernel.memory.FlatMmu;
import l4.spi.Architecture;
import l4.spi.Cost;
import l4.spi.CostModel;
import l4.spi.CycleSink;
import l4.spi.DeviceAccess;
import l4.spi.ExceptionModel;
import l4.spi.InterruptController;
import l4.spi.Mmu;
import l4.spi.RegisterFile;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;

/**
 * A minimal architecture for testing the generic kernel alone: parameter i of a call travels
 * in register i, every kernel operation costs 10 cycles, the MMU is flat. That the kernel runs
 * on it at all shows it never asks which architecture it is on.
 */
public final class TestArchitecture implements Architecture {
    private final int wordBits;
    private final int messageRegisters;
    private final boolean ix86Events;
    private final boolean ioPorts;

    public TestArchitecture(int wordBits, int messageRegisters) {
        this(wordBits, messageRegisters, false);
    }

    /** {@code ix86Events}: exceptions reflected through the thread's vector table, and preempters. */
    public TestArchitecture(int wordBits, int messageRegisters, boolean ix86Events) {
        this(wordBits, messageRegisters, ix86Events, false);
    }

    /** {@code ioPorts}: devices are reached through 65536 I/O ports (ix86) instead of memory-mapped registers. */
    public TestArchitecture(int wordBits, int messageRegisters, boolean ix86Events, boolean ioPorts) {
        this.wordBits = wordBits;
        this.messageRegisters = messageRegisters;
        this.ix86Events = ix86Events;
        this.ioPorts = ioPorts;
    }

    @Override public boolean preempters() { return ix86Events; }

    public TestArchitecture() { this(64, 8); }

    @Override public String name() { return "test"; }
    @Override public int wordBits() { return wordBits; }
    @Override public int messageRegisters() { return messageRegisters; }
    @Override public int userAddressBits() { return wordBits == 32 ? 32 : 40; }
    @Override public int wholeSpaceSizeLog2() { return wordBits; }
    @Override public int[] pageSizesLog2() { return new int[] {12, 22}; }
    @Override public long clockHz() { return 100_000_000L; }
    @Override public long timerTickMicros() { return 1000; }
    @Override public Mmu createMmu(CycleSink clock, Map<String, Object> options) { return new FlatMmu(); }
    @Override public DeviceAccess deviceAccess() { return ioPorts ? DeviceAccess.IO_PORTS : DeviceAccess.MEMORY_MAPPED; }
    @Override public long deviceBase() { return ioPorts ? 0 : 0x1F00_0000L; }
    @Override public long deviceSize() { return ioPorts ? 65536 : 1 << 20; }
    /** Without I/O ports, ISA port p appears at physical 0x1F00_0000 + p (as on a Malta board at 0x1800_0000). */
    @Override public long portWindowBase() { return ioPorts ? -1 : 0x1F00_0000L; }
    @Override public Map<String, String> parameters() { return new TreeMap<>(Map.of("name", "test")); }

    @Override
    public CostModel costModel(Map<String, Object> options) {
        return new CostModel() {
            @Override public long cycles(Cost cost) { return 10; }
            @Override public String source(Cost cost) { return "test"; }
        };
    }

    @Override
    public SyscallAbi abi() {
        long mask = wordBits == 64 ? -1L : 0xFFFF_FFFFL;
        return new SyscallAbi() {
            @Override public RegisterFile newRegisterFile() { return new Registers(24); }
            @Override public int trapNumber(Syscall call) { return call.ordinal(); }
            @Override public Syscall decodeTrap(int trap) { return trap >= 0 && trap < Syscall.values().length ? Syscall.values()[trap] : null; }
            @Override public void writeArguments(Syscall c, long[] a, RegisterFile r) { put(a, r); }
            @Override public long[] readArguments(Syscall c, RegisterFile r) { return get(new long[c.inCount(messageRegisters)], r); }
            @Override public long[] readArguments(Syscall c, RegisterFile r, long[] into) { return get(into, c.inCount(messageRegisters), r); }
            @Override public void writeResults(Syscall c, long[] a, RegisterFile r) { put(a, r); }
            @Override public long[] readResults(Syscall c, RegisterFile r) { return get(new long[c.outCount(messageRegisters)], r); }
            @Override public long[] readResults(Syscall c, RegisterFile r, long[] into) { return get(into, c.outCount(messageRegisters), r); }
            @Override public String describe(Syscall call) { return "parameter i in register i"; }

            private void put(long[] a, RegisterFile r) {
                for (int i = 0; i < a.length; i++) r.set(i, a[i]);
            }

            private long[] get(long[] a, RegisterFile r) {
                return get(a, a.length, r);
            }

            private long[] get(long[] a, int n, RegisterFile r) {
                for (int i = 0; i < n; i++) a[i] = r.get(i);
                return a;
            }
        };
    }

    @Override
    public InterruptController createInterruptController() {
        return new InterruptController() {
            private int pending;
            private int masked;
            @Override public int lines() { return 8; }
            @Override public int timerLine() { return 7; }
            @Override public void raise(int line) { pending |= 1 << line; }
            @Override public int acknowledge() {
                for (int l = 7; l >= 0; l--) {
                    if ((pending & ~masked & (1 << l)) != 0) {
                        pending &= ~(1 << l);
                        return l;
                    }
                }
                return -1;
            }
            @Override public void mask(int line) { masked |= 1 << line; }
            @Override public void unmask(int line) { masked &= ~(1 << line); }
            @Override public boolean masked(int line) { return (masked & (1 << line)) != 0; }
            @Override public boolean pending(int line) { return (pending & (1 << line)) != 0; }
            @Override public String lineName(int line) { return "line" + line; }
        };
    }

    @Override
    public ExceptionModel exceptionModel() {
        return new ExceptionModel() {
            @Override public Delivery delivery() { return ix86Events ? Delivery.REFLECT_TO_VECTOR : Delivery.EXCEPTER_IPC; }
            @Override public int codeForProgramException() { return 10; }
            @Override public int codeForAddressError(boolean write) { return write ? 5 : 4; }
            @Override public int codeForUnalignedAccess(boolean write) { return ix86Events ? -1 : write ? 5 : 4; }
            @Override public int codeForBreakpoint() { return ix86Events ? 3 : 9; }
            @Override public int codeForCoprocessorUnusable(int unit) { return ix86Events ? -1 : 11; }
            @Override public long coprocessorFlags(int unit) { return ix86Events ? 0 : (long) unit << 28; }
            @Override public long[] frame(int code, long ip, long fault, long flags) {
                return ix86Events ? new long[] {flags, 0x1B, ip} : new long[] {flags | code << 2, ip, fault};
            }
        };
    }

    /** Plain registers; the last two are IP and SP. */
    static final class Registers implements RegisterFile {
        private final long[] r;

        Registers(int n) { r = new long[n]; }

        @Override public int count() { return r.length; }
        @Override public String name(int i) { return "r" + i; }
        @Override public long get(int i) { return r[i]; }
        @Override public void set(int i, long v) { r[i] = v; }
        @Override public int ip() { return r.length - 2; }
        @Override public int sp() { return r.length - 1; }
    }
}
