package l4.kernel.debug;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import l4.kernel.object.Tcb;
import l4.kernel.sched.Clock;
import l4.kernel.user.Coroutine;

/**
 * Watches one machine from a host thread of its own for a runaway: a simulated thread that has
 * held the CPU for {@code limitMillis} of host time while its host runs (RUNNABLE) and simulated
 * time stands still, i.e. Java code looping without a system call, memory access or
 * {@code compute} (its only preemption points; the JDK cannot stop a thread). Only the CPU's
 * holder, simulated time and the host's state are sampled, so the IPC path pays nothing.
 *
 * <p>A host that the OS merely does not schedule also looks like this: where the JDK measures a
 * thread's CPU time (platform threads), a thread that got less than 5% of the window is given up
 * to three times the limit (a loaded host gives a spinner a small share: 10% was seen with a load
 * of 13 on 2 cores, less with several spinners). Held time is counted from the watcher's own
 * samples, each worth at most two periods: when the watcher itself was not run (a garbage
 * collection pause, a loaded host), neither was the thread it watches, and that gap is no evidence.
 */
public final class RunawayDetector implements Runnable {
    /** What the watch samples of its machine, and what it tells it. */
    public interface Watched {
        /** True once the machine is halted: the watch ends. */
        boolean halted();

        /** The thread that holds the CPU, or null. */
        Tcb current();

        /** {@code t} held the CPU in Java code for {@code heldMillis} host ms: the machine abandons it. */
        void abandonRunaway(Tcb t, long heldMillis);
    }

    private final Watched machine;
    private final Clock clock;
    private final long limitNanos;
    private final long periodMillis;
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    private RunawayDetector(Watched machine, Clock clock, long limitMillis) {
        this.machine = machine;
        this.clock = clock;
        this.limitNanos = limitMillis * 1_000_000L;
        this.periodMillis = Math.max(10, limitMillis / 5);
    }

    /** Starts watching on a daemon host thread; it ends with the machine or after one runaway. */
    public static void start(Watched machine, Clock clock, long limitMillis) {
        Thread t = new Thread(new RunawayDetector(machine, clock, limitMillis), "l4-runaway-watch");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        Tcb holder = null;
        long cycles = -1;
        long held = 0;
        long cpuSince = -1;
        long periodNanos = periodMillis * 1_000_000L;
        long lastSample = System.nanoTime();
        try {
            while (!machine.halted()) {
                Thread.sleep(periodMillis);
                long sampled = System.nanoTime();
                long credit = Math.min(sampled - lastSample, 2 * periodNanos);
                lastSample = sampled;
                Tcb now = machine.current();
                long c = clock.cycles();
                Coroutine co = now == null ? null : now.coroutine;
                Thread host = co == null ? null : co.host();
                if (now == null || host == null || now != holder || c != cycles || host.getState() != Thread.State.RUNNABLE) {
                    holder = now;
                    cycles = c;
                    held = 0;
                    cpuSince = cpuTime(host);
                    continue;
                }
                held += credit;
                if (held < limitNanos) continue;
                long cpu = cpuTime(host);
                boolean starved = cpuSince >= 0 && cpu >= 0 && cpu - cpuSince < held / 20;
                if (starved && held < 3 * limitNanos) continue; // the OS does not run it: wait a little longer
                machine.abandonRunaway(now, held / 1_000_000L);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The host's CPU time in ns, or -1 where the JDK does not measure it (virtual threads). */
    @SuppressWarnings("deprecation") // Thread.getId: Thread.threadId is JDK 19+
    private long cpuTime(Thread host) {
        if (host == null || !mx.isThreadCpuTimeSupported()) return -1;
        try {
            return mx.getThreadCpuTime(host.getId());
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }
}
