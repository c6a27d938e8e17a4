package l4.linuxserver.mips;

import l4.api.mips.ExceptionFrame;
import l4.linuxserver.server.TrapAbi;
import l4.linuxserver.sys.UserContext;

/**
 * The MIPS exception IPC of the L4 transport as the kernel's API defines it
 * ({@link ExceptionFrame}): Cause's ExcCode (bits 6..2, MIPS R4000 User's Manual, table 5-3) and
 * the register frame of 72 64-bit words.
 */
public final class MipsTrapAbi implements TrapAbi {
    public static final int GPR = ExceptionFrame.GPR, HI = ExceptionFrame.HI, LO = ExceptionFrame.LO, PC = ExceptionFrame.PC,
            BAD_VADDR = ExceptionFrame.BADVADDR, CAUSE = ExceptionFrame.CAUSE, USER_LOCAL = ExceptionFrame.USER_LOCAL,
            FCSR = ExceptionFrame.FCSR, FLAGS = ExceptionFrame.FLAGS, FPR = ExceptionFrame.FPR, WORDS = ExceptionFrame.WORDS;

    @Override
    public Kind classify(long cause) {
        return switch (ExceptionFrame.excCode(cause)) {
            case ExceptionFrame.EXC_SYS -> Kind.SYSCALL;
            case ExceptionFrame.EXC_BP, ExceptionFrame.EXC_TR -> Kind.BREAKPOINT;
            case ExceptionFrame.EXC_MOD, ExceptionFrame.EXC_TLBL, ExceptionFrame.EXC_TLBS -> Kind.TLB_FAULT;
            case ExceptionFrame.EXC_ADEL, ExceptionFrame.EXC_ADES -> Kind.ADDRESS_ERROR;
            case 6, 7 -> Kind.BUS_ERROR; // IBE, DBE (the kernel's API names none: its memory has no bus errors)
            case ExceptionFrame.EXC_RI, ExceptionFrame.EXC_CPU -> Kind.ILLEGAL_INSTRUCTION;
            case ExceptionFrame.EXC_OV, ExceptionFrame.EXC_FPE -> Kind.ARITHMETIC;
            default -> Kind.OTHER;
        };
    }

    @Override
    public int frameWords() {
        return WORDS;
    }

    @Override
    public MipsContext unpack(long[] frame) {
        if (frame.length != WORDS) throw new IllegalArgumentException("a MIPS exception frame has " + WORDS + " words, not " + frame.length);
        MipsContext c = new MipsContext();
        System.arraycopy(frame, GPR, c.gpr, 0, 32);
        c.gpr[0] = 0;
        c.hi = frame[HI];
        c.lo = frame[LO];
        c.pc = frame[PC];
        c.userLocal = frame[USER_LOCAL];
        c.fcsr = (int) frame[FCSR];
        System.arraycopy(frame, FPR, c.fpr, 0, 32);
        return c;
    }

    @Override
    public long[] pack(UserContext context, long[] received) {
        MipsContext c = (MipsContext) context;
        long[] f = received != null && received.length == WORDS ? received.clone() : new long[WORDS];
        System.arraycopy(c.gpr, 0, f, GPR, 32);
        f[HI] = c.hi;
        f[LO] = c.lo;
        f[PC] = c.pc;
        f[USER_LOCAL] = c.userLocal;
        f[FCSR] = c.fcsr & 0xFFFFFFFFL;
        System.arraycopy(c.fpr, 0, f, FPR, 32);
        return f;
    }

    @Override
    public long syscallNumber(UserContext context) {
        return ((MipsContext) context).gpr[2];
    }
}
