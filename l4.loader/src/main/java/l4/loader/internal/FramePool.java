package l4.loader.internal;

import l4.api.KipLayout;
import l4.api.L4;

/**
 * Frames the loader owns, taken from σ0 from the top of RAM down. σ0 answers only its own clan
 * directly (a request from a task the root task started is redirected to the root task), but
 * page faults go to the pager unredirected: so the loader takes a frame by touching it, and σ0
 * maps it 1:1. The top of RAM is where no other program of the system takes frames 1:1 (the
 * servers' buffers lie at 16 MiB + task number MiB), so σ0 gives them; a frame it refused would
 * leave the loader faulting, which is why the pool stops at {@code floor} and skips the frames
 * earlier loaders of other task numbers took ({@link FrameLedger}).
 */
final class FramePool {
    private final long floor;
    private final FrameLedger ledger;
    private final int task;
    private long next;
    private long taken;

    /** A pool for the loader task {@code l4} runs in, skipping the frames {@code ledger} has for other task numbers. */
    FramePool(L4 l4, long floor, FrameLedger ledger) {
        this.ledger = ledger;
        this.task = l4.myself().task();
        long top = ramTop(l4);
        this.floor = Math.max(floor, top / 2);
        this.next = top - ProgramImage.PAGE;
    }

    /** The end of RAM, from the kernel info page (σ0 maps it read-only on the read fault). */
    private static long ramTop(L4 l4) {
        long size = l4.memory().readWord(KipLayout.PHYSICAL + (long) KipLayout.MEMORY_SIZE * l4.wordBytes());
        return size & ~(ProgramImage.PAGE - 1);
    }

    /** A fresh zero frame, mapped at the returned address in the loader (touched through the caller's {@code l4}); -1 when the pool is used up. */
    long take(L4 l4) {
        while (next >= floor && !ledger.claim(next, task)) next -= ProgramImage.PAGE;
        if (next < floor) return -1;
        long frame = next;
        next -= ProgramImage.PAGE;
        l4.memory().writeWord(frame, 0);
        taken++;
        return frame;
    }

    long taken() {
        return taken;
    }
}
