package l4.loader.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import l4.run.GuestPingPong;
import l4.run.ProgramRunner;

/**
 * {@link GuestPingPong} by the shipped {@code pingpong} program under the loader: its marks 1 and
 * 2 enclose the measured round trips.
 */
@Component(service = GuestPingPong.class)
public final class GuestPingPongService implements GuestPingPong {
    static final String PROGRAM = "pingpong";

    @Reference
    ProgramRunner runner;
    @Reference
    FrameLedger ledger;

    public GuestPingPongService() {}

    /** For use without OSGi (tests). */
    GuestPingPongService(ProgramRunner runner, FrameLedger ledger) {
        this.runner = runner;
        this.ledger = ledger;
    }

    @Override
    public Result run(int rounds, int warmup) throws InterruptedException {
        if (rounds < 1 || warmup < 0) throw new IllegalArgumentException("rounds must be at least 1 and warmup at least 0");
        Exec.Report r = new Exec(runner, ledger).run(PROGRAM, List.of(Integer.toString(rounds), Integer.toString(warmup)),
                GuestPingPongService::progress);
        Outcome o = r.outcome();
        String output = new String(o.output(), StandardCharsets.UTF_8).strip();
        if (!o.exited()) throw new IllegalArgumentException("the guest ping-pong ended: " + o.reason());
        if (o.exitValue() != 0) {
            throw new IllegalArgumentException("the guest ping-pong failed with exit value " + o.exitValue()
                    + (o.exitValue() == 2 ? " (a reply carried the wrong word)" : " (an IPC failed)"));
        }
        Outcome.Counters measured = o.between(1, 2);
        if (measured == null) throw new IllegalArgumentException("the guest ping-pong set no marks 1 and 2: " + output);
        return new Result(rounds, measured.cycles(), measured.guestInstructions(), measured.hostNanos());
    }

    /** Progress of long runs, on the error stream so that the result on stdout stays clean. */
    private static void progress(long instructions, long seconds) {
        System.err.printf("pingpong: %d M guest instructions after %d s (Ctrl-C stops)%n", instructions / 1_000_000, seconds);
        System.err.flush();
    }
}
