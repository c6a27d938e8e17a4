package l4.kernel;

import l4.api.Timeout;
import l4.api.UserMemory;
import l4.kernel.object.Tcb;
import l4.kernel.thread.ThreadControl;

/** A Java thread's memory: accesses go through the MMU, fault to the pager, and are preemption points. */
final class UserMemoryView implements UserMemory {
    private final Kernel k;
    private final Tcb self;
    private final Runnable enter;
    private final int wordBytes;

    UserMemoryView(Kernel k, Tcb self, Runnable enter) {
        this.k = k;
        this.self = self;
        this.enter = enter;
        this.wordBytes = k.arch.wordBits() / 8;
    }

    private void access(long address, byte[] buf, int offset, int length, boolean write) {
        enter.run();
        if (offset < 0 || length < 0 || offset + length > buf.length) throw new IndexOutOfBoundsException("buffer range");
        if (!k.user.inUserSpace(address, length)) throw new ThreadControl.AddressError(address, write);
        if (!k.user.access(self, address, buf, offset, length, write, Timeout.INFINITE, self.ip())) {
            // Outside IPC a fault only fails when there is no pager to ask: the thread cannot go on.
            throw new ThreadControl.AddressError(address, write);
        }
        k.checkpoint(self);
    }

    @Override
    public byte readByte(long address) {
        byte[] b = new byte[1];
        access(address, b, 0, 1, false);
        return b[0];
    }

    @Override
    public void writeByte(long address, byte value) {
        access(address, new byte[] {value}, 0, 1, true);
    }

    /** A word load or store at an unaligned address: an exception where the CPU has one (MIPS AdEL/AdES). */
    private void checkAligned(long address, boolean write) {
        if ((address & (wordBytes - 1)) == 0) return;
        enter.run();
        int code = k.arch.exceptionModel().codeForUnalignedAccess(write);
        if (code >= 0) {
            throw new ThreadControl.UserTrap(code, address, 0,
                    String.format("unaligned %s at 0x%x", write ? "store" : "load", address));
        }
    }

    @Override
    public long readWord(long address) {
        checkAligned(address, false);
        byte[] b = new byte[wordBytes];
        access(address, b, 0, wordBytes, false);
        return k.user.decode(b);
    }

    @Override
    public void writeWord(long address, long value) {
        checkAligned(address, true);
        byte[] b = new byte[wordBytes];
        for (int i = 0; i < wordBytes; i++) b[i] = (byte) (value >>> (8 * i));
        access(address, b, 0, wordBytes, true);
    }

    @Override
    public void read(long address, byte[] into, int offset, int length) {
        access(address, into, offset, length, false);
    }

    @Override
    public void write(long address, byte[] from, int offset, int length) {
        access(address, from, offset, length, true);
    }
}
