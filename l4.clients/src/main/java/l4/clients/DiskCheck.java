package l4.clients;

import l4.drivers.client.Protocol;
import l4.drivers.client.DriverClient;
import java.nio.charset.StandardCharsets;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import org.osgi.service.component.annotations.Component;

/**
 * A client of the block driver ({@code diskcheck}): writes four sectors from sector 100, flushes,
 * reads them back, checks that bad requests (past the end, too large, a partial sector, an unknown
 * operation) are refused, and reports on the console. Start it after
 * {@code names}, {@code console} and {@code block}.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=diskcheck")
public final class DiskCheck implements UserProgram {
    static final long FIRST = 100;
    static final int COUNT = 4;

    @Override
    public String name() { return "diskcheck"; }

    @Override
    public void main(L4 l4) {
        DriverClient drivers = new DriverClient(l4);
        ThreadId console = drivers.lookup("console", 1_000_000);
        ThreadId block = drivers.lookup("block", 1_000_000);
        String result = block.isNil() ? "no block driver" : check(l4, drivers, block);
        if (!console.isNil()) drivers.write(console, "diskcheck " + l4.architecture() + ": " + result + "\r\n");
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }

    private static String check(L4 l4, DriverClient drivers, ThreadId block) {
        long sectors = drivers.sectors(block);
        byte[] data = new byte[COUNT * Protocol.SECTOR];
        byte[] tag = ("sector of " + l4.architecture() + " ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < data.length; i++) data[i] = i % Protocol.SECTOR < tag.length ? tag[i % Protocol.SECTOR] : (byte) (i / Protocol.SECTOR + i);
        if (!drivers.writeSectors(block, FIRST, data)) return "write failed (" + drivers.lastStatus() + ")";
        if (!drivers.flush(block)) return "flush failed (" + drivers.lastStatus() + ")";
        byte[] back = drivers.readSectors(block, FIRST, COUNT);
        if (back == null) return "read failed (" + drivers.lastStatus() + ")";
        if (!java.util.Arrays.equals(data, back)) return "read back other data";
        if (drivers.readSectors(block, sectors - 1, 2) != null || drivers.lastStatus() != Protocol.STATUS_OUT_OF_RANGE) {
            return "a read past the end was not refused";
        }
        if (drivers.readSectors(block, 0, Protocol.MAX_SECTORS + 1) != null || drivers.lastStatus() != Protocol.STATUS_BAD_REQUEST) {
            return "an oversized read was not refused";
        }
        if (drivers.writeSectors(block, 0, new byte[100]) || drivers.lastStatus() != Protocol.STATUS_BAD_REQUEST) {
            return "a write of a partial sector was not refused";
        }
        if (drivers.call(block, 0x3F) != Protocol.STATUS_BAD_REQUEST) return "an unknown operation was not refused";
        return "wrote, flushed and read back sectors " + FIRST + "-" + (FIRST + COUNT - 1) + " of " + sectors;
    }
}
