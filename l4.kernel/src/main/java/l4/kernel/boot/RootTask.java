package l4.kernel.boot;

import java.util.List;
import l4.api.L4;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root task: user-level code (it uses nothing but the L4 binding) that starts the configured
 * servers in tasks of their own, in the configured order, with σ0 as pager and itself as chief,
 * then sleeps. Which servers and how is policy, handed to it like a boot loader's module list.
 */
public final class RootTask implements ThreadBody {
    private static final Logger LOG = LoggerFactory.getLogger(RootTask.class);

    /** One boot module: a program's entry and how to start it. */
    public static final class Module {
        final String name;
        final ThreadBody main;
        final int priority;

        public Module(String name, ThreadBody main, int priority) {
            this.name = name;
            this.main = main;
            this.priority = priority;
        }
    }

    private final List<Module> modules;
    private final int firstTask;

    public RootTask(List<Module> modules, int firstTask) {
        this.modules = List.copyOf(modules);
        this.firstTask = firstTask;
    }

    @Override
    public void run(L4 l4) {
        ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
        int number = firstTask;
        for (Module m : modules) {
            long ip = l4.codeAddress(m.main);
            ThreadId id = l4.taskNew(ThreadId.of(0, 0, number, 0, 1), m.priority, 0, ip, sigma0, ThreadId.NIL);
            if (id.isNil()) {
                LOG.warn("root task: could not start {} in task {}", m.name, number);
            } else {
                Schedule s = l4.threadSchedule(id, Schedule.param(m.priority, 10_000), ThreadId.INVALID);
                LOG.info("root task: started {} as {} ({})", m.name, id, s);
            }
            number++;
        }
        while (true) {
            l4.receive(ThreadId.INVALID, Timeout.NEVER);
        }
    }
}
