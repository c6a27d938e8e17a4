package l4.clients;

import l4.drivers.client.DriverClient;
import java.time.LocalDateTime;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import org.osgi.service.component.annotations.Component;

/**
 * A client of the drivers ({@code hello}): finds the console and the clock by name, writes a
 * greeting with the time to the console, then echoes every line typed at the console. Start it
 * after {@code names}, {@code console} and {@code clock} (configuration {@code servers}).
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=hello")
public final class Hello implements UserProgram {
    /** Simulated time a read waits before it is sent again (to a restarted driver, if it died holding it). */
    static final long READ_MICROS = 1_000_000;

    @Override
    public String name() { return "hello"; }

    @Override
    public void main(L4 l4) {
        DriverClient drivers = new DriverClient(l4);
        ThreadId console = drivers.lookup("console", 1_000_000);
        ThreadId clock = drivers.lookup("clock", 1_000_000);
        if (!console.isNil()) {
            LocalDateTime t = clock.isNil() ? null : drivers.time(clock);
            // by name from here on: the console driver may be restarted (l4:killserver console)
            drivers.write("console", "hello from L4 on " + l4.architecture() + ", it is " + (t == null ? "(no clock)" : t) + "\r\n");
            StringBuilder line = new StringBuilder();
            while (true) {
                byte[] typed = drivers.read("console", 64, READ_MICROS);
                for (byte b : typed) {
                    if (b == '\r' || b == '\n') {
                        drivers.write("console", "echo: " + line + "\r\n");
                        line.setLength(0);
                    } else {
                        line.append((char) (b & 0xFF));
                    }
                }
            }
        }
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    }
}
