package l4.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.arch.ix86.Ix86Architecture;
import l4.arch.mips.MipsArchitecture;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceModel;
import l4.hardware.PortRange;
import l4.kernel.Kernel;
import l4.spi.Architecture;

/**
 * Interrupt latency in simulated cycles: from the cycle a device raises its interrupt line to the
 * cycle the handler thread runs again after its receive, on both architectures, with the machine
 * idle and with a lower-priority task computing (in steps of 200 cycles, which bounds how late a
 * preemption point comes). Deterministic: the same figures on every host.
 *
 * <pre>java -cp ... l4.bench.InterruptLatency [samples]</pre>
 */
public final class InterruptLatency {
    static final int IRQ = 5;
    /** Not a multiple of the 1 ms timer tick: most edges come between ticks, some with one. */
    static final long PERIOD_MICROS = 997;
    static final long COMPUTE_STEP = 200;

    /**
     * A device that gives a rising edge on its line every PERIOD_MICROS. The latency counts from
     * the cycle the edge is due in hardware time: the machine runs device events at its next
     * preemption point, so a busy CPU delivers them late by up to one step of its code.
     */
    static final class Pulse implements DeviceModel {
        DeviceBus bus;
        long dueAt;
        volatile long raisedAt;

        @Override public String name() { return "pulse"; }
        @Override public List<PortRange> ports() { return List.of(new PortRange(0x300, 1)); }
        @Override public int irq() { return IRQ; }
        @Override public long read(int port, int width) { return 0; }
        @Override public void write(int port, int width, long value) { }
        @Override public void detach() { bus = null; }

        @Override
        public void attach(DeviceBus b) {
            bus = b;
            arm();
        }

        private void arm() {
            dueAt = bus.cycles() + PERIOD_MICROS * (bus.clockHz() / 1_000_000);
            bus.schedule(PERIOD_MICROS, this::pulse);
        }

        private void pulse() {
            if (bus == null) return;
            bus.setIrq(false);
            raisedAt = dueAt;
            bus.setIrq(true);
            arm();
        }
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        System.out.println("interrupt latency in simulated cycles (device raises the line -> handler thread runs), " + samples + " samples");
        System.out.println("arch  scenario  min  median  max  (cycles; µs at the CPU clock)");
        for (Architecture arch : new Architecture[] {new Ix86Architecture(), new MipsArchitecture()}) {
            for (boolean busy : new boolean[] {false, true}) {
                long[] l = measure(arch, busy, samples);
                Arrays.sort(l);
                long hz = arch.clockHz();
                System.out.printf("%-5s %-8s  %d  %d  %d  (median %.2f µs)%n", arch.name(), busy ? "busy" : "idle", l[0], l[l.length / 2],
                        l[l.length - 1], l[l.length / 2] * 1e6 / hz);
            }
        }
    }

    static long[] measure(Architecture arch, boolean busy, int samples) throws Exception {
        Kernel k = Machines.boot(arch);
        try {
            Pulse pulse = new Pulse();
            long[] latency = new long[samples];
            CompletableFuture<Void> done = new CompletableFuture<>();
            k.post(() -> {
                k.devices.attach(pulse);
                k.launch("handler", l4 -> {
                    ThreadId irq = ThreadId.interrupt(IRQ);
                    l4.receive(irq, Timeout.ZERO);
                    for (int i = 0; i < samples; i++) {
                        IpcResult r = l4.receive(irq, Timeout.NEVER);
                        latency[i] = k.clock.cycles() - pulse.raisedAt;
                        if (!r.ok()) throw new IllegalStateException("interrupt IPC failed: " + r);
                    }
                    done.complete(null);
                    l4.receive(ThreadId.INVALID, Timeout.NEVER);
                }, 200);
                if (busy) {
                    k.launch("busy", l4 -> {
                        while (true) l4.compute(COMPUTE_STEP);
                    }, 100);
                }
            });
            done.get(120, TimeUnit.SECONDS);
            return latency;
        } finally {
            k.halt();
            k.stoppedFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
