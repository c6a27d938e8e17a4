package l4.clients;

import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.client.DriverClient;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A client that streams a numbered text to the console driver ({@code consolestream}): {@link
 * #LINES} lines, {@link #line} each, then one report line with how many requests it had to send
 * again because the driver restarted and the longest it waited for a reply (simulated µs) beside
 * the configured bound ({@link ClientSettings}). The load under which a swap of the drivers is
 * checked to lose and double no byte.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=consolestream")
public final class ConsoleStream implements UserProgram {
    public static final int LINES = 3000;
    private final ClientSettings settings;

    @Activate
    public ConsoleStream(@Reference ClientSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() { return "consolestream"; }

    @Override
    public void main(L4 l4) {
        DriverClient drivers = new DriverClient(l4, settings.waitBoundMicros());
        drivers.lookup("console", 1_000_000);
        int written = 0;
        String arch = l4.architecture();
        while (written < LINES && drivers.write("console", line(written + 1, arch))) written++;
        drivers.write("console", "consolestream " + arch + ": " + (written == LINES ? "done" : "failed after line " + written) + ", " + written
                + " lines, " + drivers.retries() + " retries, max wait " + drivers.maxWaitMicros() + " us of " + drivers.boundMicros() + " us\r\n");
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    /** Line {@code n} of the stream on architecture {@code arch}. */
    public static String line(int n, String arch) {
        return String.format("consolestream line %05d of %05d on %s: the quick brown fox\r\n", n, LINES, arch);
    }
}
