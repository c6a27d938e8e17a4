package l4.drivers.console;

import java.util.HashMap;
import java.util.Map;
import l4.api.ThreadId;

/**
 * The sequence number of each client thread's last write the console driver took (see
 * {@link l4.drivers.client.Protocol}): a write carrying it again is a retry after a lost reply. Pure.
 */
final class WriteSequences {
    private final Map<ThreadId, Integer> last = new HashMap<>();

    /** Whether {@code client}'s write {@code sequence} was taken already; 0 (no sequence number) never was. */
    boolean taken(ThreadId client, int sequence) {
        return sequence != 0 && Integer.valueOf(sequence).equals(last.get(client));
    }

    void take(ThreadId client, int sequence) {
        if (sequence != 0) last.put(client, sequence);
    }
}
