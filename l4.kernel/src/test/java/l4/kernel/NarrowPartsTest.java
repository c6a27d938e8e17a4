package l4.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The kernel's parts get narrow collaborators, not the whole {@link Kernel}: each is given the
 * parts and interfaces it uses ({@link Scheduler}, {@link SyscallPath}, the IPC path's
 * {@code Dispatcher} and {@code Meter}, the memory objects, ...), so that what a part can touch
 * is what its constructor names. Read from the compiled classes, nested classes and lambdas included.
 */
class NarrowPartsTest {
    /** Parts in l4.kernel itself that must not refer to {@code Kernel}. */
    private static final List<String> NARROW = List.of(
            "l4.kernel.ThreadControl", "l4.kernel.KernelRpc", "l4.kernel.UserAccess", "l4.kernel.IpcMemory",
            "l4.kernel.Interrupts", "l4.kernel.GuestRunner", "l4.kernel.KernelInfoPage", "l4.kernel.Scheduler",
            "l4.kernel.GuestScheduler", "l4.kernel.SyscallPath", "l4.kernel.KernelStats", "l4.kernel.KernelMeter");

    /** Packages none of whose classes may refer to {@code Kernel}. */
    private static final List<String> NARROW_PACKAGES = List.of(
            "l4.kernel.ipc", "l4.kernel.object", "l4.kernel.memory", "l4.kernel.sched", "l4.kernel.trace",
            "l4.kernel.hardware", "l4.kernel.io", "l4.kernel.user");

    @Test
    void narrowPartsDoNotReferToTheKernel() throws IOException {
        Map<String, Set<String>> classes = ClassReferences.kernelClasses(ClassReferences.mainClasses());
        List<String> wide = new ArrayList<>();
        for (String part : NARROW) {
            assertTrue(classes.containsKey(part), part + " is compiled");
            if (classes.get(part).contains("l4.kernel.Kernel")) wide.add(part);
        }
        classes.forEach((c, to) -> {
            if (NARROW_PACKAGES.contains(ClassReferences.packageOf(c)) && to.contains("l4.kernel.Kernel")) wide.add(c);
        });
        assertEquals(List.of(), wide, "parts that take or reach the whole Kernel");
    }

    /**
     * In l4.kernel itself only the Java binding (a thread's system calls, memory and ports) and the
     * runaway watch take the whole kernel; a new class there gets narrow collaborators too.
     */
    @Test
    void inTheKernelPackageOnlyTheBindingAndTheWatchTakeTheKernel() throws IOException {
        Map<String, Set<String>> classes = ClassReferences.kernelClasses(ClassReferences.mainClasses());
        Set<String> allowed = Set.of("l4.kernel.Kernel", "l4.kernel.JavaBinding", "l4.kernel.UserMemoryView", "l4.kernel.PortAccess",
                "l4.kernel.RunawayDetector");
        List<String> wide = new ArrayList<>();
        classes.forEach((c, to) -> {
            if (ClassReferences.packageOf(c).equals("l4.kernel") && to.contains("l4.kernel.Kernel") && !allowed.contains(c)) wide.add(c);
        });
        assertEquals(List.of(), wide, "classes of l4.kernel that take or reach the whole Kernel");
    }

    /** The scan sees a reference where there is one. */
    @Test
    void theKernelsOwnUsersAreSeen() throws IOException {
        Map<String, Set<String>> classes = ClassReferences.kernelClasses(ClassReferences.mainClasses());
        assertTrue(classes.get("l4.kernel.boot.MachineService").contains("l4.kernel.Kernel"));
    }
}
