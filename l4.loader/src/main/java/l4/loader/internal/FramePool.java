package l4.loader.internal;

import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.KipLayout;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;

/**
 * Frames the loader owns, asked from σ0 one at a time (w0 = the frame's address: σ0 maps it 1:1
 * into the loader, or gives the null reply when the frame is not free RAM), from the top of RAM
 * down, so that the low megabytes stay for the servers that take their pages 1:1 there.
 */
final class FramePool {
    private static final long KIP_REQUEST = -3;
    private final L4 l4;
    private final ThreadId sigma0;
    private final long floor;
    private long next;
    private long taken;

    FramePool(L4 l4, ThreadId sigma0, long floor) {
        this.l4 = l4;
        this.sigma0 = sigma0;
        this.floor = floor;
        this.next = ramTop() - ProgramImage.PAGE;
    }

    /** The end of RAM, from the kernel info page (σ0 maps it read-only on request). */
    private long ramTop() {
        IpcResult r = l4.call(sigma0, IpcDescriptor.registers(), new long[] {KIP_REQUEST, 0},
                IpcDescriptor.receiveWindow(Fpage.wholeSpace(64, true), false), Timeout.NEVER);
        if (!r.ok() || !r.mapped()) throw new IllegalStateException("σ0 gave no kernel info page");
        long size = l4.memory().readWord(KipLayout.PHYSICAL + (long) KipLayout.MEMORY_SIZE * l4.wordBytes());
        return size & ~(ProgramImage.PAGE - 1);
    }

    /** A fresh zero frame, mapped at the returned address in the loader; -1 when RAM is exhausted. */
    long take() {
        while (next >= floor) {
            long frame = next;
            next -= ProgramImage.PAGE;
            IpcResult r = l4.call(sigma0, IpcDescriptor.registers(), new long[] {frame, 0},
                    IpcDescriptor.receiveWindow(Fpage.wholeSpace(64, true), false), Timeout.NEVER);
            if (r.ok() && r.mapped()) {
                taken++;
                return frame;
            }
        }
        return -1;
    }

    long taken() {
        return taken;
    }
}
