package l4.arch.mips.cpu;

/**
 * The user-visible state of one guest thread: everything needed to stop it between any two
 * instructions and resume it later on any CPU instance. {@code pc} is the next instruction,
 * {@code npc} the one after it (the branch target while a delay slot is pending).
 */
public final class GuestState {
    public final long[] gpr = new long[32];
    public long hi;
    public long lo;
    public long pc;
    public long npc;
    /** The 32 floating-point registers in 64-bit mode (Status.FR = 1, as the n64 ABI runs). */
    public final long[] fpr = new long[32];
    public int fcsr;
    /** The UserLocal register read by {@code rdhwr $29} (the thread pointer). */
    public long userLocal;
    /** Status.CU1: the FPU is usable; otherwise FPU instructions raise Coprocessor Unusable. */
    public boolean fpuEnabled = true;
    boolean llBit;
    long llAddress;
    /** Cycles the multiply/divide unit still needs before HI/LO may be read. */
    long hiloPending;
    /** The next instruction is the delay slot of a branch executed before the last stop. */
    boolean delaySlot;
    /** The exception the last run stopped at, as data (no object per stop): its code, -1 for none. */
    int exceptionCode = -1;
    long exceptionEpc;
    long exceptionBadVaddr;
    boolean exceptionBd;
    int exceptionCoprocessor;

    /** Sets the next instruction, with no branch pending. */
    public void jump(long address) {
        pc = address;
        npc = address + 4;
        delaySlot = false;
    }

    /**
     * Whether the next instruction is the delay slot of a branch that has executed (the CPU
     * stopped between the two): the branch, at {@code pc - 4}, is where the thread restarts, as
     * EPC with Cause.BD for an exception or interrupt there.
     */
    public boolean inDelaySlot() {
        return delaySlot;
    }

    /** The exception the last run stopped at, or null. */
    public GuestException lastException() {
        return exceptionCode < 0 ? null
                : new GuestException(exceptionCode, exceptionEpc, exceptionBadVaddr, exceptionBd, exceptionCoprocessor);
    }

    /** {@link #lastException()}'s code without the object: -1 when the last run stopped at no exception. */
    public int exceptionCode() { return exceptionCode; }

    /** {@link #lastException()}'s EPC. */
    public long exceptionEpc() { return exceptionEpc; }

    /** {@link #lastException()}'s BadVAddr. */
    public long exceptionBadVaddr() { return exceptionBadVaddr; }

    /** Whether {@link #lastException()} was taken in a branch delay slot. */
    public boolean exceptionInDelaySlot() { return exceptionBd; }

    /** {@link #lastException()}'s Cause register, as {@link GuestException#cause()}. */
    public long exceptionCause() {
        return GuestException.cause(exceptionCode, exceptionBd, exceptionCoprocessor);
    }

    /** Clears LLbit, as the return from an exception does. */
    public void clearLinked() {
        llBit = false;
    }

    /** Machine snapshots: everything but the GPRs and the pc (the register file shows those). */
    public void saveRest(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(hi);
        out.writeLong(lo);
        out.writeLong(npc);
        for (long f : fpr) out.writeLong(f);
        out.writeInt(fcsr);
        out.writeLong(userLocal);
        out.writeBoolean(fpuEnabled);
        out.writeBoolean(llBit);
        out.writeLong(llAddress);
        out.writeLong(hiloPending);
        out.writeBoolean(delaySlot);
    }

    public void loadRest(java.io.DataInput in) throws java.io.IOException {
        hi = in.readLong();
        lo = in.readLong();
        npc = in.readLong();
        for (int i = 0; i < fpr.length; i++) fpr[i] = in.readLong();
        fcsr = in.readInt();
        userLocal = in.readLong();
        fpuEnabled = in.readBoolean();
        llBit = in.readBoolean();
        llAddress = in.readLong();
        hiloPending = in.readLong();
        delaySlot = in.readBoolean();
    }
}
