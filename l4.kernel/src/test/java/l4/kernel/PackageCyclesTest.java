package l4.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kernel's packages depend on each other without cycles: each is a part with a direction. */
class PackageCyclesTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(l4\\.kernel(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

    /** Package → the l4.kernel packages its main sources import. */
    static Map<String, Set<String>> dependencies(Path sources) throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = sources.relativize(f.getParent()).toString().replace(java.io.File.separatorChar, '.');
                if (!pkg.startsWith("l4.kernel")) continue;
                Set<String> to = deps.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) if (!m.group(1).equals(pkg)) to.add(m.group(1));
            }
        }
        return deps;
    }

    /**
     * Cycles known and not yet taken apart: the device board (issue 13) takes the whole Kernel,
     * which holds the board. Any other package on a cycle fails the test.
     */
    private static final Set<String> KNOWN_CYCLE = Set.of("l4.kernel", "l4.kernel.hardware");

    @Test
    void noCycleAmongTheKernelPackages() throws IOException {
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources), "run from the l4.kernel module");
        Map<String, Set<String>> deps = dependencies(sources);
        assertTrue(deps.containsKey("l4.kernel.ipc"));
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            if (reaches(deps, start, start, new TreeSet<>()) && !KNOWN_CYCLE.contains(start)) cycles.add(start);
        }
        assertEquals(List.of(), cycles, "packages on a dependency cycle: " + deps);
        for (String part : List.of("l4.kernel.ipc", "l4.kernel.object")) {
            for (String known : KNOWN_CYCLE) {
                assertTrue(!reaches(deps, part, known, new TreeSet<>()) || !reaches(deps, known, part, new TreeSet<>()),
                        part + " is on a cycle with " + known);
            }
        }
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String target, Set<String> seen) {
        for (String next : deps.getOrDefault(from, Set.of())) {
            if (next.equals(target)) return true;
            if (seen.add(next) && reaches(deps, next, target, seen)) return true;
        }
        return false;
    }
}
