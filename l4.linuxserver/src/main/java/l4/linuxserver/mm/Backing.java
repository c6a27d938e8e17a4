package l4.linuxserver.mm;

/** The contents of a file-backed private mapping: {@code read} fills from file offset, returns bytes read. */
@FunctionalInterface
public interface Backing {
    int read(long offset, byte[] into, int at, int length);
}
