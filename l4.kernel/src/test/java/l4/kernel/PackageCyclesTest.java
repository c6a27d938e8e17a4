package l4.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The kernel's packages depend on each other without cycles: each is a part with a direction.
 * The dependencies are read from the compiled classes ({@link ClassReferences}).
 */
class PackageCyclesTest {
    @Test
    void noCycleAmongTheKernelPackages() throws IOException {
        Map<String, Set<String>> deps = ClassReferences.kernelPackages(ClassReferences.kernelClasses(ClassReferences.mainClasses()));
        assertTrue(deps.containsKey("l4.kernel.ipc") && deps.containsKey("l4.kernel.hardware"), "packages found: " + deps.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            if (reaches(deps, start, start, new TreeSet<>())) cycles.add(start);
        }
        assertEquals(List.of(), cycles, "packages on a dependency cycle; the dependencies: " + deps);
    }

    /** The scan finds dependencies where they are (a scan that found none would pass the test above). */
    @Test
    void theScanFindsKnownDependencies() throws IOException {
        Map<String, Set<String>> classes = ClassReferences.kernelClasses(ClassReferences.mainClasses());
        assertTrue(classes.get("l4.kernel.Kernel").contains("l4.kernel.ipc.IpcPath"), "Kernel refers to the IPC path");
        assertTrue(classes.get("l4.kernel.hardware.DeviceSlot").contains("l4.kernel.memory.DeviceWindow"), "a device slot decodes memory windows");
    }

    static boolean reaches(Map<String, Set<String>> deps, String from, String target, Set<String> seen) {
        for (String next : deps.getOrDefault(from, Set.of())) {
            if (next.equals(target)) return true;
            if (seen.add(next) && reaches(deps, next, target, seen)) return true;
        }
        return false;
    }
}
