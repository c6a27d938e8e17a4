package l4.linuxserver.fs;

import java.util.function.Supplier;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

/** A character device node: each open gets the device's {@link Stream}. */
public final class DeviceNode extends Inode {
    private final int rdev;
    private final Supplier<Stream> opener;

    public DeviceNode(int perm, int major, int minor, Supplier<Stream> opener) {
        super(S_IFCHR | (perm & 07777));
        this.rdev = major << 8 | minor;
        this.opener = opener;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public int rdev() {
        return rdev;
    }

    public Stream open() {
        return opener.get();
    }

    /**
     * A node made by mknod for device {@code major}:{@code minor}: the device of {@code known}
     * (a node of /dev with that number), or, with none, a node whose open fails with ENXIO (no
     * driver), as Linux's chrdev_open.
     */
    public static DeviceNode made(int perm, int major, int minor, DeviceNode known) {
        Supplier<Stream> open = known != null ? known.opener : () -> {
            throw new LinuxError(Errno.ENXIO);
        };
        return new DeviceNode(perm, major, minor, open);
    }

    /** /dev/null: reads end at once, writes vanish. */
    public static Stream nullDevice() {
        return new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                return 0;
            }

            @Override
            public int write(byte[] from, int at, int length) {
                return length;
            }
        };
    }

    /** /dev/zero: reads give zeros, writes vanish. */
    public static Stream zeroDevice() {
        return new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                java.util.Arrays.fill(into, at, at + length, (byte) 0);
                return length;
            }

            @Override
            public int write(byte[] from, int at, int length) {
                return length;
            }
        };
    }
}
