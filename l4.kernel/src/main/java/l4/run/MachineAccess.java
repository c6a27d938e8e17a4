package l4.run;

import l4.api.ThreadId;

/**
 * What a launched program may ask the machine beyond the system calls; call only from the
 * program's own threads (they run in kernel context, so the values are exact and change nothing).
 */
@org.osgi.annotation.versioning.ProviderType
public interface MachineAccess {
    /**
     * An inactive task number (the lowest from {@code from} up) that the root task hands to the
     * task of {@code chief}, which may then task_new it; null if none is free. The number goes
     * back to the root task when the program is killed.
     */
    ThreadId giveTaskNumber(ThreadId chief, int from);

    /** Simulated cycles since boot. */
    long cycles();

    /** Instructions guest threads (machine code on the architecture's CPU) have executed since boot. */
    long guestInstructions();

    /** Page faults the kernel has turned into pager IPC since boot. */
    long pageFaults();
}
