package l4.linuxserver.sys;

/** A process's file descriptors: open file descriptions and the close-on-exec bit. */
public final class FdTable {
    public static final int MAX = 1024;

    private final OpenFile[] files = new OpenFile[MAX];
    private final boolean[] cloexec = new boolean[MAX];
    /** The process's RLIMIT_NOFILE (its soft limit), at most {@link #MAX}: no descriptor at or above it is given out. */
    private int limit = MAX;

    public int limit() {
        return limit;
    }

    /** Sets the soft limit on descriptors; those already open above it stay open, as in Linux. */
    public void limit(long nofile) {
        limit = (int) Math.max(0, Math.min(nofile, MAX));
    }

    public OpenFile get(int fd) {
        if (fd < 0 || fd >= MAX || files[fd] == null) throw new LinuxError(Errno.EBADF);
        return files[fd];
    }

    public OpenFile peek(int fd) {
        return fd < 0 || fd >= MAX ? null : files[fd];
    }

    /** Installs at the lowest free descriptor at or above {@code from}; EMFILE when none. */
    public int install(OpenFile f, int from, boolean closeOnExec) {
        for (int fd = Math.max(0, from); fd < limit; fd++) {
            if (files[fd] == null) {
                files[fd] = f;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        f.release();
        throw new LinuxError(Errno.EMFILE);
    }

    /** Puts {@code f} at {@code fd}, closing what was there; {@code f} must be retained by the caller. */
    public void installAt(int fd, OpenFile f, boolean closeOnExec) {
        if (fd < 0 || fd >= limit) throw new LinuxError(Errno.EBADF);
        OpenFile old = files[fd];
        files[fd] = f;
        cloexec[fd] = closeOnExec;
        if (old != null) old.release();
    }

    public void close(int fd) {
        OpenFile f = get(fd);
        files[fd] = null;
        cloexec[fd] = false;
        f.release();
    }

    public boolean closeOnExec(int fd) {
        get(fd);
        return cloexec[fd];
    }

    public void setCloseOnExec(int fd, boolean on) {
        get(fd);
        cloexec[fd] = on;
    }

    public FdTable copy() {
        FdTable t = new FdTable();
        t.limit = limit;
        for (int i = 0; i < MAX; i++) {
            if (files[i] != null) {
                files[i].retain();
                t.files[i] = files[i];
                t.cloexec[i] = cloexec[i];
            }
        }
        return t;
    }

    public void closeOnExec() {
        for (int i = 0; i < MAX; i++) if (files[i] != null && cloexec[i]) close(i);
    }

    public void closeAll() {
        for (int i = 0; i < MAX; i++) if (files[i] != null) close(i);
    }

    public int count() {
        int n = 0;
        for (OpenFile f : files) if (f != null) n++;
        return n;
    }
}
