package l4.devices.uart;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceModel;
import l4.hardware.PortRange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COM1 as a device model service: the {@link Uart16550} and the host end of its line (the buffer
 * {@code l4:serial} shows, optionally a TCP socket). The line outlives reboots of the machine; a
 * configuration change recreates the component (the machine unplugs and plugs it again).
 */
@Component(service = {DeviceModel.class, UartComponent.class}, property = DeviceModel.NAME + "=uart",
        configurationPid = UartConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UartConfiguration.class)
public final class UartComponent implements DeviceModel {
    private static final Logger LOG = LoggerFactory.getLogger(UartComponent.class);

    private SerialLine line;
    private Uart16550 uart;
    private TcpBridge tcp;
    private volatile DeviceBus bus;

    @Activate
    void activate(UartConfiguration config) {
        line = new SerialLine(config.bufferKiB() * 1024);
        uart = new Uart16550(Uart16550.COM1, Uart16550.COM1_IRQ, line);
        if (config.tcpPort() > 0) {
            try {
                tcp = new TcpBridge(config.tcpPort(), this::input);
                line.addListener(tcp);
            } catch (IOException e) {
                LOG.warn("serial line: cannot listen on 127.0.0.1:{}: {}", config.tcpPort(), e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (tcp != null) tcp.close();
    }

    /** Bytes typed at the host end of the line; false when no machine has the UART plugged in. */
    public boolean input(byte[] data) {
        DeviceBus b = bus;
        if (b == null) return false;
        byte[] copy = data.clone();
        b.post(() -> uart.hostInput(copy));
        return true;
    }

    public SerialLine line() { return line; }

    public Integer tcpPort() { return tcp == null ? null : tcp.port(); }

    @Override public String name() { return uart.name(); }

    @Override public List<PortRange> ports() { return uart.ports(); }

    @Override public int irq() { return uart.irq(); }

    @Override
    public void attach(DeviceBus bus) {
        uart.attach(bus);
        this.bus = bus;
    }

    @Override
    public void detach() {
        bus = null;
        uart.detach();
    }

    @Override public long read(int port, int width) { return uart.read(port, width); }

    @Override public void write(int port, int width, long value) { uart.write(port, width, value); }

    @Override public Map<String, String> status() { return uart.status(); }
}
