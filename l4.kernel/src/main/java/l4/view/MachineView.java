package l4.view;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Snapshots of the running machine. Each call takes its snapshot in kernel context, between two
 * simulated events, so it never sees a half-done operation. While no machine runs (booting,
 * halted) the calls that need one throw {@link IllegalStateException} with a one-line reason.
 */
@ProviderType
public interface MachineView {
    /** Why no machine runs, or what runs (one line). */
    String status();

    /** Whether a machine runs now. */
    boolean running();

    MachineSummary summary();

    /** The active tasks, by task number. */
    List<TaskInfo> tasks();

    /** The active threads, by task and lthread. */
    List<ThreadInfo> threads();

    /** The clan tree: tasks whose chief is not an active other task at the roots. */
    List<ClanNode> clans();

    /** Physical frames mapped into tasks other than σ0, lowest first, at most {@code limit}. */
    List<Long> mappedFrames(int limit);

    /** The mapping tree of the frame holding {@code physicalAddress}; empty when it has none. */
    Optional<MappingTree> mappingTree(long physicalAddress);

    /** The newest {@code limit} trace events, oldest first. */
    List<EventInfo> recentEvents(int limit);
}
