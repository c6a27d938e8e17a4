package l4.linuxserver.mips;

import l4.linuxserver.sys.UserContext;

/**
 * The user register frame of a MIPS64 thread as the n64 ABI sees it: what the exception IPC of the
 * L4 transport carries, and what the co-located mode copies to and from the guest CPU.
 */
public final class MipsContext implements UserContext {
    public final long[] gpr = new long[32];
    public final long[] fpr = new long[32];
    public long pc;
    public long hi;
    public long lo;
    public int fcsr;
    public long userLocal;

    @Override
    public MipsContext copy() {
        MipsContext c = new MipsContext();
        System.arraycopy(gpr, 0, c.gpr, 0, 32);
        System.arraycopy(fpr, 0, c.fpr, 0, 32);
        c.pc = pc;
        c.hi = hi;
        c.lo = lo;
        c.fcsr = fcsr;
        c.userLocal = userLocal;
        return c;
    }

    @Override
    public long stackPointer() {
        return gpr[29];
    }

    @Override
    public long programCounter() {
        return pc;
    }

    @Override
    public void setProgramCounter(long pc) {
        this.pc = pc;
    }
}
