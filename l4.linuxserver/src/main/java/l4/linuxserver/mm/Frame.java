package l4.linuxserver.mm;

/**
 * One 4 KiB frame of the server's memory: its number (what a mapping names) and its contents,
 * reached only through these accessors. In the L4 transport a frame is a page of the server's own
 * address space that σ0 mapped (the number is the server's page number, and a process gets the
 * page by a mapping from it); in the co-located mode and the tests it is a byte array.
 */
public interface Frame {
    int SIZE = 4096;

    long number();

    void read(int offset, byte[] into, int at, int length);

    void write(int offset, byte[] from, int at, int length);

    /** Copies the whole of {@code source} into this frame (copy-on-write). */
    default void copyFrom(Frame source) {
        byte[] b = new byte[SIZE];
        source.read(0, b, 0, SIZE);
        write(0, b, 0, SIZE);
    }

    /** A frame over {@code bytes} (the co-located mode, tests). */
    static Frame of(long number, byte[] bytes) {
        return new HeapFrame(number, bytes);
    }

    /** A frame that is a byte array of the host. */
    record HeapFrame(long number, byte[] bytes) implements Frame {
        @Override
        public void read(int offset, byte[] into, int at, int length) {
            System.arraycopy(bytes, offset, into, at, length);
        }

        @Override
        public void write(int offset, byte[] from, int at, int length) {
            System.arraycopy(from, at, bytes, offset, length);
        }

        @Override
        public void copyFrom(Frame source) {
            if (source instanceof HeapFrame h) System.arraycopy(h.bytes, 0, bytes, 0, SIZE);
            else Frame.super.copyFrom(source);
        }
    }
}
