package l4.devices.ata;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceModel;
import l4.hardware.PortRange;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The primary ATA disk as a device model service: the {@link AtaDisk} and its image file in the
 * data directory (framework property {@code l4.data}, default {@code ./l4-data}). The image stays
 * open while the component is active, across reboots of the machine.
 */
@Component(service = {DeviceModel.class, AtaComponent.class}, property = DeviceModel.NAME + "=ata",
        configurationPid = AtaConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AtaConfiguration.class)
public final class AtaComponent implements DeviceModel {
    private DiskImage image;
    private AtaDisk disk;

    @Activate
    void activate(BundleContext context, AtaConfiguration config) throws IOException {
        String data = context.getProperty("l4.data");
        Path dir = Paths.get(data == null || data.isBlank() ? "l4-data" : data);
        Path file = dir.resolve(config.image());
        long sectors = Math.min((long) config.sizeMiB() * 2048, AtaDisk.MAX_LBA28_SECTORS);
        image = new DiskImage(file, sectors);
        disk = new AtaDisk(image, new AtaDisk.Timing(config.accessMicros(), config.sectorMicros(), config.flushMicros()));
    }

    @Deactivate
    void deactivate() throws IOException {
        image.close();
    }

    public DiskImage image() { return image; }

    @Override public String name() { return disk.name(); }

    @Override public List<PortRange> ports() { return disk.ports(); }

    @Override public int irq() { return disk.irq(); }

    @Override public void attach(DeviceBus bus) { disk.attach(bus); }

    @Override public void detach() { disk.detach(); }

    @Override public long read(int port, int width) { return disk.read(port, width); }

    @Override public void write(int port, int width, long value) { disk.write(port, width, value); }

    @Override public Map<String, String> status() { return disk.status(); }
}
