package l4.drivers.console;

import java.util.ArrayDeque;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.DeviceIo;
import l4.drivers.client.Protocol;
import l4.drivers.client.Words;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console driver ({@code console}) for the 16550A on COM1 (ISA IRQ 4), in two halves:
 *
 * <ul>
 * <li>top half (lthread 0): serves {@code WRITE} and {@code READ} (see {@link Protocol}); a write
 *     that finds the queue full, and a read that finds nothing, wait in lists and are answered when
 *     the bottom half made progress; it never touches the UART except to set IER.ETBEI, which
 *     makes the UART raise a THRE interrupt if its transmitter is empty (PC16550D);</li>
 * <li>bottom half (lthread 1, one priority above): attached to IRQ 4; per interrupt it works
 *     through IIR until no source is left — received data into the queue, THRE: up to 16 bytes
 *     into the FIFO, or ETBEI off when nothing is left — and rings the top half with a send of
 *     timeout 0, so neither half ever blocks on the other.</li>
 * </ul>
 *
 * <p>Writes are exact: a client's retry of a write it already made (same sequence number, see
 * {@link Protocol}) is acknowledged without queueing its bytes again. On the root task's drain
 * request the top half stops taking requests, queues and acknowledges the writes waiting for room,
 * answers waiting reads with nothing, and replies once the UART has sent the last byte. An
 * incarnation starts without resetting the FIFOs, so bytes received while no driver ran (up to
 * the 16-byte receiver FIFO; more overrun, as on the chip) reach the next one.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=console")
public final class ConsoleDriver implements UserProgram {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleDriver.class);
    static final int COM1 = 0x3F8, IRQ = 4;
    static final int THR = 0, RBR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6;
    static final int ERBFI = 0x01, ETBEI = 0x02, ELSI = 0x04;
    /** LSR: transmitter empty (FIFO and shift register), PC16550D. */
    static final int TEMT = 0x40;
    static final int DOORBELL = 0xFF;
    /** The thread that registers the driver again with each new name server incarnation. */
    static final int WATCHER = 2;
    static final Timeout NOW = Timeout.of(0, Timeout.INFINITE);

    @Override
    public String name() { return "console"; }

    private record Waiting(ThreadId client, long arg, byte[] data) { }

    @Override
    public void main(L4 l4) {
        DeviceIo io = new DeviceIo(l4);
        ConsoleQueues queues = new ConsoleQueues(4096);
        // 115200 baud, 8N1, FIFOs with trigger level 8, DTR RTS OUT2 (OUT2 gates INTRPT onto IRQ 4);
        io.out8(COM1 + LCR, 0x80);
        io.out8(COM1, 1);
        io.out8(COM1 + 1, 0);
        io.out8(COM1 + LCR, 0x03);
        // FIFOs on without clearing them (no RCVR/XMIT reset bits): after power-on they are empty,
        // and what a restarted incarnation finds there was typed while no driver ran
        io.out8(COM1 + FCR, 0x81);
        io.out8(COM1 + MCR, 0x0B);
        ThreadId me = l4.myself();
        ThreadId bottom = me.withLthread(1);
        ThreadId pager = l4.lthreadExRegs(0, -1, -1, ThreadId.INVALID, ThreadId.INVALID).pager();
        long prio = l4.threadSchedule(me, Schedule.UNCHANGED, ThreadId.INVALID).oldParam();
        int priority = Schedule.priority(prio);
        // the interrupt thread keeps the task's priority; the top half goes one below it
        l4.lthreadExRegs(1, l4.codeAddress(bottomHalf(queues, me)), 0, pager, ThreadId.INVALID);
        l4.threadSchedule(bottom, Schedule.param(priority, 10_000), ThreadId.INVALID);
        l4.threadSchedule(me, Schedule.param(Math.max(0, priority - 1), 10_000), ThreadId.INVALID);
        IpcResult r = new l4.drivers.client.DriverClient(l4).keepRegistered("console", 0, WATCHER);
        if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) LOG.warn("console: could not register with the name server ({})", r.error());
        topHalf(l4, io, queues, bottom);
    }

    private static void topHalf(L4 l4, DeviceIo io, ConsoleQueues queues, ThreadId bottom) {
        int mr = l4.messageRegisters();
        int wb = l4.wordBytes();
        int perMessage = Words.bytesPerMessage(mr, wb);
        ThreadId me = l4.myself();
        ArrayDeque<Waiting> writers = new ArrayDeque<>();
        ArrayDeque<Waiting> readers = new ArrayDeque<>();
        WriteSequences sequences = new WriteSequences();
        ThreadId drainer = null;
        while (true) {
            // draining: no more client requests (they stay blocked in their send), only the bottom
            // half's doorbell, and the transmitter is looked at every millisecond
            IpcResult in = drainer == null ? l4.waitAny(Timeout.NEVER) : l4.receive(bottom, Timeout.receive(1_000));
            ThreadId client = in.source();
            long[] w = in.words();
            if (drainer == null && in.ok() && client != null && Protocol.drainRequest(me, client, w[0])) {
                drainer = client;
                for (Waiting rd : readers) reply(l4, rd.client(), Protocol.STATUS_OK, 0, null);
                readers.clear();
            } else if (in.ok() && client != null && !client.isInterrupt()) {
                int op = Protocol.op(w[0]);
                long arg = Protocol.arg(w[0]);
                int n = Protocol.writeCount(arg);
                if (client.equals(bottom) && op == DOORBELL) {
                    // progress below: answer whoever waits
                } else if (op == Protocol.WRITE && n >= 1 && n <= perMessage) {
                    int seq = Protocol.writeSequence(arg);
                    if (sequences.taken(client, seq)) {
                        // a retry of a write whose reply was lost: acknowledged, not queued again
                        reply(l4, client, Protocol.STATUS_OK, arg, null);
                    } else {
                        writers.removeIf(wr -> wr.client().equals(client)); // its earlier wait was given up
                        writers.add(new Waiting(client, arg, Words.unpack(w, n, wb)));
                    }
                } else if (op == Protocol.READ && arg >= 1) {
                    readers.add(new Waiting(client, Math.min(arg, perMessage), null));
                } else {
                    reply(l4, client, Protocol.STATUS_BAD_REQUEST, 0, null);
                    continue;
                }
            }
            // writes: queue what fits, in order, and make the UART ask for data (THRE interrupt)
            boolean queued = false;
            while (!writers.isEmpty() && queues.txRoom(writers.peek().data().length)) {
                Waiting wr = writers.poll();
                queues.queueTx(wr.data());
                sequences.take(wr.client(), Protocol.writeSequence(wr.arg()));
                queued = true;
                reply(l4, wr.client(), Protocol.STATUS_OK, wr.arg(), null);
            }
            if (queued) io.out8(COM1 + IER, ERBFI | ELSI | ETBEI);
            // reads: whoever waits gets what has arrived; bytes leave the queue only when the reply arrived
            while (!readers.isEmpty() && !queues.rxEmpty()) {
                Waiting rd = readers.poll();
                byte[] bytes = queues.peekRx((int) rd.arg());
                if (reply(l4, rd.client(), Protocol.STATUS_OK, bytes.length, bytes)) queues.consumeRx(bytes.length);
            }
            // drained: every write taken is acknowledged and has left the UART (LSR.TEMT)
            if (drainer != null && writers.isEmpty() && queues.txEmpty() && (io.in8(COM1 + LSR) & TEMT) != 0) {
                reply(l4, drainer, Protocol.STATUS_OK, 0, null);
                LOG.info("console: drained");
                while (true) l4.receive(bottom, Timeout.NEVER);
            }
        }
    }

    private static boolean reply(L4 l4, ThreadId client, int status, long arg, byte[] data) {
        long[] words = new long[l4.messageRegisters()];
        words[0] = Protocol.request(status, arg);
        if (data != null) Words.pack(data, 0, data.length, words, l4.wordBytes());
        return l4.send(client, words, NOW).ok();
    }

    private static ThreadBody bottomHalf(ConsoleQueues queues, ThreadId top) {
        return l4 -> {
            DeviceIo io = new DeviceIo(l4); // its own: a binding belongs to one thread
            ThreadId irq = ThreadId.interrupt(IRQ);
            l4.receive(irq, Timeout.ZERO); // attach
            io.out8(COM1 + IER, ERBFI | ELSI);
            long[] bell = new long[l4.messageRegisters()];
            bell[0] = DOORBELL;
            // a source already pending (bytes a restarted incarnation finds in the FIFO) raised its
            // edge before this thread was attached: serve it without waiting for another
            if (serve(io, queues)) l4.send(top, bell, NOW);
            while (true) {
                IpcResult r = l4.receive(irq, Timeout.NEVER);
                if (r.ok() && serve(io, queues)) l4.send(top, bell, NOW);
            }
        };
    }

    /** Works through IIR until the UART has no source left; whether the top half has progress to see. */
    private static boolean serve(DeviceIo io, ConsoleQueues queues) {
        boolean progress = false;
        int iir;
        while (((iir = io.in8(COM1 + IIR)) & 1) == 0) {
            switch (iir & 0x0E) {
                case 0x06 -> io.in8(COM1 + LSR);
                case 0x04, 0x0C -> {
                    while ((io.in8(COM1 + LSR) & 1) != 0) queues.received(io.in8(COM1 + RBR));
                    progress = true;
                }
                case 0x02 -> {
                    byte[] chunk = queues.takeTx(16);
                    for (byte b : chunk) io.out8(COM1 + THR, b);
                    if (queues.txEmpty()) io.out8(COM1 + IER, ERBFI | ELSI);
                    progress = true;
                }
                default -> io.in8(COM1 + MSR);
            }
        }
        return progress;
    }
}
