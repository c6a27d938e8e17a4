package l4.linuxserver.sys;

import l4.linuxserver.fs.Directory;
import l4.linuxserver.fs.Inode;
import l4.linuxserver.fs.RegularFile;
import l4.linuxserver.fs.Stream;

/**
 * An open file description: shared by dup and fork, with its offset and status flags (asm-generic
 * encoding). Exactly one of {@code file}, {@code stream}, {@code directory} is set.
 */
public final class OpenFile {
    public final Inode inode;
    public final RegularFile file;
    public final Stream stream;
    public final Directory directory;
    public final String path;
    public int flags;
    public long offset;
    int references = 1;

    public OpenFile(Inode inode, RegularFile file, Stream stream, Directory directory, int flags, String path) {
        this.inode = inode;
        this.file = file;
        this.stream = stream;
        this.directory = directory;
        this.flags = flags;
        this.path = path;
        if (file != null) file.opened();
    }

    public boolean readable() {
        int acc = flags & 3;
        return acc == 0 || acc == 2;
    }

    public boolean writable() {
        int acc = flags & 3;
        return acc == 1 || acc == 2;
    }

    void retain() {
        references++;
    }

    void release() {
        if (--references != 0) return;
        if (stream != null) stream.release();
        if (file != null) file.closed();
    }
}
