package l4.kernel.ipc;

import java.util.function.BooleanSupplier;
import l4.api.Fpage;
import l4.api.IoFpage;
import l4.kernel.object.Tcb;

/**
 * What the memory part of a message needs: user memory of either partner through the MMU (a
 * missing page is a page-fault RPC bounded by {@code pfMicros}; {@code aborted} stops waiting),
 * and the map and grant items.
 */
public interface MessageMemory {
    long readWord(Tcb owner, long va, long pfMicros, BooleanSupplier aborted);

    /** Whether the last {@link #readWord} failed. */
    boolean lastFailed();

    boolean writeWord(Tcb owner, long va, long value, long pfMicros, BooleanSupplier aborted);

    boolean read(Tcb owner, long va, byte[] into, int length, long pfMicros, BooleanSupplier aborted);

    boolean write(Tcb owner, long va, byte[] from, int length, long pfMicros, BooleanSupplier aborted);

    void mapItem(Tcb sender, Fpage item, long hotSpot, Tcb receiver, Fpage window);

    /** Whether the machine has I/O ports (ix86), whose fpages map through {@link #mapIoItem}. */
    boolean ioPorts();

    void mapIoItem(Tcb sender, IoFpage item, Tcb receiver);
}
