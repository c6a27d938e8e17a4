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
}
