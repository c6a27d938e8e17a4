package l4.drivers.clock;

import l4.api.IpcResult;
import l4.api.L4;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.DeviceIo;
import l4.drivers.client.Protocol;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock driver ({@code clock}) for the MC146818A (ports 0x70/0x71, ISA IRQ 8). The top half
 * (lthread 0) answers {@code CLOCK_READ}: when register A shows no update in progress, the time
 * registers are valid for at least 244 µs, so it reads them at once; during an update it enables
 * the update-ended interrupt (register B UIE) and parks the client. The bottom half (lthread 1, one
 * priority above) takes that interrupt, acknowledges it by reading register C, switches UIE off
 * again, reads the fresh time and rings the top half, which answers everyone parked. No interrupt
 * is enabled while nobody asks, so an idle machine stays idle. Asked to drain, it takes no more
 * requests, answers the parked clients after the update and replies.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=clock")
public final class ClockDriver implements UserProgram {
    private static final Logger LOG = LoggerFactory.getLogger(ClockDriver.class);
    static final int IRQ = 8;
    static final Timeout NOW = Timeout.of(0, Timeout.INFINITE);

    /** The reading the bottom half made after an update, shared by the two threads of the task. */
    private static final class Reading {
        long seconds = -1;
        boolean fresh;
    }

    static final int DOORBELL = 0xFF;
    /** The thread that registers the driver again with each new name server incarnation. */
    static final int WATCHER = 2;

    @Override
    public String name() { return "clock"; }

    @Override
    public void main(L4 l4) {
        DeviceIo io = new DeviceIo(l4);
        Reading reading = new Reading();
        ThreadId me = l4.myself();
        cmosWrite(io, 0x0B, cmos(io, 0x0B) & ~0x70); // no interrupts until a client needs one
        cmos(io, 0x0C);
        ThreadId pager = l4.lthreadExRegs(0, -1, -1, ThreadId.INVALID, ThreadId.INVALID).pager();
        int priority = Schedule.priority(l4.threadSchedule(me, Schedule.UNCHANGED, ThreadId.INVALID).oldParam());
        l4.lthreadExRegs(1, l4.codeAddress(bottomHalf(reading, me)), 0, pager, ThreadId.INVALID);
        l4.threadSchedule(me.withLthread(1), Schedule.param(priority, 10_000), ThreadId.INVALID);
        l4.threadSchedule(me, Schedule.param(Math.max(0, priority - 1), 10_000), ThreadId.INVALID);
        IpcResult r = new l4.drivers.client.DriverClient(l4).keepRegistered("clock", 0, WATCHER);
        if (!r.ok() || Protocol.op(r.word(0)) != Protocol.STATUS_OK) LOG.warn("clock: could not register with the name server ({})", r.error());
        java.util.ArrayDeque<ThreadId> parked = new java.util.ArrayDeque<>();
        ThreadId bottom = me.withLthread(1);
        ThreadId drainer = null;
        while (true) {
            // draining: no more client requests, only the bottom half's doorbell for the parked ones
            IpcResult in = drainer == null ? l4.waitAny(Timeout.NEVER) : l4.receive(bottom, Timeout.NEVER);
            ThreadId client = in.source();
            if (!in.ok() || client == null || client.isInterrupt()) continue;
            int op = Protocol.op(in.word(0));
            if (client.equals(bottom) && op == DOORBELL) {
                if (reading.fresh) {
                    reading.fresh = false;
                    while (!parked.isEmpty()) answer(l4, parked.poll(), reading.seconds);
                }
            } else if (drainer == null && Protocol.drainRequest(me, client, in.word(0))) {
                drainer = client;
            } else if (op != Protocol.CLOCK_READ) {
                long[] reply = new long[l4.messageRegisters()];
                reply[0] = Protocol.STATUS_BAD_REQUEST;
                l4.send(client, reply, NOW);
            } else if ((cmos(io, 0x0A) & 0x80) == 0) {
                answer(l4, client, readTime(io));
            } else {
                parked.add(client);
                cmosWrite(io, 0x0B, cmos(io, 0x0B) | 0x10); // UIE: tell me when the update has ended
            }
            if (drainer != null && parked.isEmpty()) {
                l4.send(drainer, new long[l4.messageRegisters()], NOW);
                LOG.info("clock: drained");
                while (true) l4.receive(bottom, Timeout.NEVER);
            }
        }
    }

    private static void answer(L4 l4, ThreadId client, long seconds) {
        long[] reply = new long[l4.messageRegisters()];
        reply[0] = seconds >= 0 ? Protocol.STATUS_OK : Protocol.STATUS_NOT_FOUND;
        reply[1] = Math.max(0, seconds);
        l4.send(client, reply, NOW);
    }

    private static ThreadBody bottomHalf(Reading reading, ThreadId top) {
        return l4 -> {
            DeviceIo io = new DeviceIo(l4); // its own: a binding belongs to one thread
            ThreadId irq = ThreadId.interrupt(IRQ);
            l4.receive(irq, Timeout.ZERO); // attach
            long[] bell = new long[l4.messageRegisters()];
            bell[0] = DOORBELL;
            while (true) {
                IpcResult r = l4.receive(irq, Timeout.NEVER);
                if (!r.ok()) continue;
                int c = cmos(io, 0x0C); // reading C acknowledges the interrupt
                if ((c & 0x10) == 0) continue;
                cmosWrite(io, 0x0B, cmos(io, 0x0B) & ~0x10);
                reading.seconds = readTime(io);
                reading.fresh = true;
                l4.send(top, bell, NOW);
            }
        };
    }

    /** The time registers, read when no update is in progress (the caller checked UIP or saw the update end). */
    static long readTime(DeviceIo io) {
        return RtcTime.secondsSince2000(cmos(io, 0), cmos(io, 2), cmos(io, 4), cmos(io, 7), cmos(io, 8), cmos(io, 9),
                cmos(io, 0x32), cmos(io, 0x0B));
    }

    private static int cmos(DeviceIo io, int index) {
        io.out8(0x70, index);
        return io.in8(0x71);
    }

    private static void cmosWrite(DeviceIo io, int index, int value) {
        io.out8(0x70, index);
        io.out8(0x71, value);
    }
}
