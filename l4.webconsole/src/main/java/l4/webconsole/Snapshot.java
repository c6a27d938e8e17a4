package l4.webconsole;

import java.util.List;
import java.util.Optional;

import l4.view.ClanNode;
import l4.view.EventInfo;
import l4.view.MachineSummary;
import l4.view.MachineView;
import l4.view.MappingTree;
import l4.view.TaskInfo;
import l4.view.ThreadInfo;

/** What one page shows, taken from the machine view at one request. */
record Snapshot(MachineSummary summary, List<TaskInfo> tasks, List<ThreadInfo> threads, List<ClanNode> clans,
        List<Long> frames, Optional<MappingTree> tree, List<EventInfo> events) {
    static final int FRAMES = 64;
    static final int EVENTS = 200;

    /** The snapshot, with the mapping tree of {@code frame} (null: the first frame a task other than σ0 has mapped). */
    static Snapshot take(MachineView view, Long frame) {
        List<Long> frames = view.mappedFrames(FRAMES);
        Long chosen = frame != null ? frame : frames.isEmpty() ? null : frames.get(0);
        return new Snapshot(view.summary(), view.tasks(), view.threads(), view.clans(), frames,
                chosen == null ? Optional.empty() : view.mappingTree(chosen), view.recentEvents(EVENTS));
    }
}
