package l4.drivers;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;

/** The client side of the drivers' protocols (see {@link Protocol}), for programs running on L4. */
public final class DriverClient {
    static final Timeout CALL = Timeout.of(Timeout.INFINITE, 5_000_000);

    private final L4 l4;

    public DriverClient(L4 l4) {
        this.l4 = l4;
    }

    private long[] words() { return new long[l4.messageRegisters()]; }

    /** The thread registered as {@code name}, waiting up to {@code micros} (simulated) for it to register; nil if none. */
    public ThreadId lookup(String name, long micros) {
        long waited = 0;
        while (true) {
            long[] w = words();
            w[0] = Protocol.request(Protocol.LOOKUP, 0);
            w[1] = Protocol.key(name);
            IpcResult r = l4.call(Protocol.nameServer(l4), w, CALL);
            ThreadId id = r.ok() ? ThreadId.ofRaw(Words.idFromWords(r.word(0), r.word(1))) : ThreadId.NIL;
            if (!id.isNil() || waited >= micros) return id;
            l4.sleep(10_000);
            waited += 10_000;
        }
    }

    /** Writes {@code text} to the console driver; false if the driver did not take it. */
    public boolean write(ThreadId console, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int per = Words.bytesPerMessage(l4.messageRegisters(), l4.wordBytes());
        for (int at = 0; at < bytes.length; at += per) {
            int n = Math.min(per, bytes.length - at);
            long[] w = words();
            w[0] = Protocol.request(Protocol.WRITE, n);
            Words.pack(bytes, at, n, w, l4.wordBytes());
            IpcResult r = l4.call(console, w, CALL);
            if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) return false;
        }
        return true;
    }

    /** Up to {@code max} bytes typed at the console, waiting up to {@code micros}; empty on timeout. */
    public byte[] read(ThreadId console, int max, long micros) {
        long[] w = words();
        w[0] = Protocol.request(Protocol.READ, max);
        IpcResult r = l4.call(console, w, Timeout.of(Timeout.INFINITE, micros));
        if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) return new byte[0];
        return Words.unpack(r.words(), (int) Protocol.arg(r.word(0)), l4.wordBytes());
    }

    /** Reads {@code n} sectors from {@code lba} through the block driver; null on an error reply (see {@link #lastStatus}). */
    public byte[] readSectors(ThreadId block, long lba, int n) {
        MessageBuffer buf = new MessageBuffer(l4, MessageBuffer.area(l4));
        buf.prepareReceive();
        long[] w = words();
        w[0] = Protocol.request(Protocol.BLOCK_READ, n);
        w[1] = lba;
        IpcResult r = l4.call(block, IpcDescriptor.registers(), w, IpcDescriptor.receiveBuffer(buf.address, false), CALL);
        lastStatus = r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK ? buf.received() : null;
    }

    /** Writes whole sectors from {@code lba}; true when the driver acknowledged them. */
    public boolean writeSectors(ThreadId block, long lba, byte[] data) {
        MessageBuffer buf = new MessageBuffer(l4, MessageBuffer.area(l4));
        buf.prepareSend(data);
        long[] w = words();
        w[0] = Protocol.request(Protocol.BLOCK_WRITE, data.length / Protocol.SECTOR);
        w[1] = lba;
        IpcResult r = l4.call(block, IpcDescriptor.send(buf.address, false, false), w, IpcDescriptor.registers(), CALL);
        lastStatus = r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK;
    }

    /** FLUSH: true once everything acknowledged before is on stable storage. */
    public boolean flush(ThreadId block) {
        return simple(block, Protocol.BLOCK_FLUSH) != null;
    }

    /** The disk's size in sectors, or -1. */
    public long sectors(ThreadId block) {
        IpcResult r = simple(block, Protocol.BLOCK_INFO);
        return r == null ? -1 : r.word(1) & 0xFFFF_FFFFL;
    }

    private IpcResult simple(ThreadId dest, int op) {
        long[] w = words();
        w[0] = Protocol.request(op, 0);
        IpcResult r = l4.call(dest, w, CALL);
        lastStatus = r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK ? r : null;
    }

    /** A request of operation {@code op} with no arguments: the reply's status, -1 if the IPC failed. */
    public int call(ThreadId dest, int op) {
        simple(dest, op);
        return lastStatus;
    }

    private int lastStatus;

    /** The status of the last block request ({@code Protocol.STATUS_*}; -1: the IPC failed). */
    public int lastStatus() { return lastStatus; }

    /** The clock driver's time, or null when it did not answer. */
    public LocalDateTime time(ThreadId clock) {
        long[] w = words();
        w[0] = Protocol.request(Protocol.CLOCK_READ, 0);
        IpcResult r = l4.call(clock, w, CALL);
        if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) return null;
        return LocalDateTime.of(2000, 1, 1, 0, 0).plusSeconds(r.word(1) & 0xFFFF_FFFFL);
    }
}
