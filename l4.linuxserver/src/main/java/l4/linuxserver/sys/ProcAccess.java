package l4.linuxserver.sys;

import l4.linuxserver.fs.Inode;

/** Unix permission checks (root passes, but needs an x bit somewhere to execute). */
final class ProcAccess {
    private ProcAccess() {}

    static boolean permitted(Process p, Inode i, int want) {
        if (p.euid == 0) return (want & 1) == 0 || (i.mode & 0111) != 0 || i.isDirectory();
        int bits = p.euid == i.uid ? (i.mode >> 6) & 7 : p.egid == i.gid ? (i.mode >> 3) & 7 : i.mode & 7;
        return (bits & want) == want;
    }
}
