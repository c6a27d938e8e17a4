package l4.api;

/**
 * The code of a Java user thread. It runs as a coroutine under the kernel's control and touches
 * the world only through {@code l4}: system calls and its own memory view. Returning ends the
 * thread (it stops, as L4 threads are never deleted); an exception is an exception of the thread.
 */
@FunctionalInterface
public interface ThreadBody {
    void run(L4 l4) throws Exception;
}
