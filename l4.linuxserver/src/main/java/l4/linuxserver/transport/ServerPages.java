package l4.linuxserver.transport;

import java.util.ArrayDeque;

import l4.api.Fpage;
import l4.api.L4;
import l4.linuxserver.mm.Frame;
import l4.linuxserver.mm.FramePool;

/**
 * The Linux server's frames: pages of its own address space in a window that σ0 fills on the
 * server's first touch (σ0 maps RAM 1:1 on a page fault). A frame's number is the server's page
 * number; processes get a frame by a mapping from the server's page, and the layer reads and
 * writes it through the server's own mapping, never through a reference into a process. A frame
 * given back is flushed from every task it was mapped into before it is handed out again.
 */
public final class ServerPages implements FramePool {
    private final L4 l4;
    private final long base;
    private final long limit;
    private long next;
    private final ArrayDeque<Frame> free = new ArrayDeque<>();
    private int inUse;
    private static final byte[] ZERO = new byte[Frame.SIZE];

    /** Frames from the server's pages {@code [base, limit)} (page aligned). */
    public ServerPages(L4 l4, long base, long limit) {
        if ((base & (Frame.SIZE - 1)) != 0 || (limit & (Frame.SIZE - 1)) != 0 || limit <= base) {
            throw new IllegalArgumentException(String.format("bad frame window 0x%x..0x%x", base, limit));
        }
        this.l4 = l4;
        this.base = base;
        this.limit = limit;
        this.next = base;
    }

    @Override
    public Frame allocate() {
        Frame f = free.poll();
        if (f == null) {
            if (next >= limit) return null;
            f = new Page(next);
            next += Frame.SIZE;
        }
        f.write(0, ZERO, 0, Frame.SIZE); // the first touch faults the page in from σ0
        inUse++;
        return f;
    }

    @Override
    public void release(Frame frame) {
        unmapFromTasks(frame);
        inUse--;
        free.push(frame);
    }

    /** Flushes {@code frame} from every task it was mapped into (the server keeps it). */
    public void unmapFromTasks(Frame frame) {
        l4.fpageUnmap(Fpage.of(address(frame), 12, true), true, false);
    }

    /** The server's address of {@code frame}. */
    public long address(Frame frame) {
        return frame.number() << 12;
    }

    /** Frames handed out and not given back. */
    public int inUse() {
        return inUse;
    }

    /** A page of the server's own memory. */
    private final class Page implements Frame {
        private final long address;

        Page(long address) {
            this.address = address;
        }

        @Override
        public long number() {
            return address >>> 12;
        }

        @Override
        public void read(int offset, byte[] into, int at, int length) {
            l4.memory().read(address + offset, into, at, length);
        }

        @Override
        public void write(int offset, byte[] from, int at, int length) {
            l4.memory().write(address + offset, from, at, length);
        }

        @Override
        public String toString() {
            return String.format("server page 0x%x", address);
        }
    }
}
