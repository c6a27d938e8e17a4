package l4.view;

import java.util.List;

/** A task and the tasks of its clan (those it is chief of), by task number. */
public record ClanNode(TaskInfo task, List<ClanNode> clan) {
    public ClanNode {
        clan = List.copyOf(clan);
    }
}
