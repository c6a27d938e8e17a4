package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Hashtable;

import l4.api.UserProgram;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * The PC device set of l4.devices on both machines: plugged in at the ports (ix86) and in the Malta
 * ISA window (MIPS), and driven end to end by a user program the root task starts
 * ({@link DeviceProbe}): CMOS clock, ATA identify/write/flush/read with IRQ 14, UART output with
 * THRE interrupts on IRQ 4 — the same ISA interrupt numbers on both.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DevicesIT extends ReconfiguringRuntime {
    static final String PID = "l4.machine";

    private ServiceRegistration<UserProgram> probe;

    @Before
    public void registerProbe() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(UserProgram.NAME, DeviceProbe.NAME);
        probe = context.registerService(UserProgram.class, new DeviceProbe(), props);
    }

    @After
    public void unregisterProbe() {
        if (probe != null) probe.unregister();
    }

    @Test
    public void devicesArePluggedInTheArchitecturesWay() throws Exception {
        String ix86 = shell.run("l4:devices");
        assertTrue(ix86, ix86.matches("(?s).*uart +ports 0x3f8-0x3ff +4 .*"));
        assertTrue(ix86, ix86.matches("(?s).*ata +ports 0x1f0-0x1f7, ports 0x3f6 +14 .*"));
        assertTrue(ix86, ix86.matches("(?s).*rtc +ports 0x70-0x71 +8 .*"));
        boot("mips");
        String mips = shell.run("l4:devices");
        assertTrue(mips, mips.matches("(?s).*uart +mmio 0x180003f8-0x180003ff +4 .*"));
        assertTrue(mips, mips.matches("(?s).*ata +mmio 0x180001f0-0x180001f7, mmio 0x180003f6 +14 .*"));
        String irqs = shell.run("l4:irqs");
        assertTrue(irqs, irqs.contains("IRQ14 (PIIX4 8259 slave, on IP2)"));
    }

    @Test
    public void aUserProgramDrivesClockDiskAndSerialLineOnBothMachines() throws Exception {
        for (String arch : new String[] {"ix86", "mips"}) {
            boot(arch, DeviceProbe.NAME);
            String expected = DeviceProbe.NAME + " " + arch + ": rtc 2000-01-01 00:00, ata L4 simulated ATA disk sector "
                + DeviceProbe.LBA + " ok";
            boolean seen = Await.until(() -> shell.attempt("l4:serial").map(s -> s.contains(expected)).orElse(false), Await.TIMEOUT);
            assertTrue("on " + arch + " the serial line shows no '" + expected + "':\n" + shell.attempt("l4:serial").orElse("(failed)")
                + "\nl4:devices:\n" + shell.attempt("l4:devices").orElse("(failed)"), seen);
        }
        String disk = shell.run("l4:disk");
        assertTrue(disk, Shell.number(disk, "flushes") >= 2);
        assertTrue(disk, Shell.number(disk, "written") >= 2);
        String tail = shell.run("l4:serial --tail 1");
        assertEquals(tail, 1, tail.strip().split("\\R").length);
        assertTrue(tail, tail.startsWith(DeviceProbe.NAME + " mips:"));
    }

    @Test
    public void consoleWithoutAnInteractiveTerminalIsOneClearLine() throws Exception {
        try {
            shell.run("l4:console");
            fail("l4:console attached a session without a terminal");
        } catch (Shell.Failed e) {
            assertEquals("console: needs the interactive shell on a terminal; here use l4:serial [--tail N] and l4:serial --input TEXT",
                e.commandMessage());
        }
    }

    @Test
    public void theDevicesBundleComingAndGoingRebootsTheMachineWithAndWithoutIt() throws Exception {
        org.osgi.framework.Bundle devices = java.util.Arrays.stream(context.getBundles())
            .filter(b -> "l4.devices".equals(b.getSymbolicName())).findFirst().orElseThrow();
        devices.stop();
        try {
            boolean gone = Await.until(() -> shell.attempt("l4:devices").map(s -> s.contains("no devices attached")).orElse(false),
                Await.TIMEOUT);
            assertTrue("after stopping l4.devices: " + shell.attempt("l4:devices").orElse("(failed)"), gone);
        } finally {
            devices.start();
        }
        boolean back = Await.until(() -> shell.attempt("l4:devices").map(s -> s.contains("uart") && s.contains("ata") && s.contains("rtc"))
            .orElse(false), Await.TIMEOUT);
        assertTrue("after starting l4.devices again: " + shell.attempt("l4:devices").orElse("(failed)"), back);
    }

    private void boot(String arch, String... servers) throws Exception {
        configure(PID, "arch", arch, "servers", servers);
        // a configuration change always reboots; wait for the machine of the new configuration
        Thread.sleep(200);
        assertTrue("no " + arch + " machine within " + Await.TIMEOUT.toSeconds() + " s", shell.awaitArch(arch, Await.TIMEOUT));
    }

}
