package l4.linuxserver.fs;

/** A symbolic link. */
public final class Symlink extends Inode {
    public final String target;

    public Symlink(String target) {
        super(S_IFLNK | 0777);
        this.target = target;
    }

    @Override
    public long size() {
        return target.length();
    }
}
