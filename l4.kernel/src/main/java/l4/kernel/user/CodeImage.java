package l4.kernel.user;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import l4.api.ThreadBody;

/**
 * The machine's code: Java thread bodies at synthetic code addresses, in registration order, so
 * the same program registers the same addresses every run. An IP is a Java entry iff it names a
 * body. The addresses start at the architecture's {@code javaCodeBase}: on a machine with a guest
 * CPU that is where no user-mode fetch reaches (MIPS kseg2), so the two kinds of code never meet:
 * an IP that is no body's entry is guest code, and no guest address is ever a body's.
 */
public final class CodeImage {
    /** The base of ix86 and of machines without a guest CPU. */
    public static final long DEFAULT_BASE = 0x0010_0000L;
    public static final long STRIDE = 0x100L;

    private final long base;
    private final List<ThreadBody> bodies = new ArrayList<>();
    private final Map<ThreadBody, Long> addresses = new IdentityHashMap<>();

    public CodeImage() {
        this(DEFAULT_BASE);
    }

    public CodeImage(long base) {
        this.base = base;
    }

    public long base() { return base; }

    public synchronized long register(ThreadBody body) {
        Long a = addresses.get(body);
        if (a != null) return a;
        long address = base + STRIDE * bodies.size();
        bodies.add(body);
        addresses.put(body, address);
        return address;
    }

    /** The body at {@code ip}, or null when no Java code is there. */
    public synchronized ThreadBody at(long ip) {
        long offset = ip - base;
        if (Long.compareUnsigned(ip, base) < 0 || offset % STRIDE != 0) return null;
        long i = offset / STRIDE;
        return i >= 0 && i < bodies.size() ? bodies.get((int) i) : null;
    }

    public synchronized int size() { return bodies.size(); }
}
