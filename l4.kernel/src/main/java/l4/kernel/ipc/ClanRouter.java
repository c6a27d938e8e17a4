package l4.kernel.ipc;

import l4.api.Nearest;
import l4.api.ThreadId;
import l4.kernel.object.Task;

/**
 * Clans and chiefs: where a message really goes. Within the sender's clan (siblings, the own
 * chief, the sender's own clan members) it goes directly; into a sub-clan it goes to that
 * sub-clan's chief that is visible from the sender; anywhere else to the sender's own chief.
 * id_nearest answers with exactly this partner.
 */
public final class ClanRouter {
    private final Task[] tasks;

    public ClanRouter(Task[] tasks) {
        this.tasks = tasks;
    }

    /** Null when the destination names no active task (0x10, never redirected). */
    public Task activeTask(ThreadId id) {
        if (id == null || id.isNil() || id.isInvalid() || id.isInterrupt()) return null;
        Task t = tasks[id.task()];
        if (t == null || !t.active) return null;
        return t.id().version() == id.version() && t.id().chief() == id.chief() && t.id().nest() == id.nest() ? t : null;
    }

    /** True if a message from {@code sender} reaches {@code dest} directly: same clan, own chief or own clan member. */
    public static boolean sameClan(Task sender, Task dest) {
        return dest == sender || dest.chief == sender.chief || dest == sender.chief || dest.chief == sender;
    }

    /** The task a message from {@code sender} to {@code dest} is delivered to, with the relation type. */
    public Nearest nearest(Task sender, Task dest) {
        if (sameClan(sender, dest)) return new Nearest(Nearest.SAME_CLAN, dest.id());
        for (Task x = dest; x != null; x = x.chief) {
            if (x.chief == sender.chief || x.chief == sender) {
                return new Nearest(Nearest.INNER_CLAN, x.id());
            }
        }
        return new Nearest(Nearest.OUTER_CLAN, sender.chief == null ? sender.id() : sender.chief.id());
    }

    /** True if {@code inner} lies strictly inside the clan tree of {@code chief}. */
    public static boolean below(Task inner, Task chief) {
        for (Task x = inner == null ? null : inner.chief; x != null; x = x.chief) {
            if (x == chief) return true;
        }
        return false;
    }

    /**
     * The direction-preserving deceit rule: a change of the lthread within the own task is always
     * allowed; a chief may claim an outside sender only for a message going into its clan, and an
     * inside sender only for one going out.
     */
    public boolean deceitAllowed(Task sender, ThreadId virtualSender, Task dest) {
        if (virtualSender.isNil() || virtualSender.isInvalid() || virtualSender.isInterrupt()) return false;
        if (virtualSender.task() == sender.number) return true;
        Task claimed = activeTask(virtualSender);
        if (claimed == null) return false;
        boolean inward = below(dest, sender);
        boolean claimedInside = below(claimed, sender);
        return inward ? !claimedInside && claimed != sender : claimedInside;
    }
}
