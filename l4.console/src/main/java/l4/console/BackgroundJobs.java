package l4.console;

import org.apache.felix.service.command.Job;
import org.apache.felix.service.command.Result;

/**
 * The line the shell prints when a background job ({@code command &}, or one sent there with
 * Ctrl-Z and {@code bg}) fails: nobody waits for its result, so without it the failure is lost.
 * A foreground job's failure is printed by the shell's loop itself.
 */
final class BackgroundJobs {
    private BackgroundJobs() {
    }

    /** The report of a job's change from {@code previous} to {@code current}; null when there is nothing to say. */
    static String report(int id, CharSequence command, Job.Status previous, Job.Status current, Result result) {
        if (previous != Job.Status.Background || current != Job.Status.Done || result == null || result.isSuccess()) {
            return null;
        }
        Exception e = result.exception();
        String why = e != null ? ErrorMessage.of(e) : "exit status " + result.error();
        return "l4: background job " + id + " (" + command + ") failed: " + why;
    }
}
