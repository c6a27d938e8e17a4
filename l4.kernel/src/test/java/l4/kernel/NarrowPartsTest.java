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
 * parts and interfaces it uses ({@link l4.kernel.dispatch.Scheduler}, {@link l4.kernel.dispatch.SyscallPath}, the IPC path's
 * {@code Dispatcher} and {@code Meter}, the memory objects, ...), so that what a part can touch
 * is what its constructor names. Read from the compiled classes, nested classes and lambdas included.
 */
class NarrowPartsTest {
    /** The parts {@code Kernel} builds, each in the package of its job, none referring to {@code Kernel}. */
    private static final List<String> NARROW = List.of(
            "l4.kernel.thread.ThreadControl", "l4.kernel.rpc.KernelRpc", "l4.kernel.uaccess.UserAccess",
            "l4.kernel.uaccess.IpcMemory", "l4.kernel.irq.Interrupts", "l4.kernel.guest.GuestRunner",
            "l4.kernel.object.KernelInfoPage", "l4.kernel.dispatch.Scheduler", "l4.kernel.guest.GuestScheduler",
            "l4.kernel.dispatch.SyscallPath", "l4.kernel.meter.KernelStats", "l4.kernel.meter.KernelMeter",
            "l4.kernel.binding.JavaBinding", "l4.kernel.binding.UserMemoryView", "l4.kernel.binding.PortAccess",
            "l4.kernel.debug.RunawayDetector");

    /** Packages none of whose classes may refer to {@code Kernel}. */
    private static final List<String> NARROW_PACKAGES = List.of(
            "l4.kernel.thread", "l4.kernel.guest", "l4.kernel.uaccess", "l4.kernel.rpc", "l4.kernel.dispatch",
            "l4.kernel.irq", "l4.kernel.meter", "l4.kernel.ipc", "l4.kernel.object", "l4.kernel.memory",
            "l4.kernel.sched", "l4.kernel.trace", "l4.kernel.hardware", "l4.kernel.io", "l4.kernel.user", "l4.kernel.binding",
            "l4.kernel.debug");

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
     * In l4.kernel itself only {@code Kernel} refers to the kernel: the Java binding (a thread's
     * system calls, memory and ports) and the runaway watch get narrow collaborators too.
     */
    @Test
    void inTheKernelPackageOnlyTheKernelTakesTheKernel() throws IOException {
        Map<String, Set<String>> classes = ClassReferences.kernelClasses(ClassReferences.mainClasses());
        Set<String> allowed = Set.of("l4.kernel.Kernel");
        List<String> wide = new ArrayList<>();
        classes.forEach((c, to) -> {
            if (ClassReferences.packageOf(c).equals("l4.kernel") && to.contains("l4.kernel.Kernel") && !allowed.contains(c)) wide.add(c);
        });
        assertEquals(List.of(), wide, "classes of l4.kernel that take or reach the whole Kernel");
    }

    /**
     * Package l4.kernel is the composition root: {@code Kernel} (the dispatcher and the system-call
     * path) and its settings; every other part lives in the package of its job.
     */
    @Test
    void theKernelPackageHoldsOnlyTheRoot() throws IOException {
        Map<String, Set<String>> classes = ClassReferences.kernelClasses(ClassReferences.mainClasses());
        Set<String> root = Set.of("l4.kernel.Kernel", "l4.kernel.KernelConfig");
        List<String> others = new ArrayList<>();
        for (String c : classes.keySet()) {
            if (ClassReferences.packageOf(c).equals("l4.kernel") && !root.contains(c)) others.add(c);
        }
        assertEquals(List.of(), others, "classes of l4.kernel besides the composition root");
    }

    /** The scan sees a reference where there is one. */
    @Test
    void theKernelsOwnUsersAreSeen() throws IOException {
        Map<String, Set<String>> classes = ClassReferences.kernelClasses(ClassReferences.mainClasses());
        assertTrue(classes.get("l4.kernel.boot.MachineService").contains("l4.kernel.Kernel"));
    }
}
