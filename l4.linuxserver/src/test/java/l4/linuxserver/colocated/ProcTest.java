package l4.linuxserver.colocated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The small /proc as busybox's ps, top, free, uptime and mount read it (pids differ from Linux: checked here, not against qemu). */
class ProcTest {
    private final CoLocatedLinux linux = new CoLocatedLinux(CoLocatedLinux.defaultInitramfs());

    private String run(String line) {
        CoLocatedLinux.Result r = linux.shell(line, 200_000_000L);
        assertEquals(0, r.status(), r.output());
        return r.output();
    }

    /** busybox sh runs applets by execve("/proc/self/exe"), so Linux names them "exe" (the file's base name). */
    @Test
    void selfAndPidDirectories() {
        assertEquals("(exe) R\n", run("cat /proc/self/stat | cut -d' ' -f2,3"));
        assertEquals("Name:\texe\n", run("cat /proc/self/status | head -n 1"));
        assertEquals("cat /proc/self/cmdline \n", run("cat /proc/self/cmdline | tr '\\0' ' '; echo"));
        String own = run("echo $$; ls /proc/$$; readlink /proc/self/exe");
        assertTrue(own.contains("cmdline\nexe\nmounts\nstat\nstatus\n/bin/busybox\n"), own);
    }

    @Test
    void psListsTheProcessTree() {
        String ps = run("sleep 5 & ps; kill $!");
        assertTrue(ps.startsWith("PID   USER     COMMAND\n"), ps);
        // busybox ps shows {comm} before the command line when they differ, as for any exec of /proc/self/exe
        assertTrue(ps.contains("root     {exe} sleep 5\n"), ps);
    }

    /**
     * mount reads /proc/mounts, stat -f statfs (MIPS's own struct statfs: type, bsize, frsize,
     * blocks, ...). The root is Linux's rootfs, a tmpfs of half the memory, which busybox's df
     * leaves out as it does on any Linux booted from an initramfs alone.
     */
    @Test
    void mountsAndStatfs() {
        assertEquals("rootfs on / type rootfs (rw)\nproc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n", run("mount"));
        assertEquals("tmpfs 4096 4096 8192 255\nproc 4096 4096 0 255\n", run("stat -f -c '%T %s %S %b %l' / /proc"));
        String before = run("stat -f -c %f /");
        String after = run("head -c 409600 /dev/zero > /tmp/big; stat -f -c %f /");
        assertEquals(Long.parseLong(before.trim()) - 100, Long.parseLong(after.trim()), "a 400 KiB file takes 100 blocks");
        assertEquals("Linux version 6.1.0-l4 (root@l4) #1 SMP L4Linux personality\n", run("cat /proc/version"));
        assertEquals("1\n", run("stat -f /nonexistent 2>/dev/null; echo $?"));
    }

    /** top reads /proc/stat, /proc/loadavg, meminfo and each process's stat. */
    @Test
    void topAndTheSystemWideFiles() {
        String top = run("top -b -n 1");
        assertTrue(top.startsWith("Mem: "), top);
        assertTrue(top.contains("\nCPU: "), top);
        assertTrue(top.contains("\nLoad average: 0.00 0.00 0.00 "), top);
        assertTrue(top.contains("  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND\n"), top);
        assertTrue(top.contains(" top -b -n 1\n"), top);
        String stat = run("head -n 1 /proc/stat; grep -c '^cpu' /proc/stat; grep '^btime' /proc/stat");
        assertTrue(stat.matches("cpu  \\d+ 0 \\d+ \\d+ 0 0 0 0 0 0\n2\nbtime 0\n"), stat);
        assertTrue(run("cat /proc/loadavg").matches("0\\.00 0\\.00 0\\.00 \\d+/\\d+ \\d+\n"));
    }

    /**
     * A busy loop for one load sample (5.01 s of simulated time, on a 10 MHz CPU to keep the test
     * short): /proc/loadavg shows what Linux's fixed-point arithmetic gives for one sample of one
     * runnable thread, and uptime (sysinfo's loads, which busybox cuts rather than rounds) the same
     * averages. A sleeping process does not count.
     */
    @Test
    void loadAveragesFollowTheRunnableThreads() {
        String idle = run("cat /proc/loadavg");
        assertTrue(idle.startsWith("0.00 0.00 0.00 1/1 "), idle);
        linux.clockMhz(10);
        String busy = run("sleep 60 & (while :; do :; done) & sleep 6; cat /proc/loadavg; uptime; kill -9 $!");
        assertTrue(busy.startsWith("0.08 0.02 0.01 2/4 "), busy);
        assertTrue(busy.contains("load average: 0.08, 0.01, 0.00\n"), busy);
    }

    @Test
    void freeAndUptime() {
        String free = run("free | head -n 2 | tail -n 1 | cut -c1-4");
        assertEquals("Mem:\n", free);
        // free reads sysinfo, /proc/meminfo the same figures
        assertEquals("65536\n", run("free | awk 'NR == 2 { print $2 }'"));
        assertEquals("65536\n", run("awk '/MemTotal/ { print $2 }' /proc/meminfo"));
        assertTrue(run("uptime").contains("up "));
        assertEquals("2\n", run("wc -w < /proc/uptime"));
    }
}
