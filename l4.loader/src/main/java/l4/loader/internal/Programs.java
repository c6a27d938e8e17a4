package l4.loader.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The guest programs this bundle ships (built from {@code l4.arch.mips/src/main/guest}), by name.
 * The list is fixed here so that it is the same in and out of OSGi; {@code ProgramsTest} checks
 * that every name has its binary.
 */
final class Programs {
    /** Name and what it does, in the order {@code l4:exec --list} shows them. */
    record Entry(String name, String description) {}

    static final List<Entry> ALL = List.of(
            new Entry("hello", "L4-native: its arguments and environment through the loader's console, returns argc"),
            new Entry("nearest", "L4-native: asks id_nearest for its own id, returns its low byte"),
            new Entry("pingpong", "L4-native: ping-pong of short IPC between two of its threads [ROUNDS [WARMUP]]"),
            new Entry("pager", "L4-native: lthread 0 pages lthread 1 with map items from its own pool"),
            new Entry("faults", "L4-native: touches fresh pages, each a fault the loader serves with a frame from σ0 [PAGES]"),
            new Entry("exceptions", "L4-native: lthread 0 is the excepter of lthread 1, which raises Bp, AdEL, Tr, Ov"),
            new Entry("sieve", "Linux n64: CPU-bound sieve of Eratosthenes [ROUNDS, default 2000: about 2.1 billion instructions]"),
            new Entry("hello-linux", "Linux n64: write to fd 1 and 2, exit_group(3)"));

    private Programs() {}

    static Entry find(String name) {
        for (Entry e : ALL) if (e.name().equals(name)) return e;
        return null;
    }

    /** The binary of a shipped program, or null if there is none of that name. */
    static byte[] binary(String name) throws IOException {
        if (find(name) == null) return null;
        try (InputStream in = Programs.class.getResourceAsStream("/l4/loader/programs/" + name + ".elf")) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
