package l4.kernel.shell;

import java.util.List;
import java.util.Map;

/**
 * The published cycle figures of the reference (§9) that {@code l4:costs} prints beside the
 * simulated ones, and the list of operations it measures per architecture.
 */
public final class PublishedCosts {
    private PublishedCosts() {}

    public static final String IPC_INTER = "ipc-short-inter";
    public static final String IPC_INTRA = "ipc-short-intra";
    public static final String PAGE_FAULT = "page-fault";
    public static final String UNMAP = "unmap-per-page";
    public static final String EX_REGS = "ex-regs";
    /** lthread_ex_regs with a new IP on a running lthread (blocked in an IPC): the restart of the test logs. */
    public static final String EX_REGS_RESTART = "ex-regs-restart";
    public static final String ID_NEAREST = "id-nearest";
    public static final String TASK_NEW = "task-new";
    public static final String IPC_SMALL = "ipc-short-inter-small-spaces";

    /** One published figure. */
    public record Figure(long cycles, String source) {}

    private static final String HOTOS = "Liedtke et al., HotOS 1997, one-way short IPC on a Pentium (reference §9)";
    private static final String MIPS_LOG = "L4/MIPS kernel test logs, R4600 (reference §9)";

    private static final Map<String, Map<String, Figure>> FIGURES = Map.of(
            "ix86", Map.of(IPC_INTER, new Figure(121, HOTOS)),
            "mips", Map.of(
                    IPC_INTER, new Figure(101, MIPS_LOG),
                    PAGE_FAULT, new Figure(1180, "L4/MIPS kernel test logs, R4600, 1130-1230 (reference §9)"),
                    UNMAP, new Figure(220, MIPS_LOG),
                    EX_REGS, new Figure(121, MIPS_LOG),
                    EX_REGS_RESTART, new Figure(121, "L4/MIPS kernel test logs, R4600, ex_regs restarting a running lthread (reference §9)"),
                    ID_NEAREST, new Figure(56, MIPS_LOG),
                    TASK_NEW, new Figure(3800, MIPS_LOG)));

    /** The operations {@code l4:costs} measures on {@code arch}, in print order. */
    public static List<String> operations(String arch) {
        if ("ix86".equals(arch)) {
            return List.of(IPC_INTER, IPC_INTRA, PAGE_FAULT, UNMAP, EX_REGS, EX_REGS_RESTART, ID_NEAREST, TASK_NEW, IPC_SMALL);
        }
        return List.of(IPC_INTER, IPC_INTRA, PAGE_FAULT, UNMAP, EX_REGS, EX_REGS_RESTART, ID_NEAREST, TASK_NEW);
    }

    /** The published figure, or null where the reference has none. */
    public static Figure figure(String arch, String operation) {
        Map<String, Figure> m = FIGURES.get(arch);
        return m == null ? null : m.get(operation);
    }

    /** {@code NAME SIMULATED PUBLISHED SOURCE}, with {@code -} for a missing published figure or measurement. */
    public static String line(String arch, String operation, Long simulated) {
        Figure f = figure(arch, operation);
        return operation + " " + (simulated == null ? "-" : simulated.toString()) + " "
                + (f == null ? "- -" : f.cycles() + " " + f.source());
    }
}
