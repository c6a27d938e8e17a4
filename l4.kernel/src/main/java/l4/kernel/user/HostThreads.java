package l4.kernel.user;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Creates the host threads that carry simulated threads: virtual threads when the JDK has them
 * (a hand-off costs about a fiftieth of a platform-thread hand-off), platform threads otherwise.
 * Found at run time so one jar serves JDK 17 to 25.
 */
public final class HostThreads {
    private final MethodHandle ofVirtual;
    private final MethodHandle unstarted;
    private final MethodHandle name;

    public HostThreads(boolean allowVirtual) {
        MethodHandle ov = null, un = null, nm = null;
        if (allowVirtual) {
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
