package l4.spi;

import java.util.Map;

/** The MMU and TLB of one machine. */
public interface Mmu {
    MmuSpace createSpace(int taskNumber);

    void destroySpace(MmuSpace space);

    /** Makes {@code space} current, charging the architecture's switch cost (flush or ASID change). */
    void activate(MmuSpace space);

    MmuSpace active();

    /** Counters: {@code tlb-hits}, {@code tlb-misses}, {@code tlb-flushes}, ... */
    Map<String, Long> statistics();
}
