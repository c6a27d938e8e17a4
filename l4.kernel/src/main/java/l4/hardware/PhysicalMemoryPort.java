package l4.hardware;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A device's bus-master view of simulated physical memory (DMA): RAM only. An access outside RAM
 * fails with {@link IllegalArgumentException} (a master abort); nothing is written then.
 */
@ProviderType
public interface PhysicalMemoryPort {
    /** Bytes of RAM, from physical address 0. */
    long size();

    void read(long physical, byte[] into, int offset, int length);

    void write(long physical, byte[] from, int offset, int length);
}
