package l4.drivers.client;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;

/**
 * The client side of the drivers' protocols (see {@link Protocol}), for programs running on L4.
 * Drivers are found by name; a driver the root task restarted has a new version, so a request to
 * the old id fails with 0x10 (it never reached the driver). The name-taking methods then look the
 * driver up again and retry, for up to the wait bound (simulated): every request on the 0x10, the
 * idempotent ones (block read, write, flush, info; clock read) also when the driver died with the
 * request in hand (no reply before the call's timeout), and console writes too, exactly: each
 * carries a sequence number, and a console driver takes a write it has already taken once only as
 * an acknowledgement. How long each request waited from its first send to its reply is measured;
 * {@link #maxWaitMicros()} is the longest.
 */
public final class DriverClient {
    static final Timeout CALL = Timeout.of(Timeout.INFINITE, 5_000_000);
    /** The default wait bound (simulated): how long a request keeps being retried while its driver restarts. */
    public static final long RETRY_MICROS = 10_000_000;
    /** How many incarnations past the last known one are tried when looking for the name server. */
    static final int NAME_SERVER_PROBES = 256;

    private final L4 l4;
    private final java.util.Map<String, ThreadId> resolved = new java.util.HashMap<>();
    private int namesVersion = 1;
    private int retries;
    private final long boundMicros;
    private long maxWaitMicros;
    /** The console write sequence number (16 bits, 0 is "none"). */
    private int writeSequence;

    public DriverClient(L4 l4) {
        this(l4, RETRY_MICROS);
    }

    /** A client whose requests keep being retried for up to {@code boundMicros} of simulated time. */
    public DriverClient(L4 l4, long boundMicros) {
        if (boundMicros <= 0) throw new IllegalArgumentException("the wait bound must be positive: " + boundMicros);
        this.l4 = l4;
        this.boundMicros = boundMicros;
    }

    /** The longest a request through {@link #write(String, String)} and the other name-taking methods waited for its reply, in simulated µs. */
    public long maxWaitMicros() { return maxWaitMicros; }

    /** How long requests are retried (simulated µs). */
    public long boundMicros() { return boundMicros; }

    private long[] words() { return new long[l4.messageRegisters()]; }

    /** How many requests were sent again because their driver had been restarted. */
    public int retries() { return retries; }

    /** The thread registered as {@code name}, waiting up to {@code micros} (simulated) for it to register; nil if none. */
    public ThreadId lookup(String name, long micros) {
        long waited = 0;
        while (true) {
            long[] w = words();
            w[0] = Protocol.request(Protocol.LOOKUP, 0);
            w[1] = Protocol.key(name);
            IpcResult r = callNames(w);
            ThreadId id = r.ok() ? ThreadId.ofRaw(Words.idFromWords(r.word(0), r.word(1))) : ThreadId.NIL;
            if (!id.isNil() || waited >= micros) return id;
            l4.sleep(10_000);
            waited += 10_000;
        }
    }

    /** Registers the calling thread as {@code name} with the name server (its reply, see {@link Protocol#REGISTER}). */
    public IpcResult register(String name) {
        long[] w = words();
        w[0] = Protocol.request(Protocol.REGISTER, 0);
        w[1] = Protocol.key(name);
        return callNames(w);
    }

    /**
     * Registers lthread {@code lthread} of the calling task as {@code name}, and keeps it
     * registered: lthread {@code watcher} of the task (started here, with the caller's pager)
     * waits in a send to the name server's watch thread, which never receives, so the send ends
     * with 0x10 when that name server incarnation is gone — and its table with it; the watcher
     * then registers the name with the next incarnation and waits again. The first registration's
     * reply.
     */
    public IpcResult keepRegistered(String name, int lthread, int watcher) {
        IpcResult first = register(name, lthread);
        if (!first.ok() || Protocol.op(first.word(0)) != Protocol.STATUS_OK) return first;
        ThreadId pager = l4.lthreadExRegs(lthread, -1, -1, ThreadId.INVALID, ThreadId.INVALID).pager();
        int known = namesVersion;
        l4.lthreadExRegs(watcher, l4.codeAddress(w -> watch(w, name, lthread, known)), 0, pager, ThreadId.INVALID);
        return first;
    }

    private static void watch(L4 l4, String name, int lthread, int version) {
        DriverClient c = new DriverClient(l4);
        c.namesVersion = version;
        ThreadId me = l4.myself();
        long[] w = c.words();
        while (true) {
            ThreadId watch = ThreadId.of(me.nest(), me.chief(), Protocol.NAMES_TASK, Protocol.NAMES_WATCH_LTHREAD, c.namesVersion);
            if (l4.send(watch, w, Timeout.NEVER).ok()) continue; // never: the watch thread does not receive
            int at = c.namesVersion;
            l4.sleep(1_000);
            IpcResult r = c.register(name, lthread);
            if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) {
                c.namesVersion = at; // no name server yet: ask again later
                l4.sleep(100_000);
            }
        }
    }

    /** Registers lthread {@code lthread} of the calling task as {@code name} (see {@link Protocol#REGISTER}). */
    public IpcResult register(String name, int lthread) {
        long[] w = words();
        w[0] = Protocol.request(Protocol.REGISTER, lthread + 1);
        w[1] = Protocol.key(name);
        return callNames(w);
    }

    /** A call to the name server's running incarnation: on 0x10 the next versions are tried. */
    private IpcResult callNames(long[] w) {
        IpcResult r = null;
        for (int probe = 0; probe < NAME_SERVER_PROBES; probe++) {
            r = l4.call(Protocol.nameServer(l4, namesVersion), w.clone(), CALL);
            if (r.error() != IpcError.NON_EXISTENT) return r;
            namesVersion = (namesVersion + 1) & ThreadId.MAX_VERSION;
        }
        return r;
    }

    /**
     * Runs {@code request} against the driver registered as {@code name}, looking it up again and
     * retrying while it restarts (see the class comment); the last result, or null when the driver
     * could not be found.
     */
    private IpcResult withDriver(String name, boolean idempotent, java.util.function.Function<ThreadId, IpcResult> request) {
        long from = l4.clockMicros();
        IpcResult r = withDriverRetrying(name, idempotent, request);
        maxWaitMicros = Math.max(maxWaitMicros, l4.clockMicros() - from);
        return r;
    }

    private IpcResult withDriverRetrying(String name, boolean idempotent, java.util.function.Function<ThreadId, IpcResult> request) {
        long from = l4.clockMicros();
        IpcResult r = null;
        while (l4.clockMicros() - from <= boundMicros) {
            ThreadId id = resolved.get(name);
            if (id == null || id.isNil()) {
                id = lookup(name, 0);
                if (!id.isNil()) resolved.put(name, id);
            }
            if (!id.isNil()) {
                r = request.apply(id);
                boolean gone = r.error() == IpcError.NON_EXISTENT;
                if (!gone && !(idempotent && !r.ok())) return r;
                resolved.remove(name);
                retries++;
            }
            l4.sleep(10_000);
        }
        return r;
    }

    /**
     * Writes {@code text} to the driver registered as {@code console}, following its restarts,
     * each piece exactly once (see the class comment); false if it did not take it within the
     * wait bound.
     */
    public boolean write(String console, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int per = Words.bytesPerMessage(l4.messageRegisters(), l4.wordBytes());
        for (int at = 0; at < bytes.length; at += per) {
            int n = Math.min(per, bytes.length - at);
            long[] w = words();
            writeSequence = writeSequence % Protocol.MAX_SEQUENCE + 1;
            w[0] = Protocol.request(Protocol.WRITE, Protocol.writeArg(n, writeSequence));
            Words.pack(bytes, at, n, w, l4.wordBytes());
            IpcResult r = withDriver(console, true, id -> l4.call(id, w.clone(), CALL));
            if (r == null || !r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) return false;
        }
        return true;
    }

    /** {@link #readSectors(ThreadId, long, int)} through the driver registered as {@code block}, following its restarts. */
    public byte[] readSectors(String block, long lba, int n) {
        IpcResult r = withDriver(block, true, id -> readCall(id, lba, n));
        lastStatus = r != null && r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK ? new MessageBuffer(l4, MessageBuffer.area(l4)).received() : null;
    }

    /** {@link #writeSectors(ThreadId, long, byte[])} through the driver registered as {@code block}, following its restarts. */
    public boolean writeSectors(String block, long lba, byte[] data) {
        IpcResult r = withDriver(block, true, id -> writeCall(id, lba, data));
        lastStatus = r != null && r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK;
    }

    /** {@link #flush(ThreadId)} through the driver registered as {@code block}, following its restarts. */
    public boolean flush(String block) {
        IpcResult r = withDriver(block, true, id -> simpleCall(id, Protocol.BLOCK_FLUSH));
        lastStatus = r != null && r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK;
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

    /**
     * Up to {@code max} bytes typed at the console driver registered as {@code console}, waiting
     * up to {@code micros}, following its restarts; empty on timeout. A driver that died with the
     * read in hand had not taken its bytes off the queue (they leave it only with the reply), so
     * the read that timed out loses nothing; the next one finds the new incarnation.
     */
    public byte[] read(String console, int max, long micros) {
        IpcResult r = withDriver(console, false, id -> consoleRead(id, max, micros));
        if (r == null || !r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) {
            if (r != null && r.error() != IpcError.NON_EXISTENT) resolved.remove(console); // it may have died holding the read
            return new byte[0];
        }
        return Words.unpack(r.words(), (int) Protocol.arg(r.word(0)), l4.wordBytes());
    }

    /** Up to {@code max} bytes typed at the console, waiting up to {@code micros}; empty on timeout. */
    public byte[] read(ThreadId console, int max, long micros) {
        IpcResult r = consoleRead(console, max, micros);
        if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) return new byte[0];
        return Words.unpack(r.words(), (int) Protocol.arg(r.word(0)), l4.wordBytes());
    }

    private IpcResult consoleRead(ThreadId console, int max, long micros) {
        long[] w = words();
        w[0] = Protocol.request(Protocol.READ, max);
        return l4.call(console, w, Timeout.of(Timeout.INFINITE, micros));
    }

    /** Reads {@code n} sectors from {@code lba} through the block driver; null on an error reply (see {@link #lastStatus}). */
    public byte[] readSectors(ThreadId block, long lba, int n) {
        IpcResult r = readCall(block, lba, n);
        lastStatus = r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK ? new MessageBuffer(l4, MessageBuffer.area(l4)).received() : null;
    }

    private IpcResult readCall(ThreadId block, long lba, int n) {
        MessageBuffer buf = new MessageBuffer(l4, MessageBuffer.area(l4));
        buf.prepareReceive();
        long[] w = words();
        w[0] = Protocol.request(Protocol.BLOCK_READ, n);
        w[1] = lba;
        return l4.call(block, IpcDescriptor.registers(), w, IpcDescriptor.receiveBuffer(buf.address, false), CALL);
    }

    /** Writes whole sectors from {@code lba}; true when the driver acknowledged them. */
    public boolean writeSectors(ThreadId block, long lba, byte[] data) {
        IpcResult r = writeCall(block, lba, data);
        lastStatus = r.ok() ? Protocol.op(r.word(0)) : -1;
        return lastStatus == Protocol.STATUS_OK;
    }

    private IpcResult writeCall(ThreadId block, long lba, byte[] data) {
        MessageBuffer buf = new MessageBuffer(l4, MessageBuffer.area(l4));
        buf.prepareSend(data);
        long[] w = words();
        w[0] = Protocol.request(Protocol.BLOCK_WRITE, data.length / Protocol.SECTOR);
        w[1] = lba;
        return l4.call(block, IpcDescriptor.send(buf.address, false, false), w, IpcDescriptor.registers(), CALL);
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

    private IpcResult simpleCall(ThreadId dest, int op) {
        long[] w = words();
        w[0] = Protocol.request(op, 0);
        return l4.call(dest, w, CALL);
    }

    private IpcResult simple(ThreadId dest, int op) {
        IpcResult r = simpleCall(dest, op);
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
