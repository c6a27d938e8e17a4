package l4.arch.mips.cpu;

/**
 * One address space as the guest CPU sees it: the MMU that translates every fetch, load and store
 * as the R4x00 does, and the physical frames behind it. The CPU may keep translations it was given
 * in host-side caches while the {@linkplain #counters() generation} is unchanged, and then counts the
 * accesses that hit such a cache in {@link TlbCounters#hits} before the MMU is next asked or the run
 * ends, so the MMU's state and prices come out as if every access had been translated.
 */
public interface GuestMemory {
    int OK = 0;
    /** No valid TLB entry and none in the page table: TLBL/TLBS. */
    int NOT_MAPPED = 1;
    /** A store to a page mapped read-only: TLB Modified. */
    int WRITE_PROTECTED = 2;
    /** Outside the user segment: AdEL/AdES. */
    int ADDRESS_ERROR = 3;
    /** Mapped, but no RAM behind it: bus error. */
    int BUS_ERROR = 4;

    /**
     * Translates one access of the frame holding {@code virtualAddress}; on {@link #OK} the frame's
     * bytes are in {@code out}. {@code out.cycles} is always set to what the access costs (for a
     * fetch, without the issue cycle of the instruction).
     */
    int translate(long virtualAddress, boolean write, boolean fetch, Frame out);

    /** The MMU's generation and hit count, shared with the CPU; the same object for every call. */
    TlbCounters counters();

    /** The cycles of a data access that hits the TLB: what a cached translation costs; fixed for the memory. */
    long hitCycles();

    /** The result of {@link #translate}: a 4 KiB frame of RAM. */
    final class Frame {
        public byte[] bytes;
        public long cycles;
    }
}
