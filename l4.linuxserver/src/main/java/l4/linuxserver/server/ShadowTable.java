package l4.linuxserver.server;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import l4.linuxserver.mm.Frame;

/**
 * What the server has mapped into one process's L4 task (L4Linux's shadow page table): page
 * address to frame and access. A page leaves it when the layer drops or write-protects it
 * (munmap, fork's copy-on-write, exec), which is when the transport must flush it from the task.
 */
public final class ShadowTable {
    public record Entry(Frame frame, boolean writable) {}

    private final TreeMap<Long, Entry> pages = new TreeMap<>();

    void mapped(long page, Frame frame, boolean writable) {
        pages.put(page, new Entry(frame, writable));
    }

    /** Drops {@code page}; what was mapped there, or null (only then is there something to flush). */
    Entry dropped(long page) {
        return pages.remove(page);
    }

    public Entry lookup(long page) {
        return pages.get(page);
    }

    public SortedMap<Long, Entry> pages() {
        return Collections.unmodifiableSortedMap(pages);
    }

    public int size() {
        return pages.size();
    }
}
