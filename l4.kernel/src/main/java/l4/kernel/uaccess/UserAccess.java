package l4.kernel.uaccess;

import l4.kernel.dispatch.Scheduler;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.object.Tcb;
import l4.kernel.rpc.KernelRpc;
import l4.spi.Architecture;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * User memory through the MMU, byte-exact, for Java user code and the kernel's accesses in a
 * thread's name (IPC copies go through {@code MessageCopy}, whose faults are continuations). A
 * missing or read-only mapping becomes a page-fault RPC to the owner's pager, on the owner's own
 * host; the access is retried after the reply.
 */
public final class UserAccess {
    public static final long FAILED = 0xDEAD_FA11_DEAD_FA11L;

    private final PhysicalMemory physical;
    private final KernelRpc rpc;
    private final Scheduler scheduler;
    private final long userLimit;
    private final int wordBytes;
    private boolean lastFailed;

    public UserAccess(Architecture arch, PhysicalMemory physical, KernelRpc rpc, Scheduler scheduler) {
        this.physical = physical;
        this.rpc = rpc;
        this.scheduler = scheduler;
        int bits = arch.userAddressBits();
        this.userLimit = bits >= 64 ? -1L : (1L << bits) - 1;
        this.wordBytes = arch.wordBits() / 8;
    }

    public boolean inUserSpace(long va, long length) {
        if (userLimit == -1L) return true;
        return va >= 0 && length >= 0 && va <= userLimit && va + Math.max(0, length - 1) <= userLimit;
    }

    public boolean lastFailed() { return lastFailed; }

    /** Physical address for one access, faulting as needed; -1 when the fault could not be resolved. */
    public long translate(Tcb owner, long va, boolean write, long pfMicros, long ipWord) {
        if (!inUserSpace(va, 1)) return -1;
        MmuSpace mmu = owner.task.space.mmu();
        while (true) {
            Translation t = mmu.translate(va, write);
            if (t.ok()) return t.physical();
            boolean replied = rpc.pageFault(owner, va, write, t.fault() == Translation.Fault.WRITE_PROTECTED, ipWord, pfMicros);
            if (!replied) return -1;
            // The access is tried again, as a CPU restarts the faulting instruction in user mode:
            // a preemption point. Without it two threads that page each other (each taking the
            // other's fault message for the reply to its own fault) kept the CPU between them for
            // good: no tick, no timeout, nobody else ran.
            if (owner == scheduler.current() && !mmu.translate(va, write).ok()) scheduler.checkpoint(owner);
        }
    }

    /** A word read by the kernel in a thread's name (ip word all ones: the kernel took the fault). */
    public long readWord(Tcb owner, long va, long pfMicros) {
        byte[] b = new byte[wordBytes];
        lastFailed = !read(owner, va, b, wordBytes, pfMicros);
        if (lastFailed) return FAILED;
        return decode(b);
    }

    public boolean writeWord(Tcb owner, long va, long value, long pfMicros) {
        byte[] b = new byte[wordBytes];
        for (int i = 0; i < wordBytes; i++) b[i] = (byte) (value >>> (8 * i));
        return write(owner, va, b, wordBytes, pfMicros);
    }

    public long decode(byte[] b) {
        long v = 0;
        for (int i = 0; i < wordBytes; i++) v |= (b[i] & 0xFFL) << (8 * i);
        return v;
    }

    public boolean read(Tcb owner, long va, byte[] into, int length, long pfMicros) {
        return access(owner, va, into, 0, length, false, pfMicros, -1L);
    }

    public boolean write(Tcb owner, long va, byte[] from, int length, long pfMicros) {
        return access(owner, va, from, 0, length, true, pfMicros, -1L);
    }

    /** Page by page: one translation per page touched. */
    public boolean access(Tcb owner, long va, byte[] buf, int offset, int length, boolean write, long pfMicros,
                          long ipWord) {
        int done = 0;
        while (done < length) {
            long a = va + done;
            int chunk = (int) Math.min(length - done, 4096 - (a & 0xFFF));
            long pa = translate(owner, a, write, pfMicros, ipWord);
            if (pa < 0) return false;
            if (write) physical.write(pa, buf, offset + done, chunk);
            else physical.read(pa, buf, offset + done, chunk);
            done += chunk;
        }
        return true;
    }
}
