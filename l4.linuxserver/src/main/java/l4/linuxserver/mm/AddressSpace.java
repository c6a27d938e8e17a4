package l4.linuxserver.mm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

/**
 * A Linux process's memory as the layer keeps it: mappings ({@link Vma}) and the pages behind them,
 * filled on first touch. Pages are shared copy-on-write after {@link #fork()}: a shared page is
 * given out read-only and copied on the first write fault, so fork costs a page-table walk, not a
 * memory copy. The hardware mappings are someone else's: an {@link MappingObserver} hears whenever
 * one it may hold becomes stale.
 */
public final class AddressSpace {
    public static final int PAGE = 4096;

    /** A page of this space; {@code spaces} counts the address spaces that hold it. */
    private static final class Page {
        final Frame frame;
        int spaces = 1;

        Page(Frame frame) {
            this.frame = frame;
        }
    }

    /** What a fault resolves to: the frame and whether it may be mapped writable now. */
    public record Resolution(Frame frame, boolean writable) {}

    private final FramePool pool;
    private final long limit;
    private final TreeMap<Long, Vma> vmas = new TreeMap<>();
    private final Map<Long, Page> pages = new HashMap<>();
    private MappingObserver observer = MappingObserver.NONE;
    private long brkStart;
    private long brk;
    private long mmapBase;

    /** {@code limit}: one past the highest user address; {@code mmapBase}: where mmap looks first, going down. */
    public AddressSpace(FramePool pool, long limit, long mmapBase) {
        this.pool = pool;
        this.limit = limit;
        this.mmapBase = mmapBase;
    }

    public void setObserver(MappingObserver observer) {
        this.observer = observer == null ? MappingObserver.NONE : observer;
    }

    public long limit() {
        return limit;
    }

    public List<Vma> vmas() {
        return List.copyOf(vmas.values());
    }

    /** Pages with a frame behind them (resident). */
    public int residentPages() {
        return pages.size();
    }

    public Vma find(long va) {
        Map.Entry<Long, Vma> e = vmas.floorEntry(va);
        return e != null && e.getValue().contains(va) ? e.getValue() : null;
    }

    // ---- faults ----

    /** Resolves an access the hardware could not do; a frame for the page or a SegmentationFault. */
    public Resolution fault(long va, boolean write, boolean fetch) throws SegmentationFault {
        Vma v = va >= 0 && va < limit ? find(va) : null;
        if (v == null) throw new SegmentationFault(va, false, false);
        int need = write ? Vma.WRITE : fetch ? Vma.EXEC : Vma.READ;
        // MIPS and i386 read what they can execute and execute what they can read
        if ((v.prot() & need) == 0 && !(need != Vma.WRITE && (v.prot() & (Vma.READ | Vma.EXEC)) != 0)) {
            throw new SegmentationFault(va, true, false);
        }
        long vpn = va & ~(long) (PAGE - 1);
        Page p = pages.get(vpn);
        if (p == null) {
            Frame f = pool.allocate();
            if (f == null) throw new SegmentationFault(va, true, true);
            fill(v, vpn, f);
            p = new Page(f);
            pages.put(vpn, p);
            observer.written(f);
        } else if (write && p.spaces > 1) {
            Frame f = pool.allocate();
            if (f == null) throw new SegmentationFault(va, true, true);
            f.copyFrom(p.frame);
            p.spaces--;
            p = new Page(f);
            pages.put(vpn, p);
            observer.unmapped(vpn);
            observer.written(f);
        }
        return new Resolution(p.frame, (v.prot() & Vma.WRITE) != 0 && p.spaces == 1);
    }

    private static void fill(Vma v, long vpn, Frame into) {
        if (v.backing() == null) return;
        long off = v.fileOffset() + (vpn - v.start());
        long end = v.fileOffset() + v.fileLimit();
        int n = (int) Math.max(0, Math.min(PAGE, end - off));
        if (n > 0) {
            byte[] b = new byte[n];
            v.backing().read(off, b, 0, n);
            into.write(0, b, 0, n);
        }
    }

    // ---- the layer's own accesses (copy_from_user / copy_to_user) ----

    private Frame frameFor(long va, boolean write) {
        try {
            return fault(va, write, false).frame();
        } catch (SegmentationFault e) {
            throw new LinuxError(Errno.EFAULT);
        }
    }

    public void read(long va, byte[] into, int at, int length) {
        while (length > 0) {
            Frame f = frameFor(va, false);
            int o = (int) (va & (PAGE - 1));
            int n = Math.min(length, PAGE - o);
            f.read(o, into, at, n);
            va += n;
            at += n;
            length -= n;
        }
    }

    public byte[] read(long va, int length) {
        if (length < 0) throw new LinuxError(Errno.EINVAL);
        byte[] b = new byte[length];
        read(va, b, 0, length);
        return b;
    }

    public void write(long va, byte[] from, int at, int length) {
        while (length > 0) {
            Frame f = frameFor(va, true);
            int o = (int) (va & (PAGE - 1));
            int n = Math.min(length, PAGE - o);
            f.write(o, from, at, n);
            observer.written(f);
            va += n;
            at += n;
            length -= n;
        }
    }

    public void write(long va, byte[] from) {
        write(va, from, 0, from.length);
    }

    public long readLong(long va) {
        byte[] b = read(va, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
        return v;
    }

    public int readInt(long va) {
        byte[] b = read(va, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    public void writeLong(long va, long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        write(va, b);
    }

    public void writeInt(long va, int v) {
        write(va, new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    /** A NUL-terminated string of at most {@code max} bytes (ENAMETOOLONG beyond). */
    public String readString(long va, int max) {
        StringBuilder s = new StringBuilder();
        byte[] one = new byte[1];
        while (true) {
            read(va++, one, 0, 1);
            if (one[0] == 0) return s.toString();
            if (s.length() >= max) throw new LinuxError(Errno.ENAMETOOLONG);
            s.append((char) (one[0] & 0xFF));
        }
    }

    /** The bytes of a NUL-terminated string, without the NUL. */
    public byte[] readStringBytes(long va, int max) {
        return readString(va, max).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    // ---- mappings ----

    /** Maps [start, start+length) (page aligned), replacing whatever was there. */
    public void map(long start, long length, int prot, Backing backing, long fileOffset, long fileLimit, String name) {
        if ((start & (PAGE - 1)) != 0 || length <= 0 || start < 0 || start + length > limit) {
            throw new LinuxError(Errno.EINVAL);
        }
        long end = start + roundUp(length);
        unmap(start, end - start);
        vmas.put(start, new Vma(start, end, prot, backing, fileOffset, fileLimit, name));
    }

    /** Removes the mappings and pages in [start, start+length). */
    public void unmap(long start, long length) {
        if ((start & (PAGE - 1)) != 0 || length <= 0) throw new LinuxError(Errno.EINVAL);
        long end = start + roundUp(length);
        for (Vma v : overlapping(start, end)) {
            vmas.remove(v.start());
            if (v.start() < start) vmas.put(v.start(), v.slice(v.start(), start));
            if (v.end() > end) vmas.put(end, v.slice(end, v.end()));
        }
        dropPages(start, end);
    }

    /** Changes the protection of [start, start+length); ENOMEM if part of it is not mapped. */
    public void protect(long start, long length, int prot) {
        if ((start & (PAGE - 1)) != 0 || length < 0) throw new LinuxError(Errno.EINVAL);
        long end = start + roundUp(length);
        for (long a = start; a < end; ) {
            Vma v = find(a);
            if (v == null) throw new LinuxError(Errno.ENOMEM);
            a = v.end();
        }
        for (Vma v : overlapping(start, end)) {
            vmas.remove(v.start());
            if (v.start() < start) vmas.put(v.start(), v.slice(v.start(), start));
            if (v.end() > end) vmas.put(end, v.slice(end, v.end()));
            long from = Math.max(v.start(), start), to = Math.min(v.end(), end);
            vmas.put(from, v.slice(from, to).withProt(prot));
        }
        for (long a = start; a < end; a += PAGE) {
            if (pages.containsKey(a)) observer.unmapped(a);
        }
    }

    private List<Vma> overlapping(long start, long end) {
        List<Vma> out = new ArrayList<>();
        Map.Entry<Long, Vma> first = vmas.floorEntry(start);
        if (first != null && first.getValue().end() > start) out.add(first.getValue());
        for (Vma v : vmas.subMap(start, false, end, false).values()) out.add(v);
        if (first == null || first.getKey() != start) {
            Vma at = vmas.get(start);
            if (at != null && !out.contains(at)) out.add(at);
        }
        return out;
    }

    private void dropPages(long start, long end) {
        if ((end - start) / PAGE < pages.size()) {
            for (long a = start; a < end; a += PAGE) drop(a, pages.remove(a));
        } else {
            List<Long> gone = new ArrayList<>();
            for (Long a : pages.keySet()) if (a >= start && a < end) gone.add(a);
            for (Long a : gone) drop(a, pages.remove(a));
        }
    }

    private void drop(long vpn, Page p) {
        if (p == null) return;
        observer.unmapped(vpn);
        if (--p.spaces == 0) pool.release(p.frame);
    }

    /** A free range of {@code length} bytes below the mmap base, highest first. */
    public long findFree(long length) {
        long len = roundUp(length);
        long top = mmapBase;
        for (Vma v : vmas.descendingMap().values()) {
            if (v.start() >= top) continue;
            if (v.end() <= top - len) break;
            top = v.start();
        }
        long at = top - len;
        if (at < brk + (1L << 24) || at < PAGE) throw new LinuxError(Errno.ENOMEM);
        return at;
    }

    public boolean isFree(long start, long length) {
        return overlapping(start, start + roundUp(length)).isEmpty();
    }

    // ---- brk ----

    public void setBrkStart(long at) {
        brkStart = brk = roundUp(at);
    }

    /** Linux's brk: moves the break if it can and returns the break as it then is. */
    public long brk(long wanted) {
        if (wanted < brkStart) return brk;
        long oldTop = roundUp(brk), newTop = roundUp(wanted);
        if (newTop > oldTop) {
            if (!isFree(oldTop, newTop - oldTop) || newTop >= mmapBase) return brk;
            Vma below = find(oldTop - 1);
            if (below != null && "[heap]".equals(below.name())) {
                vmas.put(below.start(), new Vma(below.start(), newTop, below.prot(), null, 0, 0, "[heap]"));
            } else {
                vmas.put(oldTop, new Vma(oldTop, newTop, Vma.READ | Vma.WRITE, null, 0, 0, "[heap]"));
            }
        } else if (newTop < oldTop) {
            unmap(newTop, oldTop - newTop);
        }
        brk = wanted;
        return brk;
    }

    public long brkStart() {
        return brkStart;
    }

    // ---- fork, exec, exit ----

    /** A copy-on-write copy: every page is shared, and this space's writable mappings are dropped. */
    public AddressSpace fork() {
        AddressSpace c = new AddressSpace(pool, limit, mmapBase);
        c.vmas.putAll(vmas);
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            Page p = e.getValue();
            p.spaces++;
            c.pages.put(e.getKey(), p);
            observer.unmapped(e.getKey());
        }
        c.brkStart = brkStart;
        c.brk = brk;
        return c;
    }

    /** Releases every page (exit, or execve replacing the image). */
    public void clear() {
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            observer.unmapped(e.getKey());
            Page p = e.getValue();
            if (--p.spaces == 0) pool.release(p.frame);
        }
        pages.clear();
        vmas.clear();
        brkStart = brk = 0;
    }

    public static long roundUp(long n) {
        return (n + PAGE - 1) & ~(long) (PAGE - 1);
    }
}
