package l4.drivers.block;

import java.util.ArrayDeque;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.DeviceIo;
import l4.drivers.client.MessageBuffer;
import l4.drivers.client.Protocol;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block driver ({@code block}) for the ATA disk on the primary channel (ISA IRQ 14), PIO, in
 * two halves (ATA/ATAPI-6 §9 protocols):
 *
 * <ul>
 * <li>top half (lthread 0): receives requests (a write's data as a string into its message
 *     buffer), checks them, queues them and starts the next one whenever the disk is idle: the
 *     command block registers, the command, and for a write the first sector once DRQ is set (the
 *     data-out protocol interrupts only after it); it answers a request when the bottom half has
 *     finished it — a read with the data as a string;</li>
 * <li>bottom half (lthread 1, one priority above): attached to IRQ 14; per interrupt it reads the
 *     status (which acknowledges INTRQ) and moves one sector between the data register and the
 *     request, writes the next sector of a write, or finishes the request (also on ERR), then rings
 *     the top half with a send of timeout 0.</li>
 * </ul>
 *
 * <p>On the root task's drain request the top half stops taking requests, finishes and answers
 * the ones it has, and replies.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=block")
public final class BlockDriver implements UserProgram {
    private static final Logger LOG = LoggerFactory.getLogger(BlockDriver.class);
    static final int IRQ = 14;
    static final int DATA = 0x1F0, ERROR = 0x1F1, COUNT = 0x1F2, LBA0 = 0x1F3, LBA1 = 0x1F4, LBA2 = 0x1F5, DEVICE = 0x1F6,
            STATUS = 0x1F7, COMMAND = 0x1F7, ALT = 0x3F6, CONTROL = 0x3F6;
    static final int BSY = 0x80, DRQ = 0x08, ERR = 0x01;
    /** Device control: software reset (ATA/ATAPI-6, 7.2.6). */
    static final int SRST = 0x04;
    static final int DOORBELL = 0xFF;
    /** The thread that registers the driver again with each new name server incarnation. */
    static final int WATCHER = 2;
    static final Timeout NOW = Timeout.of(0, Timeout.INFINITE);

    /** What the two halves share (threads of one task share memory). */
    static final class Disk {
        BlockRequest current;
        final ArrayDeque<BlockRequest> finished = new ArrayDeque<>();
        long sectors;
    }

    @Override
    public String name() { return "block"; }

    @Override
    public void main(L4 l4) {
        DeviceIo io = new DeviceIo(l4);
        Disk disk = new Disk();
        // SRST first: an earlier incarnation (restarted after a crash or an update) may have left the
        // device in the middle of a command; then nIEN = 0: INTRQ on IRQ 14
        io.out8(CONTROL, SRST);
        io.out8(CONTROL, 0x00);
        for (int guard = 0; (io.in8(ALT) & BSY) != 0 && guard < 1_000_000; guard++) { }
        disk.sectors = identify(io);
        ThreadId me = l4.myself();
        ThreadId bottom = me.withLthread(1);
        ThreadId pager = l4.lthreadExRegs(0, -1, -1, ThreadId.INVALID, ThreadId.INVALID).pager();
        int priority = Schedule.priority(l4.threadSchedule(me, Schedule.UNCHANGED, ThreadId.INVALID).oldParam());
        l4.lthreadExRegs(1, l4.codeAddress(bottomHalf(disk, me)), 0, pager, ThreadId.INVALID);
        l4.threadSchedule(bottom, Schedule.param(priority, 10_000), ThreadId.INVALID);
        l4.threadSchedule(me, Schedule.param(Math.max(0, priority - 1), 10_000), ThreadId.INVALID);
        IpcResult r = new l4.drivers.client.DriverClient(l4).keepRegistered("block", 0, WATCHER);
        if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) LOG.warn("block: could not register with the name server ({})", r.error());
        LOG.info("block: ATA disk of {} sectors", disk.sectors);
        topHalf(l4, io, disk, bottom);
    }

    /** IDENTIFY DEVICE, polled (before the interrupt thread runs): words 60-61, the 28-bit LBA capacity. */
    static long identify(DeviceIo io) {
        io.out8(DEVICE, 0xA0);
        io.out8(COMMAND, 0xEC);
        int status;
        int guard = 0;
        while (((status = io.in8(ALT)) & BSY) != 0 && guard++ < 1_000_000) { }
        status = io.in8(STATUS); // acknowledges INTRQ
        if ((status & (DRQ | ERR)) != DRQ) return 0;
        long sectors = 0;
        for (int i = 0; i < 256; i++) {
            int w = io.in16(DATA);
            if (i == 60) sectors |= w;
            if (i == 61) sectors |= (long) w << 16;
        }
        return sectors;
    }

    private static void topHalf(L4 l4, DeviceIo io, Disk disk, ThreadId bottom) {
        MessageBuffer buffer = new MessageBuffer(l4, MessageBuffer.area(l4));
        ArrayDeque<BlockRequest> queue = new ArrayDeque<>();
        ThreadId me = l4.myself();
        ThreadId drainer = null;
        while (true) {
            buffer.prepareReceive();
            // draining: no more client requests (they stay blocked in their send), only the bottom half's doorbell
            IpcResult in = drainer == null ? l4.waitAny(IpcDescriptor.receiveBuffer(buffer.address, true), Timeout.NEVER)
                    : l4.receive(bottom, Timeout.NEVER);
            ThreadId client = in.source();
            if (client != null && client.equals(bottom) && in.ok() && Protocol.op(in.word(0)) == DOORBELL) {
                BlockRequest done;
                while ((done = disk.finished.poll()) != null) answer(l4, buffer, done);
            } else if (in.ok() && client != null && Protocol.drainRequest(me, client, in.word(0))) {
                drainer = client;
            } else if (in.ok() && client != null && !client.isInterrupt()) {
                BlockRequest req = check(client, in, buffer, disk.sectors);
                if (req.status >= 0) answer(l4, buffer, req);
                else queue.add(req);
            } else if (client != null && !client.isInterrupt() && !client.isNil()) {
                // a message that did not fit (a string too long): the client gets an error reply
                answer(l4, buffer, failed(client, Protocol.STATUS_BAD_REQUEST));
            }
            if (disk.current == null && !queue.isEmpty()) start(io, disk, queue.poll());
            // drained: every request taken is answered
            if (drainer != null && disk.current == null && queue.isEmpty() && disk.finished.isEmpty()) {
                l4.send(drainer, new long[l4.messageRegisters()], NOW);
                LOG.info("block: drained");
                while (true) l4.receive(bottom, Timeout.NEVER);
            }
        }
    }

    private static BlockRequest failed(ThreadId client, int status) {
        BlockRequest r = new BlockRequest(client, 0, 0, 0, null);
        r.status = status;
        return r;
    }

    /** A checked request, or one already carrying its error status. */
    static BlockRequest check(ThreadId client, IpcResult in, MessageBuffer buffer, long capacity) {
        int op = Protocol.op(in.word(0));
        long n = Protocol.arg(in.word(0));
        long lba = in.word(1) & 0xFFFF_FFFFL;
        switch (op) {
            case Protocol.BLOCK_INFO -> {
                BlockRequest r = new BlockRequest(client, op, capacity, 0, null);
                r.status = Protocol.STATUS_OK;
                return r;
            }
            case Protocol.BLOCK_FLUSH -> {
                return new BlockRequest(client, op, 0, 0, null);
            }
            case Protocol.BLOCK_READ, Protocol.BLOCK_WRITE -> {
                if (n < 1 || n > Protocol.MAX_SECTORS) return failed(client, Protocol.STATUS_BAD_REQUEST);
                if (lba + n > capacity) return failed(client, Protocol.STATUS_OUT_OF_RANGE);
                if (op == Protocol.BLOCK_READ) return new BlockRequest(client, op, lba, (int) n, new byte[(int) n * Protocol.SECTOR]);
                byte[] data = buffer.received();
                if (data.length != n * Protocol.SECTOR) return failed(client, Protocol.STATUS_BAD_REQUEST);
                return new BlockRequest(client, op, lba, (int) n, data);
            }
            default -> {
                return failed(client, Protocol.STATUS_BAD_REQUEST);
            }
        }
    }

    /** Starts {@code req} on the idle disk. */
    private static void start(DeviceIo io, Disk disk, BlockRequest req) {
        disk.current = req;
        if (req.op == Protocol.BLOCK_FLUSH) {
            io.out8(COMMAND, 0xE7);
            return;
        }
        io.out8(COUNT, req.sectors);
        io.out8(LBA0, (int) req.lba & 0xFF);
        io.out8(LBA1, (int) (req.lba >> 8) & 0xFF);
        io.out8(LBA2, (int) (req.lba >> 16) & 0xFF);
        io.out8(DEVICE, 0xE0 | (int) (req.lba >> 24) & 0x0F);
        io.out8(COMMAND, req.op == Protocol.BLOCK_READ ? 0x20 : 0x30);
        if (req.op == Protocol.BLOCK_WRITE) {
            int status;
            int guard = 0;
            while (((status = io.in8(ALT)) & (BSY | DRQ)) != DRQ && (status & ERR) == 0 && guard++ < 1_000_000) { }
            if ((status & DRQ) != 0) writeSector(io, req);
        }
    }

    static void writeSector(DeviceIo io, BlockRequest req) {
        int base = req.done * Protocol.SECTOR;
        for (int i = 0; i < Protocol.SECTOR; i += 2) io.out16(DATA, (req.data[base + i] & 0xFF) | (req.data[base + i + 1] & 0xFF) << 8);
    }

    static void readSector(DeviceIo io, BlockRequest req) {
        int base = req.done * Protocol.SECTOR;
        for (int i = 0; i < Protocol.SECTOR; i += 2) {
            int w = io.in16(DATA);
            req.data[base + i] = (byte) w;
            req.data[base + i + 1] = (byte) (w >>> 8);
        }
    }

    private static void answer(L4 l4, MessageBuffer buffer, BlockRequest req) {
        long[] words = new long[l4.messageRegisters()];
        words[0] = Protocol.request(req.status, req.sectors);
        if (req.op == Protocol.BLOCK_INFO) words[1] = req.lba;
        if (req.op == Protocol.BLOCK_READ && req.status == Protocol.STATUS_OK) {
            buffer.prepareSend(req.data);
            l4.send(req.client, IpcDescriptor.send(buffer.address, false, false), words, NOW);
        } else {
            l4.send(req.client, words, NOW);
        }
    }

    private static ThreadBody bottomHalf(Disk disk, ThreadId top) {
        return l4 -> {
            DeviceIo io = new DeviceIo(l4); // its own: a binding belongs to one thread
            ThreadId irq = ThreadId.interrupt(IRQ);
            l4.receive(irq, Timeout.ZERO); // attach
            long[] bell = new long[l4.messageRegisters()];
            bell[0] = DOORBELL;
            while (true) {
                IpcResult r = l4.receive(irq, Timeout.NEVER);
                if (!r.ok()) continue;
                int status = io.in8(STATUS); // acknowledges INTRQ
                BlockRequest req = disk.current;
                if (req == null) continue; // nothing asked for it
                boolean finished;
                if ((status & ERR) != 0) {
                    io.in8(ERROR);
                    req.status = Protocol.STATUS_IO_ERROR;
                    finished = true;
                } else if (req.op == Protocol.BLOCK_READ) {
                    if ((status & DRQ) != 0) {
                        readSector(io, req);
                        req.done++;
                    }
                    finished = req.done == req.sectors;
                } else if (req.op == Protocol.BLOCK_WRITE) {
                    req.done++;
                    finished = req.done == req.sectors;
                    if (!finished && (status & DRQ) != 0) writeSector(io, req);
                } else {
                    finished = true;
                }
                if (finished) {
                    if (req.status < 0) req.status = Protocol.STATUS_OK;
                    disk.current = null;
                    disk.finished.add(req);
                    l4.send(top, bell, NOW);
                }
            }
        };
    }
}
