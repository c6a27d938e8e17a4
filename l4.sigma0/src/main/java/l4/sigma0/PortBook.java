package l4.sigma0;

import java.util.Arrays;
import l4.api.IoFpage;

/**
 * ix86: which I/O port σ0 has given to which task. Like {@link FrameBook}, ownership is
 * permanent: an I/O fpage is given only if none of its ports went to another task (the owner may
 * ask again), and then all its ports become the asker's.
 */
final class PortBook {
    private static final int FREE = -1;
    private final int[] owners = new int[IoFpage.PORTS];

    PortBook() {
        Arrays.fill(owners, FREE);
    }

    /** Gives all ports of {@code fp} to {@code task}, or none if another task owns one of them. */
    boolean claim(IoFpage fp, int task) {
        for (int p = fp.port(); p <= fp.end(); p++) if (owners[p] != FREE && owners[p] != task) return false;
        for (int p = fp.port(); p <= fp.end(); p++) owners[p] = task;
        return true;
    }

    /** The owning task of {@code port}, or -1. */
    int owner(int port) {
        return owners[port];
    }
}
