package l4.linuxserver.mm;

/**
 * An access the address space does not allow: {@code mapped} distinguishes SEGV_ACCERR (a mapping
 * is there, the access not permitted) from SEGV_MAPERR (nothing mapped); {@code outOfMemory}
 * means the page could not be allocated.
 */
public final class SegmentationFault extends Exception {
    private static final long serialVersionUID = 1L;

    public final long address;
    public final boolean mapped;
    public final boolean outOfMemory;

    public SegmentationFault(long address, boolean mapped, boolean outOfMemory) {
        super(String.format("fault at 0x%x", address), null, false, false);
        this.address = address;
        this.mapped = mapped;
        this.outOfMemory = outOfMemory;
    }
}
