package l4.api.mips;

/**
 * The MIPS exception IPC with the thread's whole user register frame, in the manner of the
 * L4 X.2 exception protocol (Pistachio {@code kernel/src/api/v4/exception.h}): the kernel
 * sends, in the faulting thread's name, to its excepter the register words
 * {@link #W_CAUSE} = Cause, {@link #W_EPC} = EPC, {@link #W_BADVADDR} = BadVAddr (as V2 L4/MIPS
 * does) and {@link #W_FRAME_WORDS} = {@link #WORDS}, and as the memory part of the message the
 * frame of {@link #WORDS} 64-bit words laid out by the indices below, into the receive buffer
 * the excepter gives (a receiver without a memory buffer gets the register words only).
 * <p>
 * The excepter's reply: with a memory part of {@link #WORDS} words it sets the whole frame, PC
 * included (to return from a system call: PC = EPC + 4); a reply of register words only
 * resumes the thread at the PC it has (the faulting instruction again, or where an
 * lthread_ex_regs moved it), as the V2 MIPS exception protocol does.
 */
public final class ExceptionFrame {
    /** Register word 0 of the exception message: CP0 Cause. */
    public static final int W_CAUSE = 0;
    /** Register word 1: EPC, the faulting instruction (or the branch before its delay slot). */
    public static final int W_EPC = 1;
    /** Register word 2: BadVAddr (0 where the exception has none). */
    public static final int W_BADVADDR = 2;
    /** Register word 3: the number of frame words in the memory part, {@link #WORDS}. */
    public static final int W_FRAME_WORDS = 3;

    /** Frame index of GPR $0 ($n at {@code GPR + n}, n = 0..31). */
    public static final int GPR = 0;
    public static final int HI = 32;
    public static final int LO = 33;
    /** The PC the thread continues at (EPC when the frame is sent). */
    public static final int PC = 34;
    public static final int BADVADDR = 35;
    public static final int CAUSE = 36;
    /** The UserLocal register ({@code rdhwr $29}, the TLS pointer). */
    public static final int USER_LOCAL = 37;
    /** FPU control/status register FCSR (FCR31). */
    public static final int FCSR = 38;
    /** Flag word, {@link #FLAG_FPU_USABLE}. */
    public static final int FLAGS = 39;
    /** Frame index of FPR 0 (FPR n at {@code FPR + n}, n = 0..31, 64-bit each, FR = 1). */
    public static final int FPR = 40;
    /** Words in the frame. */
    public static final int WORDS = 72;

    /** {@link #FLAGS} bit 0: the FPU (coprocessor 1) is usable by the thread. */
    public static final long FLAG_FPU_USABLE = 1;

    /** Cause.ExcCode values the excepter sees (MIPS R4000 user's manual, table 5-4). */
    public static final int EXC_MOD = 1;
    public static final int EXC_TLBL = 2;
    public static final int EXC_TLBS = 3;
    public static final int EXC_ADEL = 4;
    public static final int EXC_ADES = 5;
    public static final int EXC_SYS = 8;
    public static final int EXC_BP = 9;
    public static final int EXC_RI = 10;
    public static final int EXC_CPU = 11;
    public static final int EXC_OV = 12;
    public static final int EXC_TR = 13;
    public static final int EXC_FPE = 15;

    /**
     * Cause.BD (bit 31): the exception was raised by the instruction in a branch's delay slot, and
     * EPC (and the frame's PC) is the branch, where the thread restarts: the branch runs again,
     * then its slot. A handler that completes the slot's instruction itself (a system call) must
     * resume at the branch's outcome, not at EPC + 4, which is the slot again.
     */
    public static final long CAUSE_BD = 0x80000000L;

    /** Whether a Cause word has {@link #CAUSE_BD} set (the Cause word sign-extended or not). */
    public static boolean inDelaySlot(long cause) {
        return (cause & CAUSE_BD) != 0;
    }

    /** Cause.ExcCode of a Cause word (bits 6..2). */
    public static int excCode(long cause) {
        return (int) (cause >>> 2) & 0x1F;
    }

    /** The Cause word of an exception code (ExcCode in bits 6..2; CE = {@code unit} in bits 29..28). */
    public static long cause(int excCode, int unit) {
        return ((long) (excCode & 0x1F) << 2) | ((long) (unit & 3) << 28);
    }

    private ExceptionFrame() {}
}
