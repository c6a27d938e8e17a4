package l4.clients;

import java.util.ArrayList;
import java.util.List;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.client.DriverClient;
import l4.drivers.client.Protocol;
import l4.drivers.client.Words;
import org.osgi.service.component.annotations.Component;

/**
 * A client that sends the name server and the drivers what they must refuse ({@code badrequests}):
 * unknown operations, counts of zero and too large, sectors past the end, a write without data, a
 * doorbell and a drain request from a stranger, a name held by another task. Each must be answered
 * with its error status, and afterwards every driver must still serve a good request. It reports on
 * the console: {@code badrequests ARCH: N refused, drivers alive}, or the first answer that was
 * wrong.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=badrequests")
public final class BadRequests implements UserProgram {
    static final int UNKNOWN = 0x7E, DOORBELL = 0xFF;
    static final Timeout CALL = Timeout.of(Timeout.INFINITE, 2_000_000);

    @Override
    public String name() { return "badrequests"; }

    @Override
    public void main(L4 l4) {
        DriverClient drivers = new DriverClient(l4);
        ThreadId console = drivers.lookup("console", 1_000_000);
        ThreadId block = drivers.lookup("block", 1_000_000);
        ThreadId clock = drivers.lookup("clock", 1_000_000);
        ThreadId names = Protocol.nameServer(l4, 1);
        List<String> wrong = new ArrayList<>();
        int per = Words.bytesPerMessage(l4.messageRegisters(), l4.wordBytes());
        int refused = 0;
        refused += expect(l4, wrong, "names: unknown operation", names, Protocol.request(UNKNOWN, 0), 1, Protocol.STATUS_BAD_REQUEST);
        refused += expect(l4, wrong, "names: register without a name", names, Protocol.request(Protocol.REGISTER, 0), 0, Protocol.STATUS_BAD_REQUEST);
        refused += expect(l4, wrong, "names: register another task's name", names, Protocol.request(Protocol.REGISTER, 0), Protocol.key("console"), Protocol.STATUS_EXISTS);
        for (ThreadId driver : List.of(console, block, clock)) {
            String who = driver == console ? "console" : driver == block ? "block" : "clock";
            refused += expect(l4, wrong, who + ": unknown operation", driver, Protocol.request(UNKNOWN, 0), 0, Protocol.STATUS_BAD_REQUEST);
            refused += expect(l4, wrong, who + ": a stranger's doorbell", driver, Protocol.request(DOORBELL, 0), 0, Protocol.STATUS_BAD_REQUEST);
            refused += expect(l4, wrong, who + ": a stranger's drain request", driver, UserProgram.DRAIN, 0, Protocol.STATUS_BAD_REQUEST);
        }
        refused += expect(l4, wrong, "console: write of 0 bytes", console, Protocol.request(Protocol.WRITE, 0), 0, Protocol.STATUS_BAD_REQUEST);
        refused += expect(l4, wrong, "console: write of more bytes than a message holds", console,
                Protocol.request(Protocol.WRITE, Protocol.writeArg(per + 1, 1)), 0, Protocol.STATUS_BAD_REQUEST);
        refused += expect(l4, wrong, "console: read of 0 bytes", console, Protocol.request(Protocol.READ, 0), 0, Protocol.STATUS_BAD_REQUEST);
        long sectors = drivers.sectors(block);
        refused += expect(l4, wrong, "block: read of 0 sectors", block, Protocol.request(Protocol.BLOCK_READ, 0), 0, Protocol.STATUS_BAD_REQUEST);
        refused += expect(l4, wrong, "block: read of too many sectors", block, Protocol.request(Protocol.BLOCK_READ, Protocol.MAX_SECTORS + 1), 0,
                Protocol.STATUS_BAD_REQUEST);
        refused += expect(l4, wrong, "block: read past the end", block, Protocol.request(Protocol.BLOCK_READ, 1), sectors, Protocol.STATUS_OUT_OF_RANGE);
        refused += expect(l4, wrong, "block: write without data", block, Protocol.request(Protocol.BLOCK_WRITE, 1), 0, Protocol.STATUS_BAD_REQUEST);
        // and everyone still serves a good request
        if (drivers.time(clock) == null) wrong.add("clock: no time after the bad requests");
        if (drivers.readSectors(block, 0, 1) == null) wrong.add("block: no read after the bad requests");
        if (!drivers.lookup("block", 0).equals(block)) wrong.add("names: block is no longer registered");
        String report = wrong.isEmpty() ? refused + " refused, drivers alive" : String.join("; ", wrong);
        drivers.write(console, "badrequests " + l4.architecture() + ": " + report + "\r\n");
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    /** Sends {@code w0, w1} to {@code dest}; 1 when the reply's status is {@code status}, else 0 and what went wrong. */
    private static int expect(L4 l4, List<String> wrong, String what, ThreadId dest, long w0, long w1, int status) {
        long[] w = new long[l4.messageRegisters()];
        w[0] = w0;
        w[1] = w1;
        IpcResult r = l4.call(dest, w, CALL);
        if (!r.ok()) {
            wrong.add(what + ": no answer (" + r.error() + ")");
            return 0;
        }
        if (Protocol.op(r.word(0)) != status) {
            wrong.add(what + ": status " + Protocol.op(r.word(0)) + ", not " + status);
            return 0;
        }
        return 1;
    }
}
