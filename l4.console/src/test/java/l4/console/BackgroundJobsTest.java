package l4.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.felix.service.command.Job.Status;
import org.apache.felix.service.command.Result;
import org.junit.jupiter.api.Test;

class BackgroundJobsTest {
    private static Result failed(Exception e, int error) {
        return new Result() {
            @Override public boolean isSuccess() { return false; }
            @Override public Object result() { return null; }
            @Override public Exception exception() { return e; }
            @Override public int error() { return error; }
        };
    }

    private static final Result OK = new Result() {
        @Override public boolean isSuccess() { return true; }
        @Override public Object result() { return "done"; }
        @Override public Exception exception() { return null; }
        @Override public int error() { return 0; }
    };

    @Test
    void aFailedBackgroundJobIsOneLine() {
        assertEquals("l4: background job 3 (l4:pingpong --rounds 9) failed: the machine halted while the command ran",
                BackgroundJobs.report(3, "l4:pingpong --rounds 9", Status.Background, Status.Done,
                        failed(new IllegalArgumentException("the machine halted while the command ran"), 0)));
        assertEquals("l4: background job 4 (false) failed: exit status 1",
                BackgroundJobs.report(4, "false", Status.Background, Status.Done, failed(null, 1)));
    }

    @Test
    void successAndForegroundJobsSayNothing() {
        assertNull(BackgroundJobs.report(1, "lb", Status.Background, Status.Done, OK));
        assertNull(BackgroundJobs.report(2, "x", Status.Foreground, Status.Done, failed(new IllegalStateException("y"), 0)),
                "the shell's loop prints a foreground failure itself");
        assertNull(BackgroundJobs.report(2, "x", Status.Created, Status.Background, null));
    }
}
