package l4.kernel.user;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the host threads that carry simulated threads: virtual threads when the JDK has them
 * (a hand-off costs about a fiftieth of a platform-thread hand-off), platform threads otherwise.
 * Found at run time so one jar serves JDK 17 to 25.
 */
public final class HostThreads {
    /**
     * After this many runaway threads still spinning in one JVM, each holding a host core (and
     * perhaps a virtual-thread carrier), the shell advises a JVM restart.
     */
    public static final int RESTART_ADVISED = 3;
    /**
     * Runaway threads of any machine of this JVM that still run on their hosts. JVM-wide by
     * nature: the virtual-thread carriers a spinner pins are the JVM's, not one machine's.
     */
    private static final AtomicInteger SPINNING = new AtomicInteger();

    private final MethodHandle ofVirtual;
    private final MethodHandle unstarted;
    private final MethodHandle name;

    /**
     * Virtual threads if {@code allowVirtual}, the JDK has them and no abandoned runaway thread
     * still spins in this JVM: a spinning virtual thread keeps its carrier for good, and the
     * next machine must not need it, so machines booted after a spinner run on platform threads.
     */
    public HostThreads(boolean allowVirtual) {
        MethodHandle ov = null, un = null, nm = null;
        if (allowVirtual && SPINNING.get() == 0) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                ov = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
                un = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
                nm = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
                Object b = ov.invoke();
                un.invoke(b, (Runnable) () -> { }); // probe: preview-gated JDKs throw here
            } catch (Throwable notAvailable) {
                ov = null;
            }
        }
        this.ofVirtual = ov;
        this.unstarted = un;
        this.name = nm;
    }

    public boolean virtual() { return ofVirtual != null; }

    /** Counts {@code spinner}'s host as a runaway until it ends (at its next system call, if it makes one). */
    public static void abandoned(Coroutine spinner) {
        SPINNING.incrementAndGet();
        spinner.terminated().whenComplete((done, failure) -> SPINNING.decrementAndGet());
    }

    /** Abandoned runaway threads of this JVM that still run on their hosts. */
    public static int spinning() { return SPINNING.get(); }

    public Thread create(String threadName, Runnable body) {
        if (ofVirtual != null) {
            try {
                Object b = name.invoke(ofVirtual.invoke(), threadName);
                return (Thread) unstarted.invoke(b, body);
            } catch (Throwable e) {
                throw new IllegalStateException("virtual thread creation failed", e);
            }
        }
        Thread t = new Thread(body, threadName);
        t.setDaemon(true);
        return t;
    }
}
