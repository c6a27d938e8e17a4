package l4.linuxserver.sys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import l4.linuxserver.fs.Directory;
import l4.linuxserver.fs.GeneratedFile;
import l4.linuxserver.fs.Inode;
import l4.linuxserver.fs.Symlink;

/**
 * A small /proc: {@code self}, one directory per process with {@code stat}, {@code status},
 * {@code cmdline}, {@code exe} and {@code mounts}, and {@code loadavg}, {@code meminfo},
 * {@code mounts}, {@code stat}, {@code uptime} and {@code version}; made on lookup from the
 * process table, in the formats of Linux's fs/proc (enough for busybox ps, top, free, uptime,
 * mount and df).
 */
final class ProcFs extends Directory {
    private final LinuxSystem system;

    ProcFs(LinuxSystem system) {
        super(0555, null);
        this.system = system;
    }

    @Override
    public boolean writable() {
        return false;
    }

    /** /proc's device number (st_dev), which tells its files from the root's. */
    static final int DEV = 3;

    /** The mount table /proc/mounts shows (Linux's format: device, mount point, type, options, 0 0). */
    static final String MOUNTS = "rootfs / rootfs rw 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n";

    @Override
    public int dev() {
        return DEV;
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public Inode lookup(String name) {
        switch (name) {
            case "self":
                Process caller = system.caller();
                return caller == null ? null : new Symlink(String.valueOf(caller.tgid()));
            case "meminfo":
                return new GeneratedFile(this::meminfo);
            case "mounts":
                return new Symlink("self/mounts");
            case "stat":
                return new GeneratedFile(this::stat);
            case "loadavg":
                return new GeneratedFile(this::loadavg);
            case "version":
                return new GeneratedFile(() -> ("Linux version " + Calls.RELEASE + " (root@" + Calls.NODENAME + ") "
                        + Calls.VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
            case "uptime":
                return new GeneratedFile(() -> {
                    long ns = system.now();
                    return String.format("%d.%02d %d.%02d\n", ns / 1_000_000_000L, ns / 10_000_000L % 100,
                            ns / 1_000_000_000L, ns / 10_000_000L % 100).getBytes(StandardCharsets.US_ASCII);
                });
            default:
                try {
                    Process p = system.process(Integer.parseInt(name));
                    return p == null ? null : new PidDir(p, this);
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    @Override
    public List<String> names() {
        List<String> n = new ArrayList<>();
        // one directory per process, as Linux lists thread groups (threads are under /proc/PID/task there)
        for (Process p : system.processes()) if (p.isLeader()) n.add(String.valueOf(p.pid));
        n.add("loadavg");
        n.add("meminfo");
        n.add("mounts");
        n.add("self");
        n.add("stat");
        n.add("uptime");
        n.add("version");
        return n;
    }

    /**
     * Linux's /proc/stat for one CPU: the cpu lines (user, nice, system, idle, then iowait, irq,
     * softirq, steal, guest, guest_nice, all 0) in ticks of 10 ms, idle being the rest of the
     * time since boot; the boot time (the clock starts at 0), the processes forked, those that run.
     */
    private byte[] stat() {
        for (Process p : system.processes()) if (p.isLeader() && p.alive()) system.updateCpuTime(p); // the kernel's counts so far
        long tick = Calls.TICK_NANOS;
        long user = system.cpuNanos(true) / tick, sys = system.cpuNanos(false) / tick;
        long idle = Math.max(0, system.now() / tick - user - sys);
        String cpu = String.format(" %d 0 %d %d 0 0 0 0 0 0\n", user, sys, idle);
        return ("cpu " + cpu + "cpu0" + cpu + "intr 0\nctxt 0\nbtime 0\nprocesses " + system.lastPid()
                + "\nprocs_running " + system.runnable() + "\nprocs_blocked 0\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Linux's /proc/loadavg: the load averages, runnable/all threads, the last pid. */
    private byte[] loadavg() {
        String averages = system.loadAverage().text();
        return String.format("%s %d/%d %d\n", averages, system.runnable(), system.processes().size(), system.lastPid())
                .getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] meminfo() {
        long totalKb = system.memoryTotalKb(), free = system.memoryFreeKb();
        return String.format("MemTotal:       %8d kB\nMemFree:        %8d kB\nMemAvailable:   %8d kB\n"
                + "Buffers:        %8d kB\nCached:         %8d kB\nSwapCached:     %8d kB\nShmem:          %8d kB\n"
                + "SwapTotal:      %8d kB\nSwapFree:       %8d kB\n", totalKb, free, free, 0, 0, 0, 0, 0, 0)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private final class PidDir extends Directory {
        private final Process p;

        PidDir(Process p, Directory parent) {
            super(0555, parent);
            this.p = p;
        }

        @Override
        public boolean writable() {
            return false;
        }

        @Override
        public Inode lookup(String name) {
            return switch (name) {
                case "stat" -> new GeneratedFile(this::stat);
                case "status" -> new GeneratedFile(this::status);
                case "cmdline" -> new GeneratedFile(this::cmdline);
                case "exe" -> new Symlink(p.exe);
                case "mounts" -> new GeneratedFile(() -> MOUNTS.getBytes(StandardCharsets.US_ASCII));
                default -> null;
            };
        }

        @Override
        public List<String> names() {
            return List.of("cmdline", "exe", "mounts", "stat", "status");
        }

        private char state() {
            return switch (p.state) {
                case RUNNABLE -> 'R';
                case BLOCKED -> 'S';
                case STOPPED -> 'T';
                default -> 'Z';
            };
        }

        private byte[] stat() {
            long pages = p.memory == null ? 0 : p.memory.residentPages();
            Process l = p.leader;
            system.updateCpuTime(l);
            long tick = Calls.TICK_NANOS;
            String s = String.format("%d (%s) %c %d %d %d 0 -1 4194304 0 0 0 0 %d %d %d %d 20 0 %d 0 %d %d %d\n", p.pid,
                    p.comm, state(), p.parent == null ? 0 : p.parent.pid, p.pgid, p.sid, l.groupUserNanos / tick,
                    l.groupSystemNanos / tick, l.childUserNanos / tick, l.childSystemNanos / tick, 1 + l.threads.size(),
                    p.startTime / tick, pages * 4096, pages);
            return s.getBytes(StandardCharsets.UTF_8);
        }

        private byte[] status() {
            long kb = p.memory == null ? 0 : p.memory.residentPages() * 4L;
            String s = String.format("Name:\t%s\nState:\t%c\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\nUid:\t%d\t%d\t%d\t%d\n"
                    + "Gid:\t%d\t%d\t%d\t%d\nVmRSS:\t%8d kB\nThreads:\t%d\n", p.comm, state(), p.tgid(), p.pid,
                    p.parent == null ? 0 : p.parent.pid, p.uid, p.euid, p.suid, p.euid, p.gid, p.egid, p.sgid, p.egid, kb,
                    1 + p.leader.threads.size());
            return s.getBytes(StandardCharsets.UTF_8);
        }

        private byte[] cmdline() {
            StringBuilder b = new StringBuilder();
            for (String a : p.argv) b.append(a).append('\0');
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
