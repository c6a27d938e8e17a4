package l4.devices.ata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The disk's medium: an image file of 512-byte sectors. A new image is created sparse (its length
 * set, nothing written); an existing one is kept, and grown sparse if the configured size is
 * larger (never truncated: that would lose data). Writes reach the host's page cache; {@link #flush}
 * forces them to stable storage (fsync), which is what FLUSH CACHE promises.
 */
public final class DiskImage implements AutoCloseable {
    public static final int SECTOR = 512;

    private final Path path;
    private final FileChannel channel;
    private final long sectors;
    private long sectorsRead, sectorsWritten, flushes;

    public DiskImage(Path path, long sectors) throws IOException {
        if (sectors <= 0) throw new IllegalArgumentException("a disk needs at least one sector");
        this.path = path;
        this.sectors = sectors;
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long bytes = sectors * SECTOR;
        if (channel.size() < bytes) {
            // Writing one byte at the end makes a sparse file of the full length.
            channel.write(ByteBuffer.wrap(new byte[1]), bytes - 1);
        }
    }

    public Path path() { return path; }

    public long sectors() { return sectors; }

    public long fileBytes() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    public synchronized void read(long lba, byte[] into) {
        check(lba);
        ByteBuffer b = ByteBuffer.wrap(into, 0, SECTOR);
        try {
            long at = lba * SECTOR;
            while (b.hasRemaining()) {
                int n = channel.read(b, at + b.position());
                if (n < 0) {
                    while (b.hasRemaining()) b.put((byte) 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sectorsRead++;
    }

    public synchronized void write(long lba, byte[] from) {
        check(lba);
        ByteBuffer b = ByteBuffer.wrap(from, 0, SECTOR);
        try {
            long at = lba * SECTOR;
            while (b.hasRemaining()) channel.write(b, at + b.position());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sectorsWritten++;
    }

    public synchronized void flush() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        flushes++;
    }

    private void check(long lba) {
        if (lba < 0 || lba >= sectors) throw new IllegalArgumentException("sector " + lba + " outside 0.." + (sectors - 1));
    }

    public synchronized long sectorsRead() { return sectorsRead; }

    public synchronized long sectorsWritten() { return sectorsWritten; }

    public synchronized long flushes() { return flushes; }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
