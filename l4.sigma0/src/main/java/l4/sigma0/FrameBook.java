package l4.sigma0;

import java.util.HashMap;
import java.util.Map;

/**
 * Which 4 KiB page (RAM frame or device page) σ0 has given to which task. σ0 never takes a page
 * back, so ownership stays with the task number; the owner may ask again (its mapping may have
 * been flushed or another of its threads faulted on the same page), everybody else is refused. A
 * task number is re-created with a new version (task_new): the new incarnation inherits the
 * number's pages, but not their contents ({@link Claim#INHERITED}: σ0 clears the frame first).
 */
final class FrameBook {
    /** The answer to a claim. */
    enum Claim {
        /** Another task owns the page. */
        REFUSED,
        /** The page was free, or this incarnation of the task owns it already. */
        GIVEN,
        /** An earlier incarnation of the task (same number, other version) owned it: clear it before giving it. */
        INHERITED
    }

    /** The owner of each page: task number and version, as in {@link #key}. */
    private final Map<Long, Long> owners = new HashMap<>();
    /** Every frame below this is owned or unusable; valid because frames are never freed. */
    private long freeHint;

    private static long key(int task, int version) {
        return (long) task << 32 | (version & 0xFFFF_FFFFL);
    }

    /** Gives {@code page} to incarnation {@code version} of {@code task} unless another task owns it. */
    Claim claim(long page, int task, int version) {
        long me = key(task, version);
        Long owner = owners.putIfAbsent(page, me);
        if (owner == null || owner == me) return Claim.GIVEN;
        if (owner >>> 32 != task) return Claim.REFUSED;
        owners.put(page, me);
        return Claim.INHERITED;
    }

    /** The owning task number of {@code page}, or -1. */
    int owner(long page) {
        Long owner = owners.get(page);
        return owner == null ? -1 : (int) (owner >>> 32);
    }

    /** Claims the lowest available, unowned frame for incarnation {@code version} of {@code task}; -1 when memory is exhausted. */
    long claimLowestFree(MemoryLayout layout, int task, int version) {
        for (long page = freeHint; layout.isRam(page) && page >= 0; page += MemoryLayout.PAGE) {
            if (layout.isAvailable(page) && !owners.containsKey(page)) {
                owners.put(page, key(task, version));
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
