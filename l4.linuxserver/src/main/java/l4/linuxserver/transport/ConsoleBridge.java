package l4.linuxserver.transport;

import java.io.ByteArrayOutputStream;

import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.drivers.client.DriverClient;
import l4.drivers.client.Protocol;
import l4.drivers.client.Words;

/**
 * The Linux server's console: the layer's tty on the serial console driver, which the server
 * reaches through the drivers' IPC protocol as any client does (found by name, looked up again
 * when the driver was restarted). Two threads of the server's task talk to the driver, so the
 * server's loop never waits for it: the <em>reader</em> waits in the driver's blocking READ and
 * sends what was typed to the loop ({@link #INPUT}), which feeds it to the tty's line discipline;
 * the <em>writer</em> asks the loop for the tty's output ({@link #OUTPUT}, answered when there is
 * some) and writes it to the driver, each piece exactly once (the WRITE sequence numbers).
 */
final class ConsoleBridge {
    /** Reader to loop: w0 = INPUT | n << 8, the bytes from w1 on; the reply is empty. */
    static final long INPUT = 0x4C49;
    /** Writer to loop: answered with w0 = n, the bytes from w1 on, once the tty has output. */
    static final long OUTPUT = 0x4C4F;
    static final int READER_LTHREAD = 1, WRITER_LTHREAD = 2;
    /** How long a READ waits before the reader asks again (simulated µs). */
    static final long READ_MICROS = 1_000_000;
    /** How long the threads wait before looking again for a driver that is not registered (simulated µs), doubled up to {@link #LOOKUP_MAX_MICROS}. */
    static final long LOOKUP_MICROS = 1_000_000;
    static final long LOOKUP_MAX_MICROS = 16_000_000;
    /** The most output the loop keeps for a console driver that does not take it. */
    static final int MAX_PENDING = 64 * 1024;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleBridge.class);

    private final L4 l4;
    private final String driverName;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private ThreadId reader, writer;
    private ThreadId writerWaiting;
    private long dropped;

    ConsoleBridge(L4 l4, String driverName) {
        this.l4 = l4;
        this.driverName = driverName;
    }

    /**
     * Starts the reader and the writer in the calling (the loop's) task, with the loop's pager;
     * once: after a restart of the Linux system the same threads serve the new one.
     */
    void start() {
        if (reader != null) return;
        ThreadId me = l4.myself();
        ThreadId pager = l4.lthreadExRegs(me.lthread(), -1, -1, ThreadId.INVALID, ThreadId.INVALID).pager();
        l4.lthreadExRegs(READER_LTHREAD, l4.codeAddress(w -> readLoop(w, me, driverName)), 0, pager, ThreadId.INVALID);
        l4.lthreadExRegs(WRITER_LTHREAD, l4.codeAddress(w -> writeLoop(w, me, driverName)), 0, pager, ThreadId.INVALID);
        reader = threadId(me, READER_LTHREAD);
        writer = threadId(me, WRITER_LTHREAD);
    }

    private static ThreadId threadId(ThreadId me, int lthread) {
        return ThreadId.of(me.nest(), me.chief(), me.task(), lthread, me.version());
    }

    /** A byte of the tty's output (in the loop). */
    void output(int b) {
        if (pending.size() >= MAX_PENDING) {
            if (dropped++ == 0) LOG.warn("linux server: no console driver '{}' takes the console's output; dropping it beyond {} bytes", driverName, MAX_PENDING);
            return;
        }
        pending.write(b);
    }

    /** Bytes of output that were dropped because no console driver took them. */
    long dropped() { return dropped; }

    /** Whether {@code source} is one of the bridge's threads. */
    boolean owns(ThreadId source) {
        return source.equals(reader) || source.equals(writer);
    }

    /**
     * A message of the reader or the writer (in the loop): typed bytes go to {@code input}; the
     * writer's request waits for output. Returns the reply to send now, or null.
     */
    long[] request(IpcResult r, java.util.function.IntConsumer input) {
        long w0 = r.word(0);
        if (r.source().equals(reader) && (w0 & 0xFF_FF) == INPUT) {
            int n = (int) (w0 >>> 16);
            byte[] typed = Words.unpack(r.words(), n, l4.wordBytes());
            for (byte b : typed) input.accept(b & 0xFF);
            return new long[l4.messageRegisters()];
        }
        if (r.source().equals(writer) && w0 == OUTPUT) {
            writerWaiting = r.source();
            return null;
        }
        return new long[l4.messageRegisters()];
    }

    /** The writer's answer when it waits and there is output (in the loop), else null; the thread to send it to is {@link #writer}. */
    long[] takeOutput() {
        if (writerWaiting == null || pending.size() == 0) return null;
        byte[] all = pending.toByteArray();
        int n = Math.min(all.length, Words.bytesPerMessage(l4.messageRegisters(), l4.wordBytes()));
        long[] w = new long[l4.messageRegisters()];
        w[0] = n;
        Words.pack(all, 0, n, w, l4.wordBytes());
        pending.reset();
        pending.write(all, n, all.length - n);
        writerWaiting = null;
        return w;
    }

    ThreadId writer() { return writer; }

    // ---- the two threads (each with its own L4 and its own client state) ----

    private static void readLoop(L4 l4, ThreadId server, String name) {
        DriverFinder finder = new DriverFinder(l4, name);
        int per = Words.bytesPerMessage(l4.messageRegisters(), l4.wordBytes());
        while (true) {
            ThreadId driver = finder.driver();
            if (driver.isNil()) continue;
            long[] w = new long[l4.messageRegisters()];
            w[0] = Protocol.request(Protocol.READ, per);
            IpcResult r = l4.call(driver, w, Timeout.of(Timeout.INFINITE, READ_MICROS));
            if (r.error() == IpcError.NON_EXISTENT) {
                finder.forget(); // restarted: a new version under the same name
                continue;
            }
            if (!r.ok()) {
                if (r.error() != IpcError.RECEIVE_TIMEOUT) {
                    finder.forget(); // died with the request in hand: nothing was taken
                    l4.sleep(LOOKUP_MICROS);
                }
                continue;
            }
            if (Protocol.op(r.word(0)) != Protocol.STATUS_OK) continue;
            int n = (int) Math.min(Protocol.arg(r.word(0)), per);
            byte[] typed = Words.unpack(r.words(), n, l4.wordBytes());
            long[] in = new long[l4.messageRegisters()];
            in[0] = INPUT | (long) n << 16;
            Words.pack(typed, 0, n, in, l4.wordBytes());
            l4.call(server, in, Timeout.NEVER);
        }
    }

    private static void writeLoop(L4 l4, ThreadId server, String name) {
        DriverFinder finder = new DriverFinder(l4, name);
        int sequence = 0;
        while (true) {
            long[] ask = new long[l4.messageRegisters()];
            ask[0] = OUTPUT;
            IpcResult got = l4.call(server, ask, Timeout.NEVER);
            if (!got.ok()) continue;
            int n = (int) got.word(0);
            long[] w = new long[l4.messageRegisters()];
            sequence = sequence % Protocol.MAX_SEQUENCE + 1;
            w[0] = Protocol.request(Protocol.WRITE, Protocol.writeArg(n, sequence));
            System.arraycopy(got.words(), 1, w, 1, w.length - 1);
            while (true) { // until a driver took it: the same sequence number, so a retry is not written twice
                ThreadId driver = finder.driver();
                if (driver.isNil()) continue;
                IpcResult r = l4.call(driver, w.clone(), Timeout.of(Timeout.INFINITE, 5_000_000));
                if (r.ok() && Protocol.op(r.word(0)) == Protocol.STATUS_OK) break;
                finder.forget();
                if (r.error() != IpcError.NON_EXISTENT) l4.sleep(LOOKUP_MICROS);
            }
        }
    }

    /**
     * The console driver of one bridge thread, by name: looked up again once forgotten, with a
     * pause that doubles (up to {@link #LOOKUP_MAX_MICROS}) while no driver is registered. In the
     * name server's task (the root task started the Linux server first) the machine has no name
     * server, and a lookup would reach the server's own loop: the thread then waits for good.
     */
    private static final class DriverFinder {
        private final L4 l4;
        private final DriverClient names;
        private final String name;
        private final boolean noNameServer;
        private ThreadId driver = ThreadId.NIL;
        private long backoff = LOOKUP_MICROS;

        DriverFinder(L4 l4, String name) {
            this.l4 = l4;
            this.names = new DriverClient(l4);
            this.name = name;
            this.noNameServer = l4.myself().task() == Protocol.NAMES_TASK;
        }

        /** The driver; nil, after a pause, while none is registered (never back without a name server). */
        ThreadId driver() {
            if (noNameServer) {
                while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
            }
            if (driver.isNil()) {
                driver = names.lookup(name, 0);
                if (driver.isNil()) {
                    l4.sleep(backoff);
                    backoff = Math.min(2 * backoff, LOOKUP_MAX_MICROS);
                    return ThreadId.NIL;
                }
                backoff = LOOKUP_MICROS;
            }
            return driver;
        }

        /** The driver is gone (restarted, or died holding a request): look it up again. */
        void forget() {
            driver = ThreadId.NIL;
        }
    }
}
