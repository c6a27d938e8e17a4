package l4.linuxserver.fs;

import java.util.Arrays;

/** A file whose bytes live in server memory (initramfs and tmpfs alike). */
public final class RegularFile extends Inode {
    private byte[] data;
    private int size;

    public RegularFile(int perm, byte[] contents) {
        super(S_IFREG | (perm & 07777));
        this.data = contents;
        this.size = contents.length;
    }

    @Override
    public long size() {
        return size;
    }

    public int read(long offset, byte[] into, int at, int length) {
        if (offset >= size) return 0;
        int n = (int) Math.min(length, size - offset);
        System.arraycopy(data, (int) offset, into, at, n);
        return n;
    }

    public int write(long offset, byte[] from, int at, int length) {
        long end = offset + length;
        if (end > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("file too large");
        if (end > data.length) data = Arrays.copyOf(data, (int) Math.max(end, Math.min(Integer.MAX_VALUE - 8, data.length * 2L)));
        System.arraycopy(from, at, data, (int) offset, length);
        if (end > size) size = (int) end;
        return length;
    }

    public void truncate(long length) {
        if (length > data.length) data = Arrays.copyOf(data, (int) length);
        if (length < size) Arrays.fill(data, (int) length, size, (byte) 0);
        size = (int) length;
    }

    /** A snapshot of the contents. */
    public byte[] contents() {
        return Arrays.copyOf(data, size);
    }
}
