package l4.linuxserver.mips;

import l4.linuxserver.server.TrapAbi;
import l4.linuxserver.sys.UserContext;

/**
 * The MIPS exception IPC of the L4 transport: Cause's ExcCode (bits 6..2, MIPS R4000 User's
 * Manual, table 5-3) and the register frame of the kernel's exception message, 72 64-bit words:
 * 0-31 GPR $0-$31, 32 HI, 33 LO, 34 PC (EPC), 35 BadVAddr, 36 Cause, 37 UserLocal, 38 FCSR,
 * 39 flags (bit 0: FPU usable), 40-71 FPR 0-31.
 */
public final class MipsTrapAbi implements TrapAbi {
    public static final int GPR = 0, HI = 32, LO = 33, PC = 34, BAD_VADDR = 35, CAUSE = 36, USER_LOCAL = 37,
            FCSR = 38, FLAGS = 39, FPR = 40, WORDS = 72;

    @Override
    public Kind classify(long cause) {
        return switch ((int) (cause >>> 2) & 0x1F) {
            case 8 -> Kind.SYSCALL;
            case 9, 13 -> Kind.BREAKPOINT; // break, trap instructions
            case 1, 2, 3 -> Kind.TLB_FAULT; // Mod, TLBL, TLBS
            case 4, 5 -> Kind.ADDRESS_ERROR;
            case 6, 7 -> Kind.BUS_ERROR;
            case 10, 11 -> Kind.ILLEGAL_INSTRUCTION; // reserved instruction, coprocessor unusable
            case 12, 15 -> Kind.ARITHMETIC; // overflow, floating point
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
