package l4.linuxserver.sys;

/** What stat reports, before an ABI lays it out. */
public record StatInfo(int dev, long ino, int mode, int nlink, int uid, int gid, int rdev, long size, int blksize,
        long blocks, long atime, long mtime, long ctime) {}
