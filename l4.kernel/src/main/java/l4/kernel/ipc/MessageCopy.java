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
import l4.spi.Translation;

/**
 * The memory part of a message: memory words, strings, and map/grant items. The memory words
 * are transferred whole, in addition to the register words: the send dope's word count counts
 * memory words only (L4/MIPS copies all its dwords besides the 8 registers). A fault in the
 * sender's space is bounded by the receiver's receive-pagefault timeout, one in the receiver's
 * space by the sender's send-pagefault timeout; a failed fault aborts the transfer with that
 * side's code for both partners.
 *
 * <p>The copy is resumable: every cursor is in the {@link Transfer}, and each step does one
 * access. An access that faults starts the page-fault RPC in the name of the partner whose space
 * faulted and returns {@link #WAITING}; when the RPC has ended, the same step runs again and its
 * access goes on from how the RPC ended ({@link Transfer#faultResult}). No host waits inside.
 */
final class MessageCopy {
    /** Returned while the copy waits for a page-fault RPC (recorded in the transfer). */
    static final int WAITING = Integer.MIN_VALUE;

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int PENDING = 2;
    /** {@link #translate}: no access (failed), or waiting for the fault RPC. */
    private static final long NO_ACCESS = -1;
    private static final long FAULT_PENDING = -2;
    /** Accesses go page by page (4 KiB, the smallest page on both architectures). */
    private static final int PAGE = 4096;

    // steps of the memory part
    private static final int START = 0;
    private static final int SIZE_DOPE = 1;
    private static final int SEND_DOPE = 2;
    private static final int RECEIVE_SIZE = 3;
    private static final int WORDS = 4;
    private static final int STRING_HEADER = 5;
    private static final int STRING_BYTES = 6;
    private static final int STRING_SIZE = 7;
    private static final int FRAME_IN = 8;
    private static final int FRAME_OUT_SIZE = 9;
    private static final int FRAME_OUT = 10;

    private final Architecture arch;
    private final Meter meter;
    private final MessageMemory memory;
    private final long wordMask;
    private final int wb;
    private final int mr;

    MessageCopy(Architecture arch, Meter meter, MessageMemory memory) {
        this.arch = arch;
        this.meter = meter;
        this.memory = memory;
        this.wordMask = arch.wordBits() >= 64 ? -1L : (1L << arch.wordBits()) - 1;
        this.wb = arch.wordBits() / 8;
        this.mr = arch.messageRegisters();
    }

    /** The word and string counts of the receiver's result dope: what was actually received. */
    static int receivedDope(Transfer tr) { return (int) MsgDope.of(tr.memoryWordsDone, tr.stringsDone); }

    // ---- accesses --------------------------------------------------------------------------

    private static long receiverPf(Transfer tr) { return Timeout.ofRaw(tr.receiverTimeout).receivePagefaultMicros(); }

    private static long senderPf(Transfer tr) { return tr.message.timeout.sendPagefaultMicros(); }

    /** A word of the sender's space into {@code tr.value}; false while the copy waits for a fault RPC. */
    private boolean readSender(Transfer tr, long va) {
        int s = access(tr, tr.sender, va, tr.word, wb, false, receiverPf(tr));
        if (s == PENDING) return false;
        if (s == FAILED) tr.failure = IpcError.RECEIVE_PF_TIMEOUT.code();
        else tr.value = decode(tr.word);
        return true;
    }

    private boolean readReceiver(Transfer tr, long va) {
        int s = access(tr, tr.receiver, va, tr.word, wb, false, senderPf(tr));
        if (s == PENDING) return false;
        if (s == FAILED) tr.failure = IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
        else tr.value = decode(tr.word);
        return true;
    }

    private int writeReceiver(Transfer tr, long va, long value) {
        for (int i = 0; i < wb; i++) tr.word[i] = (byte) (value >>> (8 * i));
        int s = access(tr, tr.receiver, va, tr.word, wb, true, senderPf(tr));
        if (s == FAILED) tr.failure = IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
        return s;
    }

    private long decode(byte[] b) {
        long v = 0;
        for (int i = 0; i < wb; i++) v |= (b[i] & 0xFFL) << (8 * i);
        return v;
    }

    /** {@code length} bytes at {@code va} in {@code owner}'s space, page by page: OK, FAILED or PENDING. */
    private int access(Transfer tr, Tcb owner, long va, byte[] buf, int length, boolean write, long pfMicros) {
        while (tr.accessDone < length) {
            long a = va + tr.accessDone;
            int n = (int) Math.min(length - tr.accessDone, PAGE - (a & 0xFFF));
            long pa = translate(tr, owner, a, write, pfMicros);
            if (pa == FAULT_PENDING) return PENDING;
            if (pa < 0) {
                tr.accessDone = 0;
                return FAILED;
            }
            if (write) memory.writePhysical(pa, buf, tr.accessDone, n);
            else memory.readPhysical(pa, buf, tr.accessDone, n);
            tr.accessDone += n;
        }
        tr.accessDone = 0;
        return OK;
    }

    /**
     * The physical address for one access, taking the page-fault RPC in the owner's name when
     * the page is missing: {@link #FAULT_PENDING} while the RPC waits (the step runs again when it
     * has ended), {@link #NO_ACCESS} when the access fails. Decision 5: a reply that mapped nothing
     * ends the copy as if the page-fault timeout had expired.
     */
    private long translate(Transfer tr, Tcb owner, long va, boolean write, long pfMicros) {
        int r = tr.faultResult;
        tr.faultResult = -1;
        if (owner.task.space == null || !owner.active()) return NO_ACCESS; // killed during the transfer
        if (r < 0 && !memory.inUserSpace(va)) return NO_ACCESS;
        while (true) {
            if (r < 0) {
                Translation t = memory.translate(owner, va, write);
                if (t.ok()) return t.physical();
                if (tr.aborted) return NO_ACCESS;
                r = memory.pageFault(owner, tr.sender, va, write, t.fault() == Translation.Fault.WRITE_PROTECTED, pfMicros);
                if (r == IpcPath.PF_PENDING) {
                    tr.faulter = owner;
                    tr.faultRpc = owner.state.saved();
                    tr.faultMicros = pfMicros;
                    return FAULT_PENDING;
                }
            }
            if (r != IpcPath.PF_REPLIED || tr.aborted) return NO_ACCESS;
            if (!memory.translate(owner, va, write).ok()) return NO_ACCESS;
            r = -1;
        }
    }

    // ---- the memory part -------------------------------------------------------------------

    private static boolean hasBuffer(Transfer tr) {
        return !IpcDescriptor.hasWindow(tr.receiveDescriptor) && IpcDescriptor.pointer(tr.receiveDescriptor) != 0;
    }

    /** Copies the memory words and the strings from the transfer's cursors on; 0, the receive-phase error code, or {@link #WAITING}. */
    int memoryPart(Transfer tr) {
        SendPhase m = tr.message;
        while (true) {
            switch (tr.step) {
                case START:
                    if (m.kernelFrame != null) {
                        meter.charge(Cost.IPC_LONG_SETUP);
                        if (!hasBuffer(tr)) return 0;
                        tr.receiverBuffer = IpcDescriptor.pointer(tr.receiveDescriptor);
                        tr.step = FRAME_OUT_SIZE;
                        break;
                    }
                    tr.senderBuffer = IpcDescriptor.pointer(m.descriptor);
                    if (tr.senderBuffer == 0) return 0;
                    meter.charge(Cost.IPC_LONG_SETUP);
                    tr.step = SIZE_DOPE;
                    break;
                case SIZE_DOPE:
                    if (!readSender(tr, tr.senderBuffer + wb)) return WAITING;
                    tr.sizeDope = tr.value;
                    tr.step = SEND_DOPE;
                    break;
                case SEND_DOPE: {
                    if (!readSender(tr, tr.senderBuffer + 2L * wb)) return WAITING;
                    tr.sendDope = tr.value;
                    if (tr.failure != 0) return tr.failure;
                    tr.words = MsgDope.words(tr.sendDope);
                    tr.strings = MsgDope.strings(tr.sendDope);
                    tr.senderCapacity = MsgDope.words(tr.sizeDope);
                    GuestContext g = frameReceiver(tr);
                    if (g != null) {
                        tr.deliveredWords = Math.min(tr.words, g.frameIn.length);
                        tr.index = 0;
                        tr.step = FRAME_IN;
                        break;
                    }
                    if (!hasBuffer(tr)) return tr.words > 0 || tr.strings > 0 ? IpcError.RECEIVE_CUT.code() : 0;
                    tr.receiverBuffer = IpcDescriptor.pointer(tr.receiveDescriptor);
                    tr.step = RECEIVE_SIZE;
                    break;
                }
                case RECEIVE_SIZE:
                    if (!readReceiver(tr, tr.receiverBuffer + wb)) return WAITING;
                    if (tr.failure != 0) return tr.failure;
                    tr.receiveSizeDope = tr.value;
                    tr.capacity = MsgDope.words(tr.value);
                    tr.receiverStrings = MsgDope.strings(tr.value);
                    tr.deliveredWords = Math.min(tr.words, tr.capacity);
                    if (tr.words > tr.capacity) tr.cut = true;
                    tr.index = 0;
                    tr.access = 0;
                    tr.step = WORDS;
                    break;
                case WORDS: {
                    if (tr.index >= tr.deliveredWords) {
                        tr.deliveredStrings = Math.min(tr.strings, tr.receiverStrings);
                        if (tr.strings > tr.receiverStrings) tr.cut = true;
                        tr.index = 0;
                        tr.access = 0;
                        tr.step = STRING_HEADER;
                        break;
                    }
                    long off = (3L + tr.index) * wb;
                    if (tr.access == 0) {
                        if (!readSender(tr, tr.senderBuffer + off)) return WAITING;
                        if (tr.failure != 0) return tr.failure;
                        tr.access = 1;
                    }
                    int s = writeReceiver(tr, tr.receiverBuffer + off, tr.value);
                    if (s == PENDING) return WAITING;
                    if (s == FAILED) return tr.failure;
                    meter.charge(Cost.IPC_COPY_WORD);
                    tr.memoryWordsDone = tr.index + 1;
                    tr.index++;
                    tr.access = 0;
                    if (tr.aborted) return IpcError.RECEIVE_ABORTED.code();
                    break;
                }
                case STRING_HEADER: {
                    if (tr.index >= tr.deliveredStrings) return tr.cut ? IpcError.RECEIVE_CUT.code() : 0;
                    long sd = senderString(tr);
                    long rd = receiverString(tr);
                    while (tr.access < 4) {
                        boolean done;
                        switch (tr.access) {
                            case 0:
                                done = readSender(tr, sd);
                                if (done) tr.sendSize = tr.value;
                                break;
                            case 1:
                                done = readSender(tr, sd + wb);
                                if (done) tr.sendAddress = tr.value;
                                break;
                            case 2:
                                done = readReceiver(tr, rd + 2L * wb);
                                if (done) tr.receiveSize = tr.value;
                                break;
                            default:
                                done = readReceiver(tr, rd + 3L * wb);
                                if (done) tr.receiveAddress = tr.value;
                                break;
                        }
                        if (!done) return WAITING;
                        tr.access++;
                    }
                    if (tr.failure != 0) return tr.failure;
                    if (tr.sendSize < 0 || tr.sendSize > (4L << 20)) return IpcError.RECEIVE_CUT.code();
                    tr.stringLength = Math.min(tr.sendSize, tr.receiveSize);
                    if (tr.chunk == null) tr.chunk = new byte[PAGE];
                    if (tr.sendSize > tr.receiveSize) tr.cut = true;
                    tr.offset = 0;
                    tr.access = 0;
                    tr.step = STRING_BYTES;
                    break;
                }
                case STRING_BYTES: {
                    if (tr.offset >= tr.stringLength) {
                        tr.step = STRING_SIZE;
                        break;
                    }
                    long from = tr.sendAddress + tr.offset;
                    long to = tr.receiveAddress + tr.offset;
                    if (tr.access == 0) {
                        tr.chunkLength = (int) Math.min(PAGE - (from & 0xFFF), Math.min(tr.stringLength - tr.offset, PAGE - (to & 0xFFF)));
                        int s = access(tr, tr.sender, from, tr.chunk, tr.chunkLength, false, receiverPf(tr));
                        if (s == PENDING) return WAITING;
                        if (s == FAILED) return tr.aborted ? IpcError.RECEIVE_ABORTED.code() : IpcError.RECEIVE_PF_TIMEOUT.code();
                        tr.access = 1;
                    }
                    int s = access(tr, tr.receiver, to, tr.chunk, tr.chunkLength, true, senderPf(tr));
                    if (s == PENDING) return WAITING;
                    if (s == FAILED) return tr.aborted ? IpcError.RECEIVE_ABORTED.code() : IpcError.SEND_PF_TIMEOUT_RECEIVER.code();
                    meter.charge(Cost.IPC_COPY_WORD, (tr.chunkLength + wb - 1) / wb);
                    tr.offset += tr.chunkLength;
                    tr.access = 0;
                    break;
                }
                case STRING_SIZE: {
                    int s = writeReceiver(tr, receiverString(tr), tr.stringLength);
                    if (s == PENDING) return WAITING;
                    if (s == FAILED) return tr.failure;
                    tr.stringsDone = tr.index + 1;
                    tr.index++;
                    tr.access = 0;
                    tr.step = STRING_HEADER;
                    break;
                }
                case FRAME_IN: {
                    // A guest thread waiting for the reply to its exception message receives the
                    // memory words into its frame (kernel memory): the excepter's reply sets its registers.
                    GuestContext g = tr.receiver.guest;
                    if (g == null) return IpcError.RECEIVE_ABORTED.code(); // killed meanwhile
                    if (tr.index < tr.deliveredWords) {
                        if (!readSender(tr, tr.senderBuffer + (3L + tr.index) * wb)) return WAITING;
                        if (tr.failure != 0) return tr.failure;
                        g.frameIn[tr.index] = tr.value;
                        meter.charge(Cost.IPC_COPY_WORD);
                        tr.index++;
                        break;
                    }
                    g.frameInWords = tr.deliveredWords;
                    tr.memoryWordsDone = tr.deliveredWords;
                    return tr.words > tr.deliveredWords ? IpcError.RECEIVE_CUT.code() : 0;
                }
                case FRAME_OUT_SIZE:
                    // A guest thread's exception message: its register frame, from the kernel, into
                    // the receiver's buffer as memory words; a smaller buffer gets the frame cut.
                    if (!readReceiver(tr, tr.receiverBuffer + wb)) return WAITING;
                    if (tr.failure != 0) return tr.failure;
                    tr.deliveredWords = Math.min(m.kernelFrame.length, MsgDope.words(tr.value));
                    tr.index = 0;
                    tr.step = FRAME_OUT;
                    break;
                case FRAME_OUT: {
                    if (tr.index >= tr.deliveredWords) {
                        return tr.deliveredWords < m.kernelFrame.length ? IpcError.RECEIVE_CUT.code() : 0;
                    }
                    int s = writeReceiver(tr, tr.receiverBuffer + (3L + tr.index) * wb, m.kernelFrame[tr.index]);
                    if (s == PENDING) return WAITING;
                    if (s == FAILED) return tr.failure;
                    meter.charge(Cost.IPC_COPY_WORD);
                    tr.memoryWordsDone = tr.index + 1;
                    tr.index++;
                    if (tr.aborted) return IpcError.RECEIVE_ABORTED.code();
                    break;
                }
                default:
                    throw new IllegalStateException("copy step " + tr.step);
            }
        }
    }

    private long senderString(Transfer tr) {
        return tr.senderBuffer + (3L + tr.senderCapacity + 4L * tr.index) * wb;
    }

    private long receiverString(Transfer tr) {
        return tr.receiverBuffer + (3L + tr.capacity + 4L * tr.index) * wb;
    }

    /** The receiver of an exception reply that carries a frame: a guest thread waiting in its exception RPC. */
    private static GuestContext frameReceiver(Transfer tr) {
        Tcb r = tr.receiver;
        GuestContext g = r.guest;
        return g != null && g.frameSending && r.state.rpc() == ThreadState.Rpc.EXCEPTION ? g : null;
    }

    // ---- map items -------------------------------------------------------------------------

    /**
     * Map/grant items: word pairs (hot spot, fpage) read from the register words and then the
     * delivered memory words, until an invalid fpage. Returns 0, -1 if an access faulted without
     * a mapping, or {@link #WAITING}. The step and item cursors start at 0.
     */
    int mapItems(Transfer tr) {
        if (tr.step == 0) {
            long rd = tr.receiveDescriptor;
            if (IpcDescriptor.hasWindow(rd)) {
                tr.window = IpcDescriptor.window(rd);
            } else if (IpcDescriptor.pointer(rd) != 0 && rd != -1) {
                if (!readReceiver(tr, IpcDescriptor.pointer(rd))) return WAITING;
                if (tr.failure != 0) return -1;
                tr.window = Fpage.decode(tr.value);
            } else {
                tr.window = Fpage.NIL;
            }
            tr.index = 0;
            tr.access = 0;
            tr.step = 1;
        }
        int total = mr + tr.memoryWordsDone;
        for (; tr.index + 1 < total; tr.index += 2) {
            int i = tr.index;
            if (tr.access == 0) {
                if (i < mr) {
                    tr.hotSpot = tr.message.word(tr.sender, i);
                } else {
                    if (!readSender(tr, tr.senderBuffer + (3L + i - mr) * wb)) return WAITING;
                    tr.hotSpot = tr.value;
                }
                tr.access = 1;
            }
            long fp;
            if (i + 1 < mr) {
                fp = tr.message.word(tr.sender, i + 1);
            } else {
                if (!readSender(tr, tr.senderBuffer + (3L + i + 1 - mr) * wb)) return WAITING;
                fp = tr.value;
            }
            tr.access = 0;
            if (tr.failure != 0) return -1;
            Fpage window = tr.window;
            if (memory.ioPorts() && IoFpage.isIoFpage(fp & wordMask)) {
                // ix86 I/O fpage: the receive window does not matter, only that there is one.
                IoFpage io = IoFpage.decode(fp & wordMask);
                if (io.isNil()) break;
                if (window.isNil()) continue;
                tr.mapped = true;
                memory.mapIoItem(tr.sender, io, tr.receiver);
                continue;
            }
            Fpage item = Fpage.decode(fp);
            if (item.isNil() || item.sizeLog2() > arch.wholeSpaceSizeLog2()) break;
            if (window.isNil()) continue;
            tr.mapped = true;
            memory.mapItem(tr.sender, item, tr.hotSpot, tr.receiver, window);
        }
        return 0;
    }
}
