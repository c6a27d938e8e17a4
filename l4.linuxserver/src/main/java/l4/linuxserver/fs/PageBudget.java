package l4.linuxserver.fs;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

/**
 * The pages a tmpfs may hold (Linux's default size: half the memory). Files take whole pages as
 * they are written and give them back when truncated or gone; a write beyond the size fails with
 * ENOSPC, so no guest program can make the host hold more than that.
 */
public final class PageBudget {
    private final long limit;
    private long used;

    public PageBudget(long limitPages) {
        this.limit = limitPages;
    }

    /** Takes one page, or fails with ENOSPC. */
    void take() {
        if (used >= limit) throw new LinuxError(Errno.ENOSPC);
        used++;
    }

    void give(long pages) {
        used -= pages;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }
}
