package l4.clients;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.client.DriverClient;
import l4.drivers.client.Protocol;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A client that streams sectors to the block driver ({@code blockstream}): sectors {@link #FIRST}
 * to {@code FIRST + COUNT - 1}, one per request, each holding {@link #content its number}, with a
 * FLUSH after every {@link #FLUSH_EVERY}. It reports on the console how many sectors are
 * acknowledged after a flush (every {@link #REPORT_EVERY}) and at the end, with how many requests it
 * had to retry because the driver was restarted and the longest wait for a reply: the load under
 * which driver crashes and swaps are tested. {@link SectorStream} is the same stream, silent.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=blockstream")
public final class BlockStream implements UserProgram {
    public static final long FIRST = 1000;
    public static final int COUNT = 2048;
    static final int FLUSH_EVERY = 16;
    static final int REPORT_EVERY = 256;
    private final ClientSettings settings;

    @Activate
    public BlockStream(@Reference ClientSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() { return "blockstream"; }

    @Override
    public void main(L4 l4) {
        DriverClient drivers = new DriverClient(l4, settings.waitBoundMicros());
        drivers.lookup("console", 1_000_000);
        String report = stream(l4, drivers, acknowledged -> drivers.write("console", "blockstream: " + acknowledged + " acknowledged\r\n"));
        drivers.write("console", "blockstream: " + report + "\r\n");
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    /**
     * Writes the stream through {@code drivers}, telling {@code progress} every {@link
     * #REPORT_EVERY} acknowledged sectors; the report: {@code done} or the failure, the sectors
     * acknowledged, the retries, the longest wait and the bound.
     */
    static String stream(L4 l4, DriverClient drivers, Consumer<Integer> progress) {
        drivers.lookup("block", 1_000_000);
        int acknowledged = 0;
        String failure = null;
        for (int i = 0; i < COUNT && failure == null; i++) {
            if (!drivers.writeSectors("block", FIRST + i, content(i, l4.architecture()))) {
                failure = "write of sector " + (FIRST + i) + " failed (" + drivers.lastStatus() + ")";
            } else if ((i + 1) % FLUSH_EVERY == 0) {
                if (!drivers.flush("block")) {
                    failure = "flush after sector " + (FIRST + i) + " failed (" + drivers.lastStatus() + ")";
                } else {
                    acknowledged = i + 1;
                    if (acknowledged % REPORT_EVERY == 0) progress.accept(acknowledged);
                }
            }
        }
        return (failure == null ? "done" : failure) + ", " + acknowledged + " sectors acknowledged from " + FIRST + ", "
                + drivers.retries() + " retries, max wait " + drivers.maxWaitMicros() + " us of " + drivers.boundMicros() + " us";
    }

    /** Sector {@code i} of the stream on architecture {@code arch}: its number and the architecture in text, then its low byte repeated. */
    public static byte[] content(int i, String arch) {
        byte[] s = new byte[Protocol.SECTOR];
        java.util.Arrays.fill(s, (byte) i);
        byte[] tag = ("blockstream sector " + i + " on " + arch + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, s, 0, tag.length);
        return s;
    }
}
