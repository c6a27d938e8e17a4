package l4.run;

import java.util.concurrent.CompletionStage;
import l4.api.ThreadId;

/** A program started by {@link ProgramRunner#launch}. */
@org.osgi.annotation.versioning.ProviderType
public interface Launched {
    /** The program's task (lthread 0 runs the body). */
    ThreadId task();

    /** The architecture of the machine it runs on ({@code ix86}, {@code mips}). */
    String architecture();

    /**
     * Guest instructions the machine has executed since boot, read from outside the machine
     * without stopping it: for progress and host-time rates; it may lag by a time slice.
     */
    long guestInstructionsNow();

    /** Kills the task and its clan; does nothing once it or the machine is gone. */
    void kill();

    /** Completes when the machine halts (a reboot, a swap, a stop): the program is gone then. */
    CompletionStage<Void> halted();
}
