package l4.linuxserver.fs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

/**
 * A file whose bytes live in server memory (initramfs and tmpfs alike), in pages of 4 KiB as
 * tmpfs keeps them: a page exists once something was written to it, so a file extended by
 * truncate or by a write beyond its end has holes that read as zeros and take no space (stat's
 * blocks count the pages). Pages come from the file system's {@link PageBudget} (none for a
 * snapshot of a generated file) and go back when the file is truncated, or when its last link
 * and its last open descriptor are gone (Linux's tmpfs keeps an unlinked open file).
 */
public final class RegularFile extends Inode {
    public static final int PAGE = 4096;

    private final Map<Long, byte[]> pages = new HashMap<>();
    private final PageBudget budget;
    private long size;
    private int opens;

    /** A file outside any file system's budget (a snapshot). */
    public RegularFile(int perm, byte[] contents) {
        this(perm, contents, null);
    }

    public RegularFile(int perm, byte[] contents, PageBudget budget) {
        super(S_IFREG | (perm & 07777));
        this.budget = budget;
        write(0, contents, 0, contents.length);
    }

    @Override
    public long size() {
        return size;
    }

    /** The pages that hold data (the holes not counted). */
    public long allocatedPages() {
        return pages.size();
    }

    public int read(long offset, byte[] into, int at, int length) {
        if (offset >= size || length <= 0) return 0;
        int n = (int) Math.min(length, size - offset);
        for (int done = 0; done < n; ) {
            long pos = offset + done;
            int in = (int) (pos % PAGE), k = Math.min(n - done, PAGE - in);
            byte[] page = pages.get(pos / PAGE);
            if (page == null) Arrays.fill(into, at + done, at + done + k, (byte) 0);
            else System.arraycopy(page, in, into, at + done, k);
            done += k;
        }
        return n;
    }

    /**
     * Writes {@code length} bytes at {@code offset}: as many as there are pages for; ENOSPC when
     * not even the first fits, EFBIG beyond the largest offset.
     */
    public int write(long offset, byte[] from, int at, int length) {
        if (length <= 0) return 0;
        if (offset < 0 || offset > Long.MAX_VALUE - length) throw new LinuxError(Errno.EFBIG);
        int done = 0;
        try {
            while (done < length) {
                long pos = offset + done;
                int in = (int) (pos % PAGE), k = Math.min(length - done, PAGE - in);
                byte[] page = pages.get(pos / PAGE);
                if (page == null) {
                    if (budget != null) budget.take();
                    page = new byte[PAGE];
                    pages.put(pos / PAGE, page);
                }
                System.arraycopy(from, at + done, page, in, k);
                done += k;
            }
        } catch (LinuxError full) {
            if (done == 0) throw full;
        }
        if (offset + done > size) size = offset + done;
        return done;
    }

    /** Cuts or extends the file to {@code length}; an extension is a hole. */
    public void truncate(long length) {
        if (length < size) {
            long keep = (length + PAGE - 1) / PAGE;
            long before = pages.size();
            pages.keySet().removeIf(index -> index >= keep);
            if (budget != null) budget.give(before - pages.size());
            byte[] last = length % PAGE == 0 ? null : pages.get(length / PAGE);
            if (last != null) Arrays.fill(last, (int) (length % PAGE), PAGE, (byte) 0);
        }
        size = length;
    }

    /**
     * Gives every page of {@code [offset, offset + length)} storage, zeros where there was a hole
     * (fallocate, as tmpfs's {@code shmem_fallocate}): all of them, or none and ENOSPC. Without
     * {@code keepSize} the file grows to the range's end.
     */
    public void allocate(long offset, long length, boolean keepSize) {
        long first = offset / PAGE, last = (offset + length - 1) / PAGE;
        java.util.List<Long> added = new java.util.ArrayList<>();
        try {
            for (long index = first; index <= last; index++) {
                if (pages.containsKey(index)) continue;
                if (budget != null) budget.take();
                pages.put(index, new byte[PAGE]);
                added.add(index);
            }
        } catch (LinuxError full) {
            for (long index : added) pages.remove(index);
            budget.give(added.size());
            throw full;
        }
        if (!keepSize && offset + length > size) size = offset + length;
    }

    /** Makes {@code [offset, offset + length)} a hole: whole pages go, the parts of others read as zeros; the size stays. */
    public void punchHole(long offset, long length) {
        long end = offset + length;
        long before = pages.size();
        pages.entrySet().removeIf(e -> {
            long start = e.getKey() * PAGE;
            if (start >= offset && start + PAGE <= end) return true;
            long from = Math.max(start, offset), to = Math.min(start + PAGE, end);
            if (from < to) Arrays.fill(e.getValue(), (int) (from - start), (int) (to - start), (byte) 0);
            return false;
        });
        if (budget != null) budget.give(before - pages.size());
    }

    /** A copy of the contents (an executable's image); EFBIG for a file no array can hold. */
    public byte[] contents() {
        return range(0, size);
    }

    /** A copy of {@code length} bytes from {@code offset} (short at the end of the file); EFBIG beyond an array's reach. */
    public byte[] range(long offset, long length) {
        long n = Math.max(0, Math.min(length, size - offset));
        if (n > Integer.MAX_VALUE - 8) throw new LinuxError(Errno.EFBIG);
        byte[] b = new byte[(int) n];
        read(offset, b, 0, b.length);
        return b;
    }

    /** An open descriptor took the file. */
    public void opened() {
        opens++;
    }

    /** An open descriptor let the file go. */
    public void closed() {
        opens--;
        releaseIfGone();
    }

    /** A link to the file was removed ({@link #nlink} already counts it). */
    public void unlinked() {
        releaseIfGone();
    }

    private void releaseIfGone() {
        if (nlink > 0 || opens > 0 || budget == null) return;
        budget.give(pages.size());
        pages.clear();
    }
}
