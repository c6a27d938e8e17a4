package l4.kernel.hardware;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.hardware.DeviceBus;
import l4.hardware.DeviceModel;
import l4.hardware.PortRange;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/** Device models on the machine: decoding, costs, simulated-time events, edge-triggered interrupts as IPC, unplugging. */
class DeviceBoardTest {
    static final int PORT = 0x300;
    static final int IRQ = 5;
    static final long DELAY_MICROS = 250;

    /** A doorbell: a write to PORT schedules an interrupt DELAY_MICROS later; a read returns the rings so far and lowers the line. */
    static class Doorbell implements DeviceModel {
        DeviceBus bus;
        int rings;
        final List<String> log = new ArrayList<>();

        @Override public String name() { return "bell"; }
        @Override public List<PortRange> ports() { return List.of(new PortRange(PORT, 2)); }
        @Override public int irq() { return IRQ; }
        @Override public void attach(DeviceBus b) { bus = b; log.add("attach " + b.architecture()); }
        @Override public void detach() { log.add("detach"); bus = null; }

        @Override
        public long read(int port, int width) {
            bus.setIrq(false);
            return port == PORT ? rings : 0x1234_5678L;
        }

        @Override
        public void write(int port, int width, long value) {
            log.add("write " + Integer.toHexString(port) + "/" + width + "=" + Long.toHexString(value));
            bus.schedule(DELAY_MICROS, () -> {
                rings++;
                bus.setIrq(true);
            });
        }
    }

    @Test
    void portDeviceInterruptsAfterSimulatedTime() throws Exception {
        try (TestMachine m = new TestMachine(new TestArchitecture(32, 2, false, true), new KernelConfig())) {
            Doorbell bell = new Doorbell();
            assertTrue(m.kernel.inspect(() -> m.kernel.devices.attach(bell), 5000));
            assertEquals(List.of("attach test"), bell.log);
            AtomicLong waited = new AtomicLong();
            m.run(l4 -> {
                for (int p = PORT; p < PORT + 2; p++) l4.ioRead(p, 1); // ports from σ0 by I/O faults
                ThreadId irq = ThreadId.interrupt(IRQ);
                assertEquals(IpcError.RECEIVE_TIMEOUT, l4.receive(irq, Timeout.ZERO).error(), "attached to IRQ 5");
                for (int round = 1; round <= 2; round++) {
                    long before = l4.clockMicros();
                    l4.ioWrite(PORT, 1, 0xA5);
                    IpcResult r = l4.receive(irq, Timeout.NEVER);
                    assertTrue(r.ok(), "the interrupt arrives as IPC");
                    assertEquals(irq, r.source());
                    waited.set(l4.clockMicros() - before);
                    assertEquals(round, l4.ioRead(PORT, 1), "the device's own state");
                }
            });
            assertTrue(waited.get() >= DELAY_MICROS, "the driver waited the device's simulated time: " + waited.get());
            DeviceBoard.Attached a = m.kernel.inspect(() -> m.kernel.devices.attached().get(0), 5000);
            assertEquals("ports 0x300-0x301", a.placement());
            assertEquals(2, a.interrupts(), "one rising edge per ring");
            assertTrue(a.accesses() >= 4);
            assertEquals(2, m.kernel.interrupts.count(IRQ));
        }
    }

    @Test
    void windowDeviceSeesPortNumbersAndOneCyclePerAlignedAccess() throws Exception {
        try (TestMachine m = new TestMachine(new TestArchitecture(), new KernelConfig())) {
            Doorbell bell = new Doorbell();
            long window = 0x1F00_0000L;
            long cyclesPerAccess = m.kernel.inspect(() -> {
                assertTrue(m.kernel.devices.attach(bell));
                long t0 = m.kernel.clock.cycles();
                m.kernel.physical.write(window + PORT, 2, 0xBEEF);
                return m.kernel.clock.cycles() - t0;
            }, 5000);
            assertEquals(10, cyclesPerAccess, "one DEVICE_ACCESS (10 cycles on the test architecture)");
            assertEquals("write 300/2=beef", bell.log.get(1), "one 16-bit cycle at port 0x300");
            long accesses = m.kernel.inspect(() -> {
                long before = m.kernel.devices.attached().get(0).accesses();
                byte[] two = new byte[2];
                m.kernel.physical.read(window + PORT, two, 0, 2);
                assertEquals(0x78, m.kernel.physical.read(window + PORT + 1, 1), "port 0x301 answers 0x12345678's low byte");
                return m.kernel.devices.attached().get(0).accesses() - before;
            }, 5000);
            assertEquals(2, accesses, "an aligned 2-byte block is one 16-bit cycle, then one byte cycle");
            assertEquals("mmio 0x1f000300-0x1f000301", m.kernel.inspect(() -> m.kernel.devices.placement(bell), 5000));
        }
    }

    @Test
    void unpluggedDeviceIsGoneAndItsTimersDoNotRun() throws Exception {
        try (TestMachine m = new TestMachine(new TestArchitecture(32, 2, false, true), new KernelConfig())) {
            Doorbell bell = new Doorbell();
            m.kernel.inspect(() -> {
                m.kernel.devices.attach(bell);
                m.kernel.portBus.write(PORT, 1, 1); // schedules a ring
                m.kernel.devices.detach(bell);
                return null;
            }, 5000);
            assertEquals("detach", bell.log.get(bell.log.size() - 1));
            assertEquals(0xFF, m.kernel.inspect(() -> m.kernel.portBus.read(PORT, 1), 5000), "the port floats again");
            m.run(l4 -> l4.sleep(2000));
            assertEquals(0, bell.rings, "the pending event died with the slot");
        }
    }

    @Test
    void conflictsAndFailingModelsAreRefusedOrContained() throws Exception {
        try (TestMachine m = new TestMachine(new TestArchitecture(32, 2, false, true), new KernelConfig())) {
            Doorbell one = new Doorbell();
            Doorbell two = new Doorbell();
            DeviceModel broken = new Doorbell() {
                @Override public String name() { return "broken"; }
                @Override public List<PortRange> ports() { return List.of(new PortRange(0x400, 1)); }
                @Override public long read(int port, int width) { throw new IllegalStateException("model bug"); }
            };
            DeviceModel timer = new Doorbell() {
                @Override public List<PortRange> ports() { return List.of(new PortRange(0x500, 1)); }
                @Override public int irq() { return 7; }
            };
            m.kernel.inspect(() -> {
                assertTrue(m.kernel.devices.attach(one));
                assertFalse(m.kernel.devices.attach(two), "port 0x300 is taken");
                assertFalse(m.kernel.devices.attach(timer), "the timer line is the kernel's");
                assertTrue(m.kernel.devices.attach(broken));
                assertEquals(0xFF, m.kernel.portBus.read(0x400, 1), "a failing model reads like an absent one");
                assertEquals(2, m.kernel.devices.attached().size());
                return null;
            }, 5000);
        }
    }
}
