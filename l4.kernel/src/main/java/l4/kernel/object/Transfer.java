package l4.kernel.object;

import l4.api.Fpage;

/**
 * A message transfer in progress, as a continuation: the message, the copy's cursors and the
 * page-fault RPC it waits for. A long message whose copy faults leaves its progress here and the
 * copier's IPC system call waits (at its trap, or as data for a guest thread); when the fault
 * RPC ends (the pager's reply, the page-fault timeout, a cancel, abort or kill) the kernel goes on
 * from these cursors. From the start of a transfer on, an ex_regs or kill aborts instead of
 * cancelling.
 */
public final class Transfer {
    /** The copier: the sender, whose IPC call runs the transfer. */
    public final Tcb sender;
    public final Tcb receiver;
    /** The receiver's kind before the transfer (in page fault: it receives its pager's reply). */
    public final ThreadState.Kind receiverKind;
    /** The message; its register words stay the sender's until its send phase ends, after the transfer. */
    public final SendPhase message;
    /** The receiver's receive descriptor and timeout word (its p_r bounds faults in the sender's space). */
    public final long receiveDescriptor;
    public final int receiverTimeout;
    public final boolean memoryPart;
    public final boolean mapItems;
    /** Set by ex_regs/task_new on either partner; the copy checks it. */
    public boolean aborted;

    // ---- cursors ------------------------------------------------------------------------------

    /** What the copy does next. */
    public enum Stage { MEMORY, MAP_ITEMS, DONE }

    public Stage stage = Stage.MEMORY;
    /** The step within the stage (header words, memory words, strings, frame, map items). */
    public int step;
    /** The access within a step (which header word of a string, read or write of a word). */
    public int access;
    /** Memory word, string or map item the copy is at. */
    public int index;
    /** Bytes of the current string copied. */
    public long offset;
    /** Bytes of the current access done (an access may span two pages). */
    public int accessDone;
    /** The word or chunk in flight between reading it from the sender and writing it to the receiver. */
    public long value;
    public final byte[] word = new byte[8];
    /** A page's worth of a string in flight; allocated at the first string (most transfers are map items only). */
    public byte[] chunk;
    public int chunkLength;

    /** The buffers, dopes and counts read so far. */
    public long senderBuffer;
    public long receiverBuffer;
    public long sizeDope;
    public long sendDope;
    public long receiveSizeDope;
    public int words;
    public int strings;
    public int senderCapacity;
    public int capacity;
    public int receiverStrings;
    public int deliveredWords;
    public int deliveredStrings;
    public boolean cut;
    /** The current string: size and address on both sides, and how much is copied. */
    public long sendSize;
    public long sendAddress;
    public long receiveSize;
    public long receiveAddress;
    public long stringLength;
    /** The receive window of the map items; the hot spot of the current item. */
    public Fpage window;
    public long hotSpot;
    /** The failure of the last word access (a page-fault timeout code), 0 if none. */
    public int failure;

    /** What the receiver's result dope reports: memory words and strings delivered. */
    public int memoryWordsDone;
    public int stringsDone;
    public boolean mapped;
    /** The codes so far: the sender's and the receiver's. */
    public int senderError;
    public int receiverError;

    // ---- the page-fault RPC the copy waits for ------------------------------------------------

    /** The thread in whose name the RPC runs (sender or receiver: whose space faulted); null if none. */
    public Tcb faulter;
    /** The RPC's saved-state record (whoever ends the RPC for the faulter puts it back first). */
    public ThreadState.Saved faultRpc;
    /** Its page-fault timeout (µs): the receiver's p_r for the sender's space, the sender's p_s for the receiver's. */
    public long faultMicros;
    /** How the RPC ended (reply or not), for the access that faulted to read when the copy goes on; -1: none. */
    public int faultResult = -1;

    public Transfer(Tcb sender, Tcb receiver, ThreadState.Kind receiverKind, SendPhase message, long receiveDescriptor,
                    int receiverTimeout, boolean memoryPart, boolean mapItems) {
        this.sender = sender;
        this.receiver = receiver;
        this.receiverKind = receiverKind;
        this.message = message;
        this.receiveDescriptor = receiveDescriptor;
        this.receiverTimeout = receiverTimeout;
        this.memoryPart = memoryPart;
        this.mapItems = mapItems;
    }

    /** Whether the copy waits for a page-fault RPC. */
    public boolean waitsForFault() { return faulter != null; }
}
