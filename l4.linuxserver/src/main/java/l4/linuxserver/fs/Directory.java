package l4.linuxserver.fs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A directory: names to inodes, in name order (what getdents lists after "." and ".."). */
public class Directory extends Inode {
    protected final TreeMap<String, Inode> entries = new TreeMap<>();
    public Directory parent;

    public Directory(int perm, Directory parent) {
        super(S_IFDIR | (perm & 07777));
        this.parent = parent == null ? this : parent;
        this.nlink = 2;
    }

    /** As tmpfs counts a directory: 20 bytes (BOGO_DIRENT_SIZE) per entry, "." and ".." included. */
    @Override
    public long size() {
        return 20L * (entries.size() + 2);
    }

    public Inode lookup(String name) {
        return entries.get(name);
    }

    public void link(String name, Inode inode) {
        entries.put(name, inode);
        if (inode instanceof Directory d) {
            d.parent = this;
            nlink++;
        }
    }

    public Inode unlink(String name) {
        Inode i = entries.remove(name);
        if (i instanceof Directory) nlink--;
        return i;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The names, without "." and "..". */
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    /** Whether the layer may add or remove entries (false for /proc). */
    public boolean writable() {
        return true;
    }
}
