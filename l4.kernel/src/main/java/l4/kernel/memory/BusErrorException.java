package l4.kernel.memory;

/**
 * A physical access that hits neither RAM nor a registered device window. The kernel turns it into
 * a bus error of the thread that caused it; it never means a simulator bug by itself.
 */
public final class BusErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long address;
    private final long length;
    private final boolean write;

    public BusErrorException(long address, long length, boolean write) {
        super(String.format("bus error: %s of %d byte(s) at physical 0x%x hits neither RAM nor a device",
                write ? "write" : "read", length, address));
        this.address = address;
        this.length = length;
        this.write = write;
    }

    public long address() { return address; }

    public long length() { return length; }

    public boolean write() { return write; }
}
