package l4.kernel.binding;

import l4.api.Timeout;
import l4.api.UserMemory;
import l4.kernel.dispatch.Scheduler;
import l4.kernel.object.Tcb;
import l4.kernel.thread.ThreadControl;
import l4.kernel.uaccess.UserAccess;
import l4.spi.Architecture;

/** A Java thread's memory: accesses go through the MMU, fault to the pager, and are preemption points. */
final class UserMemoryView implements UserMemory {
    private final Architecture arch;
    private final UserAccess user;
    private final Scheduler scheduler;
    private final Tcb self;
    private final Runnable enter;
    private final int wordBytes;

    UserMemoryView(Architecture arch, UserAccess user, Scheduler scheduler, Tcb self, Runnable enter) {
        this.arch = arch;
        this.user = user;
        this.scheduler = scheduler;
        this.self = self;
        this.enter = enter;
        this.wordBytes = arch.wordBits() / 8;
    }

    private void access(long address, byte[] buf, int offset, int length, boolean write) {
        enter.run();
        if (offset < 0 || length < 0 || offset + length > buf.length) throw new IndexOutOfBoundsException("buffer range");
        if (!user.inUserSpace(address, length)) throw new ThreadControl.AddressError(address, write);
        if (!user.access(self, address, buf, offset, length, write, Timeout.INFINITE, self.ip())) {
            // Outside IPC a fault only fails when there is no pager to ask: the thread cannot go on.
            throw new ThreadControl.AddressError(address, write);
        }
        scheduler.checkpoint(self);
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
        int code = arch.exceptionModel().codeForUnalignedAccess(write);
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
        return user.decode(b);
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
