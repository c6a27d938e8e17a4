package l4.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Everyday administration: reboots and architecture switches return when the new machine runs,
 * commands issued during a swap or an update wait for it, {@code update ID} of an l4 bundle
 * re-reads its jar, halts say what, why and what was lost, and the commands' output is honest.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdministrationIT extends L4Runtime {

    @Inject
    protected CommandProcessor processor;

    private Shell shell;

    @Before
    public void machineRunsIx86() throws Exception {
        shell = new Shell(processor);
        assertTrue("no ix86 machine within " + Await.TIMEOUT.toSeconds() + " s", shell.awaitArch("ix86", Await.TIMEOUT));
    }

    @After
    public void backToIx86() throws Exception {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("l4.") && b.getState() == Bundle.RESOLVED) {
                b.start();
            }
        }
        shell.attempt("l4:arch ix86");
        assertTrue("teardown: no ix86 machine", shell.awaitArch("ix86", Await.TIMEOUT));
    }

    // ---- finding 2: synchronous reboots --------------------------------------------------------

    @Test
    public void rebootAndArchReturnWhenTheNewMachineRuns() throws Exception {
        shell.run("l4:pingpong --rounds 20 --warmup 0");
        long before = Shell.number(shell.run("l4:stats"), "events");
        String reboot = shell.run("l4:reboot");
        assertTrue("l4:reboot does not say what runs now:\n" + reboot, reboot.contains("running ix86"));
        // right after it, with no polling: the new machine answers
        String tasks = shell.run("l4:tasks");
        assertTrue(tasks, tasks.contains("sigma0"));
        assertTrue("l4:reboot gave the old machine", Shell.number(shell.run("l4:stats"), "events") < before);

        String mips = shell.run("l4:arch mips");
        assertTrue(mips, mips.contains("running mips"));
        String kip = shell.run("l4:kip");
        assertEquals("l4:kip right after l4:arch mips:\n" + kip, Optional.of("mips"), Shell.field(kip, "architecture"));

        shell.run("l4:pingpong --rounds 20 --warmup 0");
        long onMips = Shell.number(shell.run("l4:stats"), "events");
        String again = shell.run("l4:arch mips");
        assertTrue("l4:arch mips on mips:\n" + again, again.startsWith("already running mips"));
        assertTrue("l4:arch mips on a mips machine rebooted it", Shell.number(shell.run("l4:stats"), "events") >= onMips);
    }

    @Test
    public void commandsDuringASwapWaitForTheNewMachine() throws Exception {
        LogTail log = LogTail.mark();
        Bundle ix86 = bundle("l4.arch.ix86");
        ix86.stop();
        assertNotNull("no halt after stopping l4.arch.ix86; logged:\n" + log.since(),
            log.await("machine halted (ix86)", Duration.ofSeconds(10)));
        // the architecture comes back a moment later
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(700);
                ix86.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        String tasks = shell.run("l4:tasks"); // issued while no machine runs
        assertTrue(tasks, tasks.contains("sigma0"));
        assertTrue("l4:tasks returned before the architecture came back",
            System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500));
        restart.get(5, TimeUnit.SECONDS);
    }

    @Test
    public void aStoppedArchitectureEndsTheWaitWithOneLine() throws Exception {
        LogTail log = LogTail.mark();
        Bundle ix86 = bundle("l4.arch.ix86");
        ix86.stop();
        assertNotNull("no halt after stopping l4.arch.ix86", log.await("machine halted (ix86)", Duration.ofSeconds(10)));
        long start = System.nanoTime();
        Throwable t = shell.failure("l4:threads");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue("l4:threads waited " + seconds + " s for an architecture that does not come", seconds <= 25);
        assertTrue(t.getMessage(), t.getMessage().startsWith("l4:threads: no machine is running (waiting for architecture ix86"));
        ix86.start();
        assertTrue(shell.awaitArch("ix86", Await.TIMEOUT));
    }

    // ---- finding 3: update ID ------------------------------------------------------------------

    @Test
    public void updateOfAnL4BundleReReadsItsJarAndCommandsWaitForTheReboot() throws Exception {
        for (Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name == null || !name.startsWith("l4.")) {
                continue;
            }
            String updateLocation = b.getHeaders().get(Constants.BUNDLE_UPDATELOCATION);
            assertNotNull(name + " has no Bundle-UpdateLocation: update ID cannot re-read it where its location is no URL",
                updateLocation);
            assertTrue(name + ": Bundle-UpdateLocation " + updateLocation + " is not a file of this build",
                updateLocation.startsWith("file:") && new File(URI.create(updateLocation)).isFile());
        }
        shell.run("l4:pingpong --rounds 20 --warmup 0");
        long before = Shell.number(shell.run("l4:stats"), "events");
        Bundle sigma0 = bundle("l4.sigma0");
        // the Bundle comes from the bundle context: the test framework has no Gogo shell, whose
        // converter turns an id into a Bundle
        String out = shell.run("update ($.context bundle " + sigma0.getBundleId() + ")");
        assertFalse("update " + sigma0.getBundleId() + ": " + out, out.contains("Exception"));
        assertEquals(Bundle.ACTIVE, sigma0.getState());
        // no polling: the command waits for the reboot the update causes
        String stats = shell.run("l4:stats");
        assertTrue("after update of l4.sigma0 the machine did not reboot (events " + before + "):\n" + stats,
            Shell.number(stats, "events") < before);
    }

    @Test
    public void aFailedUpdateChangesNothing() throws Exception {
        Bundle sigma0 = bundle("l4.sigma0");
        File jar = new File(URI.create(sigma0.getHeaders().get(Constants.BUNDLE_UPDATELOCATION)));
        File away = new File(jar.getPath() + ".away");
        shell.run("l4:pingpong --rounds 20 --warmup 0");
        long before = Shell.number(shell.run("l4:stats"), "events");
        LogTail log = LogTail.mark();
        assertTrue("cannot move " + jar + " away", jar.renameTo(away));
        try {
            String out = shell.run("update ($.context bundle " + sigma0.getBundleId() + ")");
            assertTrue("update with its jar missing did not say so:\n" + out, out.contains("Unable to update"));
            System.out.println("[itest] update with its jar missing -> " + out.strip().split("\\R")[0]);
        } finally {
            assertTrue("cannot move " + jar + " back", away.renameTo(jar));
        }
        assertEquals("l4.sigma0 after a failed update", Bundle.ACTIVE, sigma0.getState());
        Thread.sleep(1500); // longer than the kernel's grace for a bundle that comes back unchanged
        long after = Shell.number(shell.run("l4:stats"), "events");
        assertTrue("a failed update of l4.sigma0 rebooted the machine (events " + before + " -> " + after + "); logged:\n"
            + log.since(), after >= before);
        assertFalse("a failed update halted the machine:\n" + log.since(), log.since().contains("machine halted"));
    }

    // ---- finding 4: visible halts --------------------------------------------------------------

    @Test
    public void aHaltIsOneWarningAndRunningWorkEndsWithAClearMessage() throws Exception {
        LogTail log = LogTail.mark();
        CompletableFuture<Throwable> pingpong = CompletableFuture.supplyAsync(
            () -> shell.failure("l4:pingpong --rounds 10000000 --warmup 0"));
        Thread.sleep(500);
        Bundle ix86 = bundle("l4.arch.ix86");
        ix86.stop();
        Throwable t = pingpong.get(20, TimeUnit.SECONDS);
        assertTrue("l4:pingpong under a halt: " + t.getMessage(),
            t.getMessage().startsWith("l4:pingpong: the machine halted while the command ran"));
        String line = log.await("machine halted (ix86): architecture ix86 went away; lost: ", Duration.ofSeconds(5));
        assertNotNull("no halt line; logged:\n" + log.since(), line);
        assertTrue("the halt line is no warning: " + line, line.contains("WARN"));
        assertTrue(line, line.matches(".*lost: \\d+ tasks, \\d+ threads, \\d+ simulated ms, \\d+ trace events.*"));
        ix86.start();
    }

    // ---- finding 8: honest state ---------------------------------------------------------------

    @Test
    public void countersAgreeAndOutputIsHonest() throws Exception {
        shell.run("l4:pingpong --rounds 20000 --warmup 0"); // long enough for timer ticks
        String irqs = shell.run("l4:irqs");
        Matcher timer = Pattern.compile("kernel \\(timer\\)\\s+(\\d+)").matcher(irqs);
        assertTrue("no timer line in l4:irqs:\n" + irqs, timer.find());
        Matcher ticks = Pattern.compile("timer ticks: (\\d+)").matcher(irqs);
        assertTrue("no tick count in l4:irqs:\n" + irqs, ticks.find());
        assertEquals("l4:irqs: the timer's count is not the number of ticks:\n" + irqs, ticks.group(1), timer.group(1));
        assertTrue("the machine has run long enough to tick:\n" + irqs, Long.parseLong(ticks.group(1)) > 0);

        String one = shell.run("l4:mapping 0x2000000");
        assertTrue(one, one.startsWith("frame 0x2000000: 1 mapping\n"));

        String threads = shell.run("l4:threads");
        assertTrue("a legend for a star no thread has:\n" + threads, threads.contains("*") || !threads.contains("(* running)"));

        String ix86 = shell.run("l4:arch");
        assertTrue("l4:arch starts with a lone name line:\n" + ix86, ix86.startsWith("name: ix86\n"));
        shell.run("l4:arch mips");
        String mips = shell.run("l4:arch");
        Map<String, String> a = keys(ix86);
        Map<String, String> b = keys(mips);
        for (String key : new String[] {"name", "cpu", "clock", "word-bits", "message-registers", "user-address-bits", "page-sizes", "tlb"}) {
            assertTrue("ix86 has no " + key + ":\n" + ix86, a.containsKey(key));
            assertTrue("mips has no " + key + " (spelled as on ix86):\n" + mips, b.containsKey(key));
        }
        for (String key : b.keySet()) {
            assertFalse("mips key with a blank instead of '-': " + key, key.contains(" "));
        }
    }

    @Test
    public void costsMeasuringMachinesDoNotLogLikeReboots() throws Exception {
        LogTail log = LogTail.mark();
        String costs = shell.run("l4:costs");
        assertTrue(costs, costs.startsWith("# NAME"));
        String logged = log.since();
        for (String line : logged.split("\\R")) {
            if (line.contains("booted") || line.contains("machine halted") || line.contains("sigma0 ")) {
                fail("l4:costs logged like a reboot of the machine: " + line + "\nall:\n" + logged);
            }
        }
    }

    private static Map<String, String> keys(String output) {
        Map<String, String> m = new TreeMap<>();
        for (String line : output.split("\\R")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                m.put(line.substring(0, colon).strip(), line.substring(colon + 2));
            }
        }
        return m;
    }

    private Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles())
            .filter(b -> symbolicName.equals(b.getSymbolicName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }
}
