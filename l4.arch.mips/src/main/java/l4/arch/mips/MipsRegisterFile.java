package l4.arch.mips;

import l4.arch.mips.cpu.GuestState;
import l4.spi.RegisterFile;

/**
 * The 32 general registers of a 64-bit R4x00 thread plus the pc (the EPC the kernel saves), as
 * one view of the thread's {@link GuestState}: the state the guest CPU runs is the register file
 * the kernel reads system-call parameters from, so there is one IP and one SP. The other user
 * registers (HI/LO, FPU, UserLocal) live in the same state and travel in the exception frame.
 * Numbering and names follow L4/MIPS {@code src/include/regdef.h}, the SGI MIPSpro 64-bit
 * convention: a0–a7 are $4–$11 (so a4–a7 are what o32 calls t0–t3), t0–t3 are $12–$15.
 * $0 reads as zero and ignores writes, as in hardware.
 */
final class MipsRegisterFile implements RegisterFile {
    static final int ZERO = 0, AT = 1, V0 = 2, V1 = 3;
    static final int A0 = 4, A1 = 5, A2 = 6, A3 = 7, A4 = 8, A5 = 9, A6 = 10, A7 = 11;
    static final int T0 = 12, T1 = 13, T2 = 14, T3 = 15;
    static final int S0 = 16, S1 = 17, S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23;
    static final int T8 = 24, T9 = 25, K0 = 26, K1 = 27, GP = 28, SP = 29, S8 = 30, RA = 31;
    /** Not a GPR: the user pc, saved by the kernel in EPC on every exception and system call. */
    static final int PC = 32;

    static final int COUNT = 33;

    private static final String[] NAMES = {
        "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
        "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
        "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
        "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
        "pc"
    };

    /** The whole user state, as the guest CPU runs it. */
    final GuestState state = new GuestState();
    /** The GPRs; package-private for {@link MipsSyscallAbi}, which moves up to 14 parameters per IPC without per-register checks. */
    final long[] values = state.gpr;

    static String nameOf(int register) {
        check(register);
        return NAMES[register];
    }

    private static void check(int register) {
        if (register < 0 || register >= COUNT) {
            throw new IllegalArgumentException("no MIPS register " + register);
        }
    }

    @Override
    public int count() { return COUNT; }

    @Override
    public String name(int register) { return nameOf(register); }

    @Override
    public long get(int register) {
        check(register);
        return register == PC ? restartAddress() : values[register];
    }

    @Override
    public void set(int register, long value) {
        check(register);
        if (register == PC) state.jump(value);
        else if (register != ZERO) values[register] = value;
    }

    /**
     * The thread's IP as the kernel sees it: the next instruction, or the branch when its delay
     * slot is pending (the CPU was stopped between the two, taken or not), as MIPS reports EPC
     * with Cause.BD for an exception or interrupt in a delay slot. Resuming there runs the branch
     * again and then its delay slot; resuming at the delay slot would lose a taken branch (an
     * lthread_ex_regs that reads the old IP of a preempted thread to resume it later depends on
     * this). Setting the PC clears the pending slot: the thread starts at the new IP with no
     * branch in flight, as ERET to EPC does.
     */
    private long restartAddress() {
        return state.inDelaySlot() ? state.pc - 4 : state.pc;
    }

    @Override
    public int ip() { return PC; }

    /** The GPRs: all plain but $0 (and the pc, which is not among them); the message words are s0..s7. */
    @Override
    public long[] plainRegisters() { return values; }

    @Override
    public int sp() { return SP; }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("mips-regs(");
        for (int i = 0; i < COUNT; i++) {
            if (get(i) != 0) b.append(NAMES[i]).append('=').append(Long.toHexString(get(i))).append(' ');
        }
        return b.append(')').toString();
    }
}
