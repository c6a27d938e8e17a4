package l4.kernel.ipc;

import l4.api.Fpage;
import l4.api.IoFpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.MsgDope;
import l4.api.Timeout;
import l4.kernel.object.GuestContext;
import l4.kernel.object.SendPhase;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.Transfer;
import l4.spi.Architecture;
import l4.spi.Cost;

/**
 * The memory part of a message: memory words, strings, and map/grant items. The memory words
 * are transferred whole, in addition to the register words: the send dope's word count counts
 * memory words only (L4/MIPS copies all its dwords besides the 8 registers). A fault in the
 * sender's space is bounded by the receiver's receive-pagefault timeout, one in the receiver's
 * space by the sender's send-pagefault timeout; a failed fault aborts the transfer with that
 * side's code for both partners.
 */
final class MessageCopy {

    private final Architecture arch;
    private final Meter meter;
    private final MessageMemory memory;
    private final long wordMask;
    private final Transfer tr;
    private final SendPhase m;
    private final long receiveDescriptor;
    private final Timeout receiverTimeout;
    private final int wb;
    private final int mr;
    private boolean mapped;
    /** Memory words and strings delivered so far (the receiver's result dope reports them). */
    private int memoryWords;
    private int strings;
    private long senderBuffer;
    private long receiverBuffer;
    private int failure;

    MessageCopy(Architecture arch, Meter meter, MessageMemory memory, Transfer tr, SendPhase m, long receiveDescriptor, int receiverTimeout) {
        this.arch = arch;
        this.meter = meter;
        this.memory = memory;
        this.wordMask = arch.wordBits() >= 64 ? -1L : (1L << arch.wordBits()) - 1;
        this.tr = tr;
        this.m = m;
        this.receiveDescriptor = receiveDescriptor;
        this.receiverTimeout = Timeout.ofRaw(receiverTimeout);
        this.wb = arch.wordBits() / 8;
        this.mr = arch.messageRegisters();
    }

    boolean mapped() { return mapped; }

    /** The word and string counts of the receiver's result dope: what was actually received. */
    int receivedDope() { return (int) MsgDope.of(memoryWords, strings); }

    private long readSender(long va) {
        long v = memory.readWord(tr.sender, va, receiverTimeout.receivePagefaultMicros(), this::aborted);
        if (memory.lastFailed()) failure = IpcError.RECEIVE_PF_TIMEOUT.code();
        return v;
    }

    private long readReceiver(long va) {
        long v = memory.readWord(tr.receiver, va, m.timeout.sendPagefaultMicros(), this::aborted);
        if (memory.lastFailed()) failure = IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
        return v;
    }

    private boolean writeReceiver(long va, long value) {
        boolean ok = memory.writeWord(tr.receiver, va, value, m.timeout.sendPagefaultMicros(), this::aborted);
        if (!ok) failure = IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
        return ok;
    }

    private boolean aborted() { return tr.aborted; }

    /** Copies the memory words and the strings; returns 0 or the receive-phase error code. */
    int copyMemoryPart() {
        if (m.kernelFrame != null) return copyFrameOut(m.kernelFrame);
        senderBuffer = IpcDescriptor.pointer(m.descriptor);
        if (senderBuffer == 0) return 0;
        meter.charge(Cost.IPC_LONG_SETUP);
        long sizeDope = readSender(senderBuffer + wb);
        long sendDope = readSender(senderBuffer + 2L * wb);
        if (failure != 0) return failure;
        int words = MsgDope.words(sendDope);
        int strings = MsgDope.strings(sendDope);
        int senderCapacity = MsgDope.words(sizeDope);
        GuestContext frameReply = frameReceiver();
        if (frameReply != null) return copyFrameIn(frameReply, words);
        boolean hasBuffer = !IpcDescriptor.hasWindow(receiveDescriptor) && IpcDescriptor.pointer(receiveDescriptor) != 0;
        if (!hasBuffer) {
            return words > 0 || strings > 0 ? IpcError.RECEIVE_CUT.code() : 0;
        }
        receiverBuffer = IpcDescriptor.pointer(receiveDescriptor);
        long rsize = readReceiver(receiverBuffer + wb);
        if (failure != 0) return failure;
        int capacity = MsgDope.words(rsize);
        int rstrings = MsgDope.strings(rsize);
        boolean cut = false;
        int delivered = Math.min(words, capacity);
        if (words > capacity) cut = true;
        for (int i = 0; i < delivered; i++) {
            long v = readSender(senderBuffer + (3L + i) * wb);
            if (failure != 0 || !writeReceiver(receiverBuffer + (3L + i) * wb, v)) return failure;
            meter.charge(Cost.IPC_COPY_WORD);
            memoryWords = i + 1;
            if (aborted()) return IpcError.RECEIVE_ABORTED.code();
        }
        int deliveredStrings = Math.min(strings, rstrings);
        if (strings > rstrings) cut = true;
        for (int j = 0; j < deliveredStrings; j++) {
            long sd = senderBuffer + (3L + senderCapacity + 4L * j) * wb;
            long rd = receiverBuffer + (3L + capacity + 4L * j) * wb;
            long sendSize = readSender(sd);
            long sendAddr = readSender(sd + wb);
            long rcvSize = readReceiver(rd + 2L * wb);
            long rcvAddr = readReceiver(rd + 3L * wb);
            if (failure != 0) return failure;
            if (sendSize < 0 || sendSize > (4L << 20)) return IpcError.RECEIVE_CUT.code();
            long n = Math.min(sendSize, rcvSize);
            if (sendSize > rcvSize) cut = true;
            int err = copyString(sendAddr, rcvAddr, n);
            if (err != 0) return err;
            if (!writeReceiver(rd, n)) return failure;
            this.strings = j + 1;
        }
        return cut ? IpcError.RECEIVE_CUT.code() : 0;
    }

    /**
     * A guest thread waiting for the reply to its exception message receives the memory words
     * into its frame (kernel memory), not into user memory: the excepter's reply sets its registers.
     */
    private GuestContext frameReceiver() {
        Tcb r = tr.receiver;
        GuestContext g = r.guest;
        return g != null && g.frameSending && r.state.rpc() == ThreadState.Rpc.EXCEPTION ? g : null;
    }

    /** The sender's first memory words into the receiver's frame; more than the frame holds is cut. */
    private int copyFrameIn(GuestContext g, int words) {
        int n = Math.min(words, g.frameIn.length);
        for (int i = 0; i < n; i++) {
            long v = readSender(senderBuffer + (3L + i) * wb);
            if (failure != 0) return failure;
            g.frameIn[i] = v;
            meter.charge(Cost.IPC_COPY_WORD);
        }
        g.frameInWords = n;
        memoryWords = n;
        return words > n ? IpcError.RECEIVE_CUT.code() : 0;
    }

    /**
     * A guest thread's exception message: its register frame, from the kernel, into the
     * receiver's buffer as memory words. A receiver without a memory buffer gets the register
     * words only; one whose buffer is smaller than the frame gets the frame cut (0xE0).
     */
    private int copyFrameOut(long[] frame) {
        meter.charge(Cost.IPC_LONG_SETUP);
        boolean hasBuffer = !IpcDescriptor.hasWindow(receiveDescriptor) && IpcDescriptor.pointer(receiveDescriptor) != 0;
        if (!hasBuffer) return 0;
        receiverBuffer = IpcDescriptor.pointer(receiveDescriptor);
        long rsize = readReceiver(receiverBuffer + wb);
        if (failure != 0) return failure;
        int n = Math.min(frame.length, MsgDope.words(rsize));
        for (int i = 0; i < n; i++) {
            if (!writeReceiver(receiverBuffer + (3L + i) * wb, frame[i])) return failure;
            meter.charge(Cost.IPC_COPY_WORD);
            memoryWords = i + 1;
            if (aborted()) return IpcError.RECEIVE_ABORTED.code();
        }
        return n < frame.length ? IpcError.RECEIVE_CUT.code() : 0;
    }

    private int copyString(long from, long to, long n) {
        byte[] chunk = new byte[4096];
        long done = 0;
        while (done < n) {
            int len = (int) Math.min(chunk.length - ((from + done) & 0xFFF), Math.min(n - done, chunk.length - ((to + done) & 0xFFF)));
            if (!memory.read(tr.sender, from + done, chunk, len, receiverTimeout.receivePagefaultMicros(), this::aborted)) {
                return aborted() ? IpcError.RECEIVE_ABORTED.code() : IpcError.RECEIVE_PF_TIMEOUT.code();
            }
            if (!memory.write(tr.receiver, to + done, chunk, len, m.timeout.sendPagefaultMicros(), this::aborted)) {
                return aborted() ? IpcError.RECEIVE_ABORTED.code() : IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
            }
            meter.charge(Cost.IPC_COPY_WORD, (len + wb - 1) / wb);
            done += len;
        }
        return 0;
    }

    /**
     * Map/grant items: word pairs (hot spot, fpage) read from the register words and then the
     * delivered memory words, until an invalid fpage. Returns -1 if reading the receiver's window
     * faulted.
     */
    int mapItems(long[] registerWords) {
        Fpage window;
        if (IpcDescriptor.hasWindow(receiveDescriptor)) {
            window = IpcDescriptor.window(receiveDescriptor);
        } else if (IpcDescriptor.pointer(receiveDescriptor) != 0 && receiveDescriptor != -1) {
            long w = readReceiver(IpcDescriptor.pointer(receiveDescriptor));
            if (failure != 0) return -1;
            window = Fpage.decode(w);
        } else {
            window = Fpage.NIL;
        }
        int total = mr + memoryWords;
        for (int i = 0; i + 1 < total; i += 2) {
            long hot = i < mr ? registerWords[i] : readSender(senderBuffer + (3L + i - mr) * wb);
            long fp = i + 1 < mr ? registerWords[i + 1] : readSender(senderBuffer + (3L + i + 1 - mr) * wb);
            if (failure != 0) return -1;
            if (memory.ioPorts() && IoFpage.isIoFpage(fp & wordMask)) {
                // ix86 I/O fpage: the receive window does not matter, only that there is one.
                IoFpage io = IoFpage.decode(fp & wordMask);
                if (io.isNil()) break;
                if (window.isNil()) continue;
                mapped = true;
                memory.mapIoItem(tr.sender, io, tr.receiver);
                continue;
            }
            Fpage item = Fpage.decode(fp);
            if (item.isNil() || item.sizeLog2() > arch.wholeSpaceSizeLog2()) break;
            if (window.isNil()) continue;
            mapped = true;
            memory.mapItem(tr.sender, item, hot, tr.receiver, window);
        }
        return 0;
    }
}
