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

    /** Register of IPC message word 0; word i is in register {@code WORD0 + i}, in and out. */
    static final int WORD0 = 6;

    /**
     * Reads and writes of message-word registers, by every register file of this architecture:
     * the copies of register words are observable (one simulated CPU, so plain fields do).
     */
    public long wordReads;
    public long wordWrites;

    @Override
    public SyscallAbi abi() {
        return new SyscallAbi() {
            @Override public RegisterFile newRegisterFile() { return new Registers(24, TestArchitecture.this); }
            @Override public int trapNumber(Syscall call) { return call.ordinal(); }
            @Override public Syscall decodeTrap(int trap) { return trap >= 0 && trap < Syscall.values().length ? Syscall.values()[trap] : null; }
            @Override public void writeArguments(Syscall c, long[] a, RegisterFile r) { put(a, r, c == Syscall.IPC ? Syscall.IPC_WORDS_IN : -1); }
            @Override public long[] readArguments(Syscall c, RegisterFile r) { return readArguments(c, r, new long[c.inCount(messageRegisters)]); }
            @Override public long[] readArguments(Syscall c, RegisterFile r, long[] into) { return get(into, c.inCount(messageRegisters), r, c == Syscall.IPC ? Syscall.IPC_WORDS_IN : -1); }
            @Override public void writeResults(Syscall c, long[] a, RegisterFile r) { put(a, r, c == Syscall.IPC ? Syscall.IPC_WORDS_OUT : -1); }
            @Override public long[] readResults(Syscall c, RegisterFile r) { return readResults(c, r, new long[c.outCount(messageRegisters)]); }
            @Override public long[] readResults(Syscall c, RegisterFile r, long[] into) { return get(into, c.outCount(messageRegisters), r, c == Syscall.IPC ? Syscall.IPC_WORDS_OUT : -1); }
            @Override public int messageWordRegister(int word) { return WORD0 + word; }
            @Override public long[] readIpcParameters(RegisterFile r, long[] into) { return get(into, Syscall.IPC_WORDS_IN, r, -1); }
            @Override public void writeIpcParameters(long[] p, RegisterFile r) { for (int i = 0; i < Syscall.IPC_WORDS_IN; i++) r.set(i, p[i]); }
            @Override public void writeIpcStatus(long dope, long source, long intended, RegisterFile r) {
                r.set(Syscall.IPC_DOPE, dope);
                r.set(Syscall.IPC_SOURCE, source);
                r.set(Syscall.IPC_INTENDED, intended);
            }
            @Override public long[] readIpcStatus(RegisterFile r, long[] into) { return get(into, Syscall.IPC_WORDS_OUT, r, -1); }
            @Override public String describe(Syscall call) {
                return "parameter i in register i; IPC's message word i in register " + WORD0 + "+i, in and out";
            }

            /** Parameter i in register i; from {@code words} on (IPC's message words, -1: none) in WORD0 + (i - words). */
            private void put(long[] a, RegisterFile r, int words) {
                for (int i = 0; i < a.length; i++) r.set(words >= 0 && i >= words ? WORD0 + i - words : i, a[i]);
            }

            private long[] get(long[] a, int n, RegisterFile r, int words) {
                for (int i = 0; i < n; i++) a[i] = r.get(words >= 0 && i >= words ? WORD0 + i - words : i);
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

    /** Plain registers; the last two are IP and SP. Accesses to the message-word registers are counted. */
    static final class Registers implements RegisterFile {
        private final long[] r;
        private final TestArchitecture counts;

        Registers(int n, TestArchitecture counts) {
            r = new long[n];
            this.counts = counts;
        }

        private boolean word(int i) { return i >= WORD0 && i < WORD0 + counts.messageRegisters; }

        @Override public int count() { return r.length; }
        @Override public String name(int i) { return "r" + i; }
        @Override public long get(int i) {
            if (word(i)) counts.wordReads++;
            return r[i];
        }
        @Override public void set(int i, long v) {
            if (word(i)) counts.wordWrites++;
            r[i] = v;
        }
        @Override public int ip() { return r.length - 2; }
        @Override public int sp() { return r.length - 1; }
    }
}
