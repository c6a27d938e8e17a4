package l4.devices.ata;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the disk (PID {@code l4.devices.ata}). */
@ObjectClassDefinition(name = "L4 ATA disk", description = "The disk on the primary ATA channel (0x1F0-0x1F7, 0x3F6, IRQ 14) and its image file")
public @interface AtaConfiguration {
    String PID = "l4.devices.ata";

    @AttributeDefinition(name = "Image file", description = "Relative to the data directory (--data) unless absolute; created sparse on first use, kept across runs")
    String image() default "disk.img";

    @AttributeDefinition(name = "Size (MiB)", description = "Capacity; an existing larger image is not truncated", min = "1", max = "131071")
    int sizeMiB() default 64;

    @AttributeDefinition(name = "Access time (µs)", description = "Simulated seek and rotation per command that touches the medium", min = "0")
    long accessMicros() default 100;

    @AttributeDefinition(name = "Sector time (µs)", description = "Simulated time per 512-byte sector (PIO mode 4: 256 words at 120 ns = 31 µs)", min = "0")
    long sectorMicros() default 31;

    @AttributeDefinition(name = "Flush time (µs)", description = "Simulated time of FLUSH CACHE (the image file is also forced to stable storage)", min = "0")
    long flushMicros() default 1000;
}
