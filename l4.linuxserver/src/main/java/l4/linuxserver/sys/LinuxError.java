package l4.linuxserver.sys;

/** A system call fails with {@code errno}; thrown inside the layer, turned into the ABI's error return. */
public final class LinuxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final Errno errno;

    public LinuxError(Errno errno) {
        super(errno.name(), null, false, false);
        this.errno = errno;
    }

    public static LinuxError of(Errno e) {
        return new LinuxError(e);
    }
}
