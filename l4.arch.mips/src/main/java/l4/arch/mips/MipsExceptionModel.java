package l4.arch.mips;

import l4.spi.ExceptionModel;

/**
 * L4/MIPS reflects a user exception as an IPC to the thread's excepter carrying w0 = Cause, w1 =
 * EPC, w2 = BadVAddr (reference §7). Codes are R4x00 ExcCode values (Cause bits 2–6):
 * AdEL 4 / AdES 5 for accesses outside user space, RI 10 (reserved instruction) for a user
 * program that fails outright — the nearest MIPS analogue of a program the CPU cannot continue.
 */
final class MipsExceptionModel implements ExceptionModel {
    static final int EXC_ADEL = 4;
    static final int EXC_ADES = 5;
    static final int EXC_RI = 10;

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
