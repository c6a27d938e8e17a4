package l4.linuxserver.mm;

/**
 * Where the layer gets page frames from: σ0 through the server's pager in the L4 transport, a
 * plain pool in the co-located mode. {@link #allocate()} returns a zeroed frame or null when memory
 * is exhausted.
 */
public interface FramePool {
    Frame allocate();

    void release(Frame frame);
}
