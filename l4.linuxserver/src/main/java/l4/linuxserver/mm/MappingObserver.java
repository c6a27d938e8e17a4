package l4.linuxserver.mm;

/**
 * What the holder of the hardware mappings (the MMU of the co-located mode, the server's shadow
 * page tables in the L4 transport) must hear from an {@link AddressSpace}.
 */
public interface MappingObserver {
    /** The page at {@code pageAddress} is no longer mapped as before: drop it; the next access faults. */
    void unmapped(long pageAddress);

    /** The layer wrote into {@code frame} (a read(), a loader): code decoded from it is stale. */
    void written(Frame frame);

    MappingObserver NONE = new MappingObserver() {
        @Override
        public void unmapped(long pageAddress) {}

        @Override
        public void written(Frame frame) {}
    };
}
