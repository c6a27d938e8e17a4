package l4.hardware;

/** {@code count} consecutive ISA I/O ports from {@code base}. */
public record PortRange(int base, int count) {
    public static final int PORTS = 65536;

    public PortRange {
        if (base < 0 || count <= 0 || (long) base + count > PORTS) {
            throw new IllegalArgumentException(String.format("ports 0x%x+%d outside 0..0xffff", base, count));
        }
    }

    public int last() { return base + count - 1; }

    public boolean contains(int port) { return port >= base && port <= last(); }

    @Override
    public String toString() {
        return count == 1 ? String.format("0x%x", base) : String.format("0x%x-0x%x", base, last());
    }
}
