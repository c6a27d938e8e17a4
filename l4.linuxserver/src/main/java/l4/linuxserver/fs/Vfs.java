package l4.linuxserver.fs;

import java.nio.charset.StandardCharsets;
import java.util.List;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

/**
 * The file tree: a root directory filled from the initramfs, with a tmpfs on /tmp (the same
 * in-memory files), device nodes in /dev and /proc mounted from {@link ProcFs}. Paths resolve as
 * Linux's namei does: symbolic links followed up to 40 times, "." and "..", a trailing slash
 * requiring a directory.
 */
public final class Vfs {
    public static final int MAX_SYMLINKS = 40;
    public static final int PATH_MAX = 4096;

    public final Directory root = new Directory(0755, null);
    /** The root is a tmpfs of Linux's default size, half the machine's memory (64 MiB: 8192 pages). */
    public final PageBudget pages = new PageBudget(8192);
    private long now;

    /** A parent directory and the last name of a path (for create, unlink, rename). */
    public record Parent(Directory dir, String name, boolean trailingSlash) {}

    public void setTime(long seconds) {
        now = seconds;
    }

    public long time() {
        return now;
    }

    /** Fills the tree from a newc archive; directories the archive names implicitly are made. */
    public void unpack(byte[] cpio) {
        for (Cpio.Entry e : Cpio.read(cpio)) {
            String path = e.name().startsWith("/") ? e.name() : "/" + e.name();
            if (path.equals("/.") || path.equals("/")) continue;
            int slash = path.lastIndexOf('/');
            Directory dir = mkdirs(path.substring(0, slash));
            String name = path.substring(slash + 1);
            int perm = e.mode() & 07777;
            Inode node = switch (e.mode() & Inode.S_IFMT) {
                case Inode.S_IFDIR -> dir.lookup(name) instanceof Directory d ? d : new Directory(perm, dir);
                case Inode.S_IFLNK -> new Symlink(new String(e.data(), StandardCharsets.UTF_8));
                case Inode.S_IFREG -> new RegularFile(perm, e.data(), pages);
                default -> null;
            };
            if (node != null && dir.lookup(name) != node) dir.link(name, node);
        }
    }

    public Directory mkdirs(String path) {
        Directory d = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            Inode i = d.lookup(part);
            if (!(i instanceof Directory)) {
                Directory n = new Directory(0755, d);
                d.link(part, n);
                i = n;
            }
            d = (Directory) i;
        }
        return d;
    }

    /**
     * The inode at {@code path} relative to {@code cwd} for a process whose root is {@code top}
     * ({@link #root} unless it called chroot): absolute paths and symbolic links start there, and
     * ".." does not leave it; {@code follow}: follow a symlink in the last component.
     */
    public Inode resolve(Directory top, Directory cwd, String path, boolean follow) {
        return walk(top, cwd, path, follow, new int[] {0});
    }

    private Inode walk(Directory top, Directory cwd, String path, boolean follow, int[] links) {
        if (path.isEmpty()) throw new LinuxError(Errno.ENOENT);
        if (path.length() >= PATH_MAX) throw new LinuxError(Errno.ENAMETOOLONG);
        Inode cur = path.startsWith("/") ? top : cwd;
        String[] parts = path.split("/");
        boolean mustBeDir = path.endsWith("/");
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            if (part.isEmpty() || part.equals(".")) {
                if (!(cur instanceof Directory)) throw new LinuxError(Errno.ENOTDIR);
                continue;
            }
            if (!(cur instanceof Directory d)) throw new LinuxError(Errno.ENOTDIR);
            if (part.length() > 255) throw new LinuxError(Errno.ENAMETOOLONG);
            Inode next = part.equals("..") ? (d == top ? d : d.parent) : d.lookup(part);
            if (next == null) throw new LinuxError(Errno.ENOENT);
            boolean last = k == lastNonEmpty(parts);
            if (next instanceof Symlink s && (!last || follow || mustBeDir)) {
                if (++links[0] > MAX_SYMLINKS) throw new LinuxError(Errno.ELOOP);
                next = walk(top, d, s.target, true, links);
            }
            cur = next;
        }
        if (mustBeDir && !(cur instanceof Directory)) throw new LinuxError(Errno.ENOTDIR);
        return cur;
    }

    private static int lastNonEmpty(String[] parts) {
        for (int i = parts.length - 1; i >= 0; i--) if (!parts[i].isEmpty() && !parts[i].equals(".")) return i;
        return -1;
    }

    /** The directory that holds the last component of {@code path} under the root {@code top}, and that component. */
    public Parent parent(Directory top, Directory cwd, String path) {
        if (path.isEmpty()) throw new LinuxError(Errno.ENOENT);
        boolean slash = path.endsWith("/") && path.length() > 1;
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        int i = p.lastIndexOf('/');
        String dirPath = i < 0 ? "." : i == 0 ? "/" : p.substring(0, i);
        String name = p.substring(i + 1);
        if (name.length() > 255) throw new LinuxError(Errno.ENAMETOOLONG);
        Inode d = resolve(top, cwd, dirPath, true);
        if (!(d instanceof Directory dir)) throw new LinuxError(Errno.ENOTDIR);
        return new Parent(dir, name, slash);
    }

    /** The absolute path of {@code path} under the root {@code top} with every symbolic link followed (for /proc/PID/exe). */
    public String canonical(Directory top, Directory cwd, String path) {
        Directory dir = cwd;
        String p = path;
        for (int links = 0; links <= MAX_SYMLINKS; links++) {
            Parent par = parent(top, dir, p);
            Inode i = par.dir().lookup(par.name());
            if (i instanceof Symlink s) {
                dir = par.dir();
                p = s.target;
                continue;
            }
            if (i == null) throw new LinuxError(Errno.ENOENT);
            String d = pathOf(top, par.dir());
            if (i instanceof Directory sub) return pathOf(top, sub);
            return d.equals("/") ? "/" + par.name() : d + "/" + par.name();
        }
        throw new LinuxError(Errno.ELOOP);
    }

    /**
     * The path of a directory from the root {@code top} (for getcwd); one outside it (a working directory kept
     * across chroot) is its whole path after "(unreachable)", as Linux's d_path gives it.
     */
    public String pathOf(Directory top, Directory d) {
        if (d == top) return "/";
        StringBuilder s = new StringBuilder();
        Directory cur = d;
        int guard = 0;
        while (cur != top && cur != root && guard++ < 4096) {
            Directory p = cur.parent;
            String name = null;
            for (String n : p.names()) if (p.lookup(n) == cur) name = n;
            if (name == null) throw new LinuxError(Errno.ENOENT);
            s.insert(0, "/" + name);
            cur = p;
        }
        return cur == top ? s.toString() : "(unreachable)" + (s.length() == 0 ? "/" : s);
    }

    public static List<String> split(String path) {
        return List.of(path.split("/"));
    }
}
