package l4.spi;

/** One entry of an address space's hardware page table, as {@code l4:space} shows it. */
public final class HardwareMapping {
    private final long virtualAddress;
    private final long physicalAddress;
    private final int sizeLog2;
    private final boolean writable;
    private final boolean uncached;

    public HardwareMapping(long virtualAddress, long physicalAddress, int sizeLog2, boolean writable, boolean uncached) {
        this.virtualAddress = virtualAddress;
        this.physicalAddress = physicalAddress;
        this.sizeLog2 = sizeLog2;
        this.writable = writable;
        this.uncached = uncached;
    }

    public long virtualAddress() { return virtualAddress; }
    public long physicalAddress() { return physicalAddress; }
    public int sizeLog2() { return sizeLog2; }
    public boolean writable() { return writable; }
    public boolean uncached() { return uncached; }
}
