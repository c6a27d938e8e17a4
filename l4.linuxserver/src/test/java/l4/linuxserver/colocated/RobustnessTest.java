package l4.linuxserver.colocated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import l4.linuxserver.sys.Process;

/**
 * Misbehaving programs (freestanding, from src/test/guest/robust) get the signal Linux sends, and
 * the shell that ran them, and the layer, go on: busybox ash names the signal that killed a
 * command (not SIGPIPE) on stderr and gives 128 + the signal as its status. No core is dumped
 * (RLIMIT_CORE 0), so there is no "(core dumped)".
 */
class RobustnessTest {
    private static byte[] initramfs;

    @BeforeAll
    static void build() throws IOException {
        Map<String, byte[]> programs = new LinkedHashMap<>();
        for (String p : new String[] {"garbage", "jumpzero", "unmapped", "closedpipe", "forkbomb"}) {
            try (InputStream in = RobustnessTest.class.getResourceAsStream("/l4/linuxserver/robust/" + p)) {
                programs.put("bin/" + p, in.readAllBytes());
            }
        }
        programs.putAll(DifferentialTest.programs());
        initramfs = CoLocatedLinux.initramfsWith(programs);
    }

    private static CoLocatedLinux.Result run(CoLocatedLinux l, String line) {
        return l.shell(line, 200_000_000L);
    }

    @Test
    void garbageInstructionIsSigill() {
        CoLocatedLinux l = new CoLocatedLinux(initramfs);
        CoLocatedLinux.Result r = run(l, "/bin/garbage; echo status=$?; echo alive");
        assertEquals("before\nIllegal instruction\nstatus=132\nalive\n", r.output());
    }

    @Test
    void jumpToZeroIsSigsegv() {
        CoLocatedLinux l = new CoLocatedLinux(initramfs);
        assertEquals("before\nSegmentation fault\nstatus=139\n", run(l, "/bin/jumpzero; echo status=$?").output());
    }

    @Test
    void unmappedStoreIsSigsegvAndTheNextCommandRuns() {
        CoLocatedLinux l = new CoLocatedLinux(initramfs);
        assertEquals("before\nSegmentation fault\nstatus=139\nafter\n", run(l, "/bin/unmapped; echo status=$?; echo after").output());
        // the same system runs the next command line
        assertEquals("again\n", run(l, "echo again").output());
    }

    @Test
    void closedPipeIsEpipeWhenIgnoredAndSigpipeOtherwise() {
        CoLocatedLinux l = new CoLocatedLinux(initramfs);
        assertEquals("ignored: -32\nstatus=141\n", run(l, "/bin/closedpipe; echo status=$?").output());
    }

    @Test
    void anUnknownSystemCallIsEnosysNotACrash() {
        CoLocatedLinux l = new CoLocatedLinux(initramfs);
        CoLocatedLinux.Result r = run(l, "nc 10.0.0.1 80; echo status=$?");
        assertEquals("nc: socket: Function not implemented\nstatus=1\n", r.output());
        assertTrue(l.linux.unknownCalls().contains("socket"), l.linux.unknownCalls().toString());
    }

    /** Not in the differential suite: qemu-user adds its own "uncaught target signal" line. */
    @Test
    void aThreadsSegmentationFaultEndsItsWholeProcess() {
        CoLocatedLinux l = new CoLocatedLinux(initramfs);
        assertEquals("Segmentation fault\nstatus=139\nafter\n", run(l, "/bin/lxtest threadsegv; echo status=$?; echo after").output());
        for (Process p : l.linux.processes()) assertTrue(!p.alive(), "left over: " + p);
    }

    @Test
    void forkBombHitsTheProcessLimitAndTheSystemGoesOn() {
        CoLocatedLinux l = new CoLocatedLinux(initramfs);
        l.linux.setMaxProcesses(64);
        CoLocatedLinux.Result r = run(l, "/bin/forkbomb; echo status=$?");
        assertEquals("fork failed: -11 after 1\nKilled\nstatus=137\n", r.output());
        for (Process p : l.linux.processes()) assertTrue(!p.alive(), "left over: " + p);
        assertEquals("ok\n", run(l, "echo ok").output());
    }
}
