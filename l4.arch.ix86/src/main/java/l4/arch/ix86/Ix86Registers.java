package l4.arch.ix86;

import l4.spi.RegisterFile;

/**
 * The user-visible registers of an ix86 thread. Every register is 32 bits wide: {@link #set}
 * truncates as the hardware would. Besides the eight general registers, EIP and EFLAGS, the file
 * has four simulator-extension pseudo-registers X0..X3. Real L4/x86 has no such registers; the
 * ABI uses them only for the few generic parameters that the real register ABI cannot carry
 * (see {@link Ix86SyscallAbi}), so that every parameter still round-trips exactly.
 */
public final class Ix86Registers implements RegisterFile {
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7,
            EIP = 8, EFLAGS = 9, X0 = 10, X1 = 11, X2 = 12, X3 = 13;
    public static final int COUNT = 14;

    /** EFLAGS of a fresh user thread: IF (bit 9, interrupts on in user mode) and the always-one bit 1. */
    public static final long INITIAL_EFLAGS = 0x202;

    static final long MASK = 0xFFFF_FFFFL;

    private static final String[] NAMES = {
        "EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI", "EIP", "EFLAGS", "X0", "X1", "X2", "X3"
    };

    /** Package-private for {@link Ix86SyscallAbi}, which moves a dozen parameters per IPC without per-register checks. */
    final long[] values = new long[COUNT];

    public Ix86Registers() {
        values[EFLAGS] = INITIAL_EFLAGS;
    }

    static String nameOf(int register) {
        return NAMES[register];
    }

    @Override
    public int count() { return COUNT; }

    @Override
    public String name(int register) {
        check(register);
        return NAMES[register];
    }

    /** The register's value, zero-extended from 32 bits. */
    @Override
    public long get(int register) {
        check(register);
        return values[register];
    }

    /** Stores the low 32 bits of {@code value}. */
    @Override
    public void set(int register, long value) {
        check(register);
        values[register] = value & MASK;
    }

    @Override
    public int ip() { return EIP; }

    /** Every register is a plain 32-bit element. */
    @Override
    public long[] plainRegisters() { return values; }

    @Override
    public int sp() { return ESP; }

    private static void check(int register) {
        if (register < 0 || register >= COUNT) {
            throw new IndexOutOfBoundsException("ix86 register " + register + " outside 0.." + (COUNT - 1));
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            if (i > 0) b.append(' ');
            b.append(NAMES[i]).append('=').append(String.format("%08x", values[i]));
        }
        return b.toString();
    }
}
