package l4.linuxserver.fs;

import java.util.function.Supplier;

/** A /proc file: its contents are made when it is opened (stat sees size 0, as on Linux). */
public final class GeneratedFile extends Inode {
    private final Supplier<byte[]> contents;

    public GeneratedFile(Supplier<byte[]> contents) {
        super(S_IFREG | 0444);
        this.contents = contents;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public int dev() {
        return 3;
    }

    public byte[] generate() {
        return contents.get();
    }
}
