package l4.clients;

import java.nio.charset.StandardCharsets;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.client.DriverClient;
import l4.drivers.client.Protocol;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlockStream}'s stream of sectors without a word on the console ({@code sectorstream}), so
 * that it can run beside {@link ConsoleStream} without mixing into its text: its report (the same
 * line, after the architecture) goes into sector {@link #REPORT} ({@code FIRST - 1}, flushed) and
 * the log; while the stream runs that sector says {@link #RUNNING}.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=sectorstream")
public final class SectorStream implements UserProgram {
    private static final Logger LOG = LoggerFactory.getLogger(SectorStream.class);
    public static final long REPORT = BlockStream.FIRST - 1;
    private final ClientSettings settings;

    @Activate
    public SectorStream(@Reference ClientSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() { return "sectorstream"; }

    @Override
    public void main(L4 l4) {
        DriverClient drivers = new DriverClient(l4, settings.waitBoundMicros());
        String who = "sectorstream " + l4.architecture() + ": ";
        drivers.lookup("block", 1_000_000);
        boolean kept = report(drivers, who + RUNNING);
        String report = who + BlockStream.stream(l4, drivers, acknowledged -> { });
        kept &= report(drivers, report);
        LOG.info("{}{}", report, kept ? "" : " (could not be written to sector " + REPORT + ")");
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    /** What sector {@link #REPORT} says while the stream runs. */
    public static final String RUNNING = "running";

    /** Writes {@code text} and a newline into sector {@link #REPORT} and flushes it. */
    private static boolean report(DriverClient drivers, String text) {
        byte[] sector = new byte[Protocol.SECTOR];
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, sector, 0, Math.min(bytes.length, sector.length));
        return drivers.writeSectors("block", REPORT, sector) && drivers.flush("block");
    }
}
