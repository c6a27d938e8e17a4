package l4.sigma0;

import java.util.HashMap;
import java.util.Map;

/**
 * Which 4 KiB page (RAM frame or device page) σ0 has given to which task. σ0 never takes a page
 * back, so ownership is permanent; the owner may ask again (its mapping may have been flushed or
 * another of its threads faulted on the same page), everybody else is refused.
 */
final class FrameBook {
    private final Map<Long, Integer> owners = new HashMap<>();
    /** Every frame below this is owned or unusable; valid because frames are never freed. */
    private long freeHint;

    /** Gives {@code page} to {@code task} unless another task owns it. */
    boolean claim(long page, int task) {
        Integer owner = owners.putIfAbsent(page, task);
        return owner == null || owner == task;
    }

    /** The owning task of {@code page}, or -1. */
    int owner(long page) {
        Integer owner = owners.get(page);
        return owner == null ? -1 : owner;
    }

    /** Claims the lowest available, unowned frame for {@code task}; -1 when memory is exhausted. */
    long claimLowestFree(MemoryLayout layout, int task) {
        for (long page = freeHint; layout.isRam(page) && page >= 0; page += MemoryLayout.PAGE) {
            if (layout.isAvailable(page) && !owners.containsKey(page)) {
                owners.put(page, task);
                freeHint = page + MemoryLayout.PAGE;
                return page;
            }
        }
        return -1;
    }

    int size() {
        return owners.size();
    }
}
