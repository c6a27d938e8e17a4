package l4.linuxserver.fs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The "newc" cpio format of Linux's initramfs (Documentation/driver-api/early-userspace/
 * buffer-format.rst), possibly several concatenated: a 110-byte ASCII header per entry ("070701", 13 eight-digit hex fields),
 * the name with its NUL padded to 4 bytes, the data padded to 4 bytes, ended by "TRAILER!!!".
 */
public final class Cpio {
    public record Entry(String name, int mode, byte[] data) {}

    private Cpio() {}

    public static byte[] write(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int ino = 1;
        for (Entry e : entries) header(out, e.name(), e.mode(), e.data(), ino++);
        header(out, "TRAILER!!!", 0, new byte[0], 0);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, String name, int mode, byte[] data, int ino) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        boolean dir = (mode & Inode.S_IFMT) == Inode.S_IFDIR;
        String h = String.format("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ino, mode, 0, 0,
                dir ? 2 : 1, 0, data.length, 0, 0, 0, 0, n.length + 1, 0);
        out.writeBytes(h.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(n);
        out.write(0);
        pad(out);
        out.writeBytes(data);
        pad(out);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) out.write(0);
    }

    public static List<Entry> read(byte[] archive) {
        List<Entry> out = new ArrayList<>();
        int p = 0;
        while (true) {
            if (p + 110 > archive.length) throw new IllegalArgumentException("cpio archive truncated at " + p);
            String magic = new String(archive, p, 6, StandardCharsets.US_ASCII);
            if (!magic.equals("070701") && !magic.equals("070702")) {
                throw new IllegalArgumentException("not a newc cpio header at " + p);
            }
            int mode = field(archive, p, 1);
            int size = field(archive, p, 6);
            int nameSize = field(archive, p, 11);
            int nameAt = p + 110;
            if (nameSize < 1 || nameAt + nameSize > archive.length) throw new IllegalArgumentException("bad cpio name at " + p);
            String name = new String(archive, nameAt, nameSize - 1, StandardCharsets.UTF_8);
            int dataAt = align(nameAt + nameSize);
            if (name.equals("TRAILER!!!")) {
                // archives may be concatenated, with zero padding between them (as Linux's initramfs)
                p = dataAt;
                while (p < archive.length && archive[p] == 0) p++;
                if (p + 110 > archive.length) return out;
                continue;
            }
            if (size < 0 || dataAt + size > archive.length) throw new IllegalArgumentException("bad cpio data of " + name);
            byte[] data = new byte[size];
            System.arraycopy(archive, dataAt, data, 0, size);
            out.add(new Entry(name, mode, data));
            p = align(dataAt + size);
        }
    }

    private static int field(byte[] a, int header, int index) {
        return (int) Long.parseLong(new String(a, header + 6 + 8 * index, 8, StandardCharsets.US_ASCII), 16);
    }

    private static int align(int n) {
        return (n + 3) & ~3;
    }
}
