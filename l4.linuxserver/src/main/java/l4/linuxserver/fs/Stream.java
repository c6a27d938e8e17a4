package l4.linuxserver.fs;

/**
 * The operations of an object that is not a plain file: a device, a pipe end, a tty, a generated
 * /proc file. {@code read}/{@code write} return the byte count or throw {@link WouldBlock} or a
 * {@link LinuxError}.
 */
public interface Stream {
    int read(byte[] into, int at, int length);

    int write(byte[] from, int at, int length);

    /** Data (or end of file) is there: read would not block. */
    default boolean readReady() {
        return true;
    }

    /** write would not block. */
    default boolean writeReady() {
        return true;
    }

    /** The file descriptor of an end was closed for the last time. */
    default void release() {}

    default boolean seekable() {
        return false;
    }

    /** The tty behind this stream, or null: the layer answers the tty ioctls through it. */
    default Tty tty() {
        return null;
    }
}
