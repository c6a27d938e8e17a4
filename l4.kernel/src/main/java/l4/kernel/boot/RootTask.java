package l4.kernel.boot;

import java.util.List;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root task: user-level code (it uses nothing but the L4 binding) that starts the configured
 * servers in tasks of their own, in the configured order, with σ0 as pager and itself as chief,
 * then supervises them. A server whose first thread is found stopped (its code ended or raised an
 * exception nobody handles) or gone (killed), whose code the machine replaced, or that the machine
 * asks it to kill, is started again by task_new of the same task number: the new incarnation has a
 * new version, so ids of the old one fail with 0x10 and clients look the server up again. A server
 * whose code is replaced is first asked to drain ({@link UserProgram#DRAIN}); servers replaced
 * together are restarted in the configured order. Between
 * events it waits; the machine cancels that wait (as lthread_ex_regs would) when something
 * outside changed, so an idle machine stays idle.
 */
public final class RootTask implements ThreadBody {
    private static final Logger LOG = LoggerFactory.getLogger(RootTask.class);
    /** thread_schedule's state field of a thread that stopped (ended, or an exception nobody handles). */
    static final int STOPPED = 14;

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

    private final ServerTable servers;
    private final int firstTask;

    public RootTask(List<Module> modules, int firstTask) {
        this(tableOf(modules), firstTask);
    }

    public RootTask(ServerTable servers, int firstTask) {
        this.servers = servers;
        this.firstTask = firstTask;
    }

    private static ServerTable tableOf(List<Module> modules) {
        ServerTable t = new ServerTable();
        for (Module m : modules) t.add(m.name, m.priority, m.main, "-");
        return t;
    }

    @Override
    public void run(L4 l4) {
        List<ServerTable.Entry> list = servers.entries();
        ThreadId[] ids = new ThreadId[list.size()];
        int[] generations = new int[list.size()];
        for (int i = 0; i < list.size(); i++) {
            generations[i] = list.get(i).generation;
            ids[i] = start(l4, list.get(i), firstTask + i, false);
            servers.handled(list.get(i), generations[i]);
        }
        int seen = servers.kicks();
        while (true) {
            // nothing sends to the root task: the machine cancels this wait when a server died or got new code
            if (servers.kicks() == seen) l4.waitAny(Timeout.NEVER);
            seen = servers.kicks();
            int[] now = servers.generations();
            for (int i = 0; i < ids.length; i++) {
                ServerTable.Entry e = list.get(i);
                int g = now[i];
                if (g != generations[i]) {
                    generations[i] = g;
                    String why = e.why;
                    if (ServerTable.NEW_CODE.equals(why) && ids[i] != null) drain(l4, e, ids[i]);
                    ids[i] = restart(l4, e, firstTask + i, why);
                    servers.handled(e, g);
                } else if (ids[i] != null && !alive(l4, ids[i])) {
                    ids[i] = restart(l4, e, firstTask + i, "died");
                }
            }
        }
    }

    /**
     * Asks a running server to drain ({@link UserProgram#DRAIN}) before its code is
     * replaced: it finishes what it has taken and replies. One that is not receiving within
     * {@link #DRAIN_SEND_MICROS} (a client program, busy in its own calls) or does not reply within
     * {@link #DRAIN_REPLY_MICROS} is replaced as it is.
     */
    private static void drain(L4 l4, ServerTable.Entry e, ThreadId id) {
        long[] w = new long[l4.messageRegisters()];
        w[0] = UserProgram.DRAIN;
        long from = l4.clockMicros();
        IpcResult r = l4.call(id, w, Timeout.of(DRAIN_SEND_MICROS, DRAIN_REPLY_MICROS));
        if (r.ok()) LOG.info("root task: {} drained in {} us", e.name, l4.clockMicros() - from);
        else LOG.info("root task: {} did not drain ({}), replacing it as it is", e.name, r.error());
    }

    /** Simulated time the root task waits for a server to take its drain request. */
    static final long DRAIN_SEND_MICROS = 100_000;
    /** Simulated time a server has to drain. */
    static final long DRAIN_REPLY_MICROS = 5_000_000;

    private static boolean alive(L4 l4, ThreadId id) {
        Schedule s = l4.threadSchedule(id, Schedule.UNCHANGED, ThreadId.INVALID);
        return !s.refused() && Schedule.state(s.oldParam()) != STOPPED;
    }

    private ThreadId restart(L4 l4, ServerTable.Entry e, int number, String why) {
        LOG.info("root task: {} in task {} {}, restarting it", e.name, number, why);
        ThreadId id = start(l4, e, number, true);
        // Counted once the new incarnation is in the table: a reader that sees the count sees it.
        e.restarts++;
        return id;
    }

    private static ThreadId start(L4 l4, ServerTable.Entry e, int number, boolean again) {
        ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
        long ip = l4.codeAddress(e.code);
        ThreadId id = l4.taskNew(ThreadId.of(0, 0, number, 0, 1), e.priority, 0, ip, sigma0, ThreadId.NIL);
        if (id.isNil()) {
            LOG.warn("root task: could not start {} in task {}", e.name, number);
            e.state = "not started";
            e.taskId = "-";
            return null;
        }
        Schedule s = l4.threadSchedule(id, Schedule.param(e.priority, 10_000), ThreadId.INVALID);
        e.taskId = id.toString();
        e.version = id.version();
        e.state = "running";
        if (!again) LOG.info("root task: started {} as {} ({})", e.name, id, s);
        return id;
    }
}
