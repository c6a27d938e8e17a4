package l4.arch.mips;

import l4.spi.ExceptionModel;

/**
 * L4/MIPS reflects a user exception as an IPC to the thread's excepter carrying w0 = Cause, w1 =
 * EPC, w2 = BadVAddr (reference §7). Codes are R4x00 ExcCode values (Cause bits 2–6, MIPS R4000
 * Microprocessor User's Manual, ch. 5): AdEL 4 / AdES 5 for a load / store outside user space or
 * at an address not aligned to its size (BadVAddr = that address), Bp 9 for {@code break}, CpU 11
 * for an instruction of a coprocessor the thread may not use (Cause.CE, bits 28–29, names it;
 * L4/MIPS runs user threads with Status.CU clear), RI 10 (reserved instruction) for a user program
 * that fails outright — the nearest MIPS analogue of a program the CPU cannot continue.
 */
final class MipsExceptionModel implements ExceptionModel {
    static final int EXC_ADEL = 4;
    static final int EXC_ADES = 5;
    static final int EXC_BP = 9;
    static final int EXC_RI = 10;
    static final int EXC_CPU = 11;
    private static final int CAUSE_CE_SHIFT = 28;

    private static final long EXC_CODE_FIELD = 0x1FL << 2;

    @Override
    public Delivery delivery() {
        return Delivery.EXCEPTER_IPC;
    }

    @Override
    public int codeForProgramException() {
        return EXC_RI;
    }

    @Override
    public int codeForAddressError(boolean write) {
        return write ? EXC_ADES : EXC_ADEL;
    }

    @Override
    public int codeForUnalignedAccess(boolean write) {
        return write ? EXC_ADES : EXC_ADEL;
    }

    @Override
    public int codeForBreakpoint() {
        return EXC_BP;
    }

    @Override
    public int codeForCoprocessorUnusable(int unit) {
        return EXC_CPU;
    }

    @Override
    public long coprocessorFlags(int unit) {
        return (long) (unit & 3) << CAUSE_CE_SHIFT;
    }

    /**
     * {@code [Cause, EPC, BadVAddr]}. Cause carries {@code code} in ExcCode (bits 2–6); {@code flags}
     * supplies the other Cause bits (BD bit 31, CE bits 28–29, pending IP bits 8–15). Cause is a
     * 32-bit CP0 register and reads sign-extended into a 64-bit GPR, as mfc0 does.
     */
    @Override
    public long[] frame(int code, long ip, long faultAddress, long flags) {
        long cause = (flags & ~EXC_CODE_FIELD) | ((long) (code & 0x1F) << 2);
        return new long[] {(long) (int) cause, ip, faultAddress};
    }
}
