package l4.kernel.user;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import l4.api.ThreadBody;

/**
 * The machine's code: Java thread bodies at synthetic code addresses, in registration order, so
 * the same program registers the same addresses every run. An IP is valid iff it names a body.
 */
public final class CodeImage {
    public static final long BASE = 0x0010_0000L;
    public static final long STRIDE = 0x100L;

    private final List<ThreadBody> bodies = new ArrayList<>();
    private final Map<ThreadBody, Long> addresses = new IdentityHashMap<>();

    public synchronized long register(ThreadBody body) {
        Long a = addresses.get(body);
        if (a != null) return a;
        long address = BASE + STRIDE * bodies.size();
        bodies.add(body);
        addresses.put(body, address);
        return address;
    }

    /** The body at {@code ip}, or null when no code is there. */
    public synchronized ThreadBody at(long ip) {
        if (ip < BASE || (ip - BASE) % STRIDE != 0) return null;
        long i = (ip - BASE) / STRIDE;
        return i < bodies.size() ? bodies.get((int) i) : null;
    }

    public synchronized int size() { return bodies.size(); }
}
