package l4.linuxserver.fs;

/**
 * A file system object: its type and permission bits in {@code mode} (S_IFMT as in Linux's
 * include/uapi/linux/stat.h), owner, link count and times (simulated seconds).
 */
public abstract class Inode {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 060000, S_IFDIR = 040000, S_IFCHR = 020000, S_IFIFO = 010000;

    private static long nextIno = 1;

    public final long ino;
    public int mode;
    public int uid;
    public int gid;
    public int nlink = 1;
    public long mtime;
    public long ctime;
    public long atime;

    protected Inode(int mode) {
        synchronized (Inode.class) {
            this.ino = nextIno++;
        }
        this.mode = mode;
    }

    public final int type() {
        return mode & S_IFMT;
    }

    public final boolean isDirectory() {
        return type() == S_IFDIR;
    }

    /** Size as stat reports it. */
    public abstract long size();

    /** The device number of a device node (major << 8 | minor), 0 otherwise. */
    public int rdev() {
        return 0;
    }

    /** The file system's device number, as stat's st_dev. */
    public int dev() {
        return 1;
    }

    public void touch(long now) {
        mtime = ctime = now;
    }
}
