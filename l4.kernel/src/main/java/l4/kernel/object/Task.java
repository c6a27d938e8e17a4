package l4.kernel.object;

import java.util.ArrayList;
import java.util.List;
import l4.api.ThreadId;
import l4.kernel.memory.AddressSpace;

/**
 * A task: an address space and a clan boundary. All 2048 task numbers exist from boot as inactive
 * tasks that cost nothing; activation creates the space and the 128 thread control blocks.
 */
public final class Task {
    public final int number;
    private ThreadId id;
    /** Chief (for active tasks) or owner (for inactive ones): the only task that may task_new it. */
    public Task chief;
    public int mcp;
    public boolean active;
    public AddressSpace space;
    public Tcb[] threads;
    public final List<Task> clan = new ArrayList<>();
    /** A number that was never active can be claimed by anyone. */
    public boolean everOwned;
    public String label = "";

    public Task(int number) {
        this.number = number;
        this.id = ThreadId.of(0, 0, number, 0, 0);
    }

    public ThreadId id() { return id; }

    public void id(ThreadId id) { this.id = id; }

    public int nest() { return id.nest(); }

    public Tcb thread(int lthread) { return threads == null ? null : threads[lthread]; }

    public int activeThreads() {
        if (threads == null) return 0;
        int n = 0;
        for (Tcb t : threads) if (t.active() && !t.state.is(ThreadState.Kind.STOPPED)) n++;
        return n;
    }

    @Override
    public String toString() { return String.format("task %x", number); }
}
