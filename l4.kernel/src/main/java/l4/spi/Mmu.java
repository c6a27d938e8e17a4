package l4.spi;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The MMU and TLB of one machine.
 *
 * <p>Threading: the kernel calls an MMU and its spaces only while it holds the simulated CPU,
 * so one host thread at a time, and every hand-off of the CPU is a happens-before edge
 * (the shell reads {@link #statistics} inside the machine too). Implementations need no locks,
 * and should have none: {@link #active} and {@link #activate} run on every thread switch.
 */
@ProviderType
public interface Mmu {
    MmuSpace createSpace(int taskNumber);

    void destroySpace(MmuSpace space);

    /** Makes {@code space} current, charging the architecture's switch cost (flush or ASID change). */
    void activate(MmuSpace space);

    MmuSpace active();

    /** Counters: {@code tlb-hits}, {@code tlb-misses}, {@code tlb-flushes}, ... */
    Map<String, Long> statistics();

    /**
     * Machine snapshots: writes the model's state beyond the page tables (TLB contents and its
     * replacement state, ASID assignment, small-space slots, counters), naming spaces by their
     * index in {@code spaces} (the machine's live spaces, by ascending task number). The default
     * writes nothing: a model without such state.
     */
    default void saveState(java.io.DataOutput out, java.util.List<MmuSpace> spaces) throws java.io.IOException {}

    /**
     * Machine snapshots: reads what {@link #saveState} wrote into a fresh model whose spaces
     * {@code spaces} (same order) already hold their page tables and whose active space is set.
     */
    default void loadState(java.io.DataInput in, java.util.List<MmuSpace> spaces) throws java.io.IOException {}
}
