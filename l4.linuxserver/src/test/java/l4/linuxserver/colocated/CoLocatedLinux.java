package l4.linuxserver.colocated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import l4.arch.mips.MipsArchitecture;
import l4.arch.mips.MipsGuestMemory;
import l4.arch.mips.cpu.GuestCpu;
import l4.arch.mips.cpu.GuestException;
import l4.arch.mips.cpu.GuestState;
import l4.arch.mips.cpu.InstructionCosts;
import l4.linuxserver.fs.InitramfsBuilder;
import l4.linuxserver.fs.Stream;
import l4.linuxserver.mips.MipsContext;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.mm.Frame;
import l4.linuxserver.mm.FramePool;
import l4.linuxserver.mm.MappingObserver;
import l4.linuxserver.mm.SegmentationFault;
import l4.linuxserver.sys.LinuxAbi;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.OpenFile;
import l4.linuxserver.sys.Process;
import l4.spi.Mmu;
import l4.spi.MmuSpace;

/**
 * The co-located mode: Linux processes run directly on the guest CPU (one GuestState and one R4x00
 * MMU address space per process), and their system calls call the layer with no IPC. Page faults
 * (TLBL/TLBS/Mod) go to the layer's address space, which answers with a frame to map, as the
 * server's pager will. A round-robin scheduler gives each runnable process an instruction budget;
 * a process blocked in a system call runs its call again when the layer reports a change.
 */
public final class CoLocatedLinux {
    public static final long SLICE = 20_000;

    private final Map<Long, byte[]> frames = new HashMap<>();
    private final ArrayDeque<Long> freeFrames = new ArrayDeque<>();
    private long nextFrame = 0x100;
    private long clockCycles;
    private final Mmu mmu;
    private final GuestCpu cpu;
    private final LinuxAbi abi = new MipsN64Abi();
    public final LinuxSystem linux;
    private final Map<Integer, Guest> guests = new HashMap<>();
    private long cycles;
    private long instructions;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    /** An address space's hardware side: the MMU space every thread of the process runs in. */
    private final class Space {
        final MmuSpace space;
        final MipsGuestMemory memory;
        int users;

        Space(int id) {
            space = mmu.createSpace(id);
            memory = MipsGuestMemory.of(space, frames::get);
        }
    }

    private final Map<AddressSpace, Space> spaces = new HashMap<>();

    /** A thread's hardware side: its CPU state, and the MMU space of its process. */
    private final class Guest {
        final GuestState state = new GuestState();
        final AddressSpace owner;
        final Space shared;
        final MmuSpace space;
        final MipsGuestMemory memory;
        long seenChange = -1;

        Guest(Process p) {
            owner = p.memory;
            Space s = spaces.get(owner);
            if (s == null) {
                s = new Space(p.tgid());
                spaces.put(owner, s);
                bind(owner, s.space);
            }
            s.users++;
            shared = s;
            space = s.space;
            memory = s.memory;
        }

        void release() {
            if (--shared.users == 0) {
                spaces.remove(owner);
                mmu.destroySpace(space);
            }
        }
    }

    private void forget(Process p) {
        forget(p.pid);
    }

    private void forget(int tid) {
        Guest g = guests.remove(tid);
        if (g != null) g.release();
    }

    public CoLocatedLinux(byte[] initramfs) {
        mmu = new MipsArchitecture().createMmu(c -> clockCycles += c, Map.of());
        MipsGuestMemory probe = MipsGuestMemory.of(mmu.createSpace(0), frames::get);
        cpu = new GuestCpu(InstructionCosts.r4600(probe.hitCycles()));
        FramePool pool = new FramePool() {
            @Override
            public Frame allocate() {
                Long n = freeFrames.poll();
                if (n == null) {
                    if (nextFrame > 0x100 + 65536) return null; // 256 MiB
                    n = nextFrame++;
                    frames.put(n, new byte[AddressSpace.PAGE]);
                } else {
                    java.util.Arrays.fill(frames.get(n), (byte) 0);
                    cpu.frameWritten(frames.get(n));
                }
                return Frame.of(n, frames.get(n));
            }

            @Override
            public void release(Frame f) {
                freeFrames.add(f.number());
            }
        };
        linux = new LinuxSystem(abi, pool, this::nanos, initramfs, b -> console.write(b));
    }

    /** Simulated time: 100 MHz (unless slowed), the CPU's and MMU's cycles plus the time spent idle. */
    private long nanos() {
        return (clockCycles + cycles) * nanosPerCycle + idleNanos;
    }

    private long nanosPerCycle = 10;

    /**
     * Runs the CPU at {@code mhz} from now on (at most 100): a test that needs simulated seconds
     * of busy processes gets them with fewer host instructions.
     */
    public void clockMhz(int mhz) {
        if (mhz < 1 || mhz > 100) throw new IllegalArgumentException("clock of " + mhz + " MHz");
        long now = nanos();
        nanosPerCycle = 1000 / mhz;
        idleNanos += now - nanos(); // the clock goes on from where it is
    }

    private long idleNanos;

    /** The initramfs the build made (src/main/initramfs plus busybox and its applet links). */
    public static byte[] defaultInitramfs() {
        try (java.io.InputStream in = CoLocatedLinux.class.getResourceAsStream("/l4/linuxserver/initramfs.cpio")) {
            if (in == null) throw new IllegalStateException("initramfs.cpio not built (mvn process-classes)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default initramfs plus extra files (test programs), as a second archive appended to it. */
    public static byte[] initramfsWith(java.util.Map<String, byte[]> executables) {
        InitramfsBuilder b = new InitramfsBuilder();
        executables.forEach((path, data) -> b.addFile(path, 0755, data));
        byte[] base = defaultInitramfs(), extra = b.build();
        byte[] both = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, both, base.length, extra.length);
        return both;
    }

    /** What a command line produced: stdout and stderr merged in the order written, and the exit status. */
    public record Result(String output, int status, long instructions) {}

    /** Runs {@code sh -c line} with stdin /dev/null, cwd /, PATH and HOME as issue 15 asks. */
    public Result shell(String line, long maxInstructions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Stream capture = new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                return 0;
            }

            @Override
            public int write(byte[] from, int at, int length) {
                out.write(from, at, length);
                return length;
            }
        };
        OpenFile sink = linux.openStream(capture, 1, "pipe:[capture]");
        OpenFile devnull = new OpenFile(null, null, l4.linuxserver.fs.DeviceNode.nullDevice(), null, 0, "/dev/null");
        Process p = linux.spawn("/bin/sh", List.of("/bin/sh", "-c", line),
                List.of("PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/"), new OpenFile[] {devnull, sink, sink});
        long start = instructions;
        runUntilGone(p, maxInstructions);
        int st = p.waitStatus;
        int status = (st & 0x7F) == 0 ? (st >> 8) & 0xFF : 128 + (st & 0x7F);
        return new Result(out.toString(java.nio.charset.StandardCharsets.ISO_8859_1), status, instructions - start);
    }

    /** Input typed at the console, one chunk each time every process waits. */
    private final ArrayDeque<String> typing = new ArrayDeque<>();

    /**
     * Runs {@code argv} on the console (/dev/console as stdin, stdout and stderr, its own session
     * with the console as controlling tty); each chunk of {@code typed} is typed when every process
     * waits (as a user types at a prompt). Returns what the console showed.
     */
    public String console(List<String> argv, List<String> typed, long maxInstructions) {
        typing.addAll(typed);
        Process p = linux.spawn(argv.get(0), argv, List.of("PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/", "TERM=vt100"),
                null);
        linux.console.session = p.sid;
        linux.console.foregroundGroup = p.pgid;
        runUntilGone(p, maxInstructions);
        return consoleOutput();
    }

    private void runUntilGone(Process root, long maxInstructions) {
        long limit = instructions + maxInstructions;
        while (root.alive() || root.threadGone) {
            if (instructions > limit) throw new IllegalStateException("no exit after " + maxInstructions + " instructions");
            linux.runTimers();
            boolean ran = false;
            for (Process p : new ArrayList<>(linux.processes())) {
                if (!p.alive()) {
                    forget(p);
                    continue;
                }
                if (p.state == Process.State.STOPPED || p.vforkWaiting) continue;
                if (p.state == Process.State.BLOCKED && !linux.hasDeliverable(p)
                        && guestOf(p).seenChange == linux.changes()
                        && (p.sleepUntil < 0 || nanos() < p.sleepUntil)) continue;
                ran |= step(p);
            }
            if (!ran) {
                // everything waits: nothing can change any more
                boolean any = false;
                for (Process p : linux.processes()) {
                    if (p.alive() && p.state == Process.State.BLOCKED && guestOf(p).seenChange != linux.changes()) any = true;
                }
                long wake = linux.nextWakeup();
                if (!any && wake >= 0) {
                    // idle until the first sleeper wakes
                    idleNanos += Math.max(0, wake - nanos());
                    any = true;
                }
                if (!any && !typing.isEmpty()) {
                    for (byte b : typing.poll().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) linux.consoleInput(b);
                    any = true;
                }
                if (!any) throw new IllegalStateException("deadlock: every process waits");
            }
        }
        // reap what is left of this run's tree
        for (Process p : new ArrayList<>(linux.processes())) if (!p.alive()) forget(p);
        for (Integer tid : new ArrayList<>(guests.keySet())) if (linux.process(tid) == null) forget(tid);
    }

    private Guest guestOf(Process p) {
        Guest g = guests.get(p.pid);
        if (g != null && g.owner != p.memory) {
            forget(p);
            g = null;
        }
        if (g == null) {
            g = new Guest(p);
            guests.put(p.pid, g);
            load(p, g);
        }
        return g;
    }

    private void bind(AddressSpace m, MmuSpace space) {
        m.setObserver(new MappingObserver() {
            @Override
            public void unmapped(long pageAddress) {
                space.unmap(pageAddress, 12);
            }

            @Override
            public void written(Frame frame) {
                cpu.frameWritten(((Frame.HeapFrame) frame).bytes());
            }
        });
    }

    private static void load(Process p, Guest g) {
        MipsContext c = (MipsContext) p.context;
        GuestState s = g.state;
        System.arraycopy(c.gpr, 0, s.gpr, 0, 32);
        System.arraycopy(c.fpr, 0, s.fpr, 0, 32);
        s.hi = c.hi;
        s.lo = c.lo;
        s.fcsr = c.fcsr;
        s.userLocal = c.userLocal;
        s.jump(c.pc);
        s.clearLinked();
    }

    private static void save(Process p, Guest g, long pc) {
        MipsContext c = (MipsContext) p.context;
        GuestState s = g.state;
        System.arraycopy(s.gpr, 0, c.gpr, 0, 32);
        System.arraycopy(s.fpr, 0, c.fpr, 0, 32);
        c.hi = s.hi;
        c.lo = s.lo;
        c.fcsr = s.fcsr;
        c.userLocal = s.userLocal;
        c.pc = pc;
    }

    /** Runs {@code p} for one slice; false if it could not run. */
    private boolean step(Process p) {
        Guest g = guestOf(p);
        if (p.state == Process.State.BLOCKED) {
            // run the waiting call again
            g.seenChange = linux.changes();
            linux.state(p, Process.State.RUNNABLE);
            if (linux.hasDeliverable(p)) {
                linux.deliverSignals(p, true);
                if (!p.alive()) return true;
                // stopped in its call (SIGTSTP, SIGTTIN): continued, it runs its syscall instruction again
                if (p.state == Process.State.STOPPED) return true;
                if (((MipsContext) p.context).pc != g.state.pc) {
                    load(p, g);
                    return true;
                }
            }
            return syscall(p, g);
        }
        GuestCpu.Stop stop = cpu.run(g.state, g.memory, SLICE, Long.MAX_VALUE);
        instructions += cpu.lastInstructions();
        cycles += cpu.lastCycles();
        linux.chargeUserTime(p, cpu.lastCycles() * 10);
        if (stop == GuestCpu.Stop.BUDGET) {
            // the end of a slice is the timer interrupt: a signal sent meanwhile (kill, a timer,
            // the tty) reaches a thread that makes no system call, as on return from Linux's
            // interrupt; not while a branch's delay slot is pending (the context has no room for
            // the branch target: the next slice's end comes soon enough)
            if (linux.hasDeliverable(p) && g.state.npc == g.state.pc + 4) {
                save(p, g, g.state.pc);
                linux.deliverSignals(p, false);
                if (p.alive()) load(p, g);
            }
            return true;
        }
        GuestException e = g.state.lastException();
        switch (e.code()) {
            case GuestException.SYS -> {
                return syscall(p, g);
            }
            case GuestException.TLBL, GuestException.TLBS, GuestException.MOD -> {
                boolean write = e.code() != GuestException.TLBL;
                boolean fetch = !write && e.badVaddr() == e.epc();
                try {
                    AddressSpace.Resolution r = p.memory.fault(e.badVaddr(), write, fetch);
                    g.space.map(e.badVaddr() & ~0xFFFL, r.frame().number() << 12, 12, r.writable(), false);
                    return true;
                } catch (SegmentationFault f) {
                    if (f.outOfMemory) {
                        linux.exitProcess(p, abi.signal(LinuxAbi.Sig.KILL), true);
                        return true;
                    }
                    return signalFault(p, g, LinuxAbi.Sig.SEGV, e.badVaddr(), f.mapped ? 2 : 1);
                }
            }
            case GuestException.ADEL, GuestException.ADES -> {
                return signalFault(p, g, e.badVaddr() >= abi.userLimit() || e.badVaddr() < 0 ? LinuxAbi.Sig.SEGV : LinuxAbi.Sig.BUS,
                        e.badVaddr(), 1);
            }
            case GuestException.IBE, GuestException.DBE -> {
                return signalFault(p, g, LinuxAbi.Sig.BUS, e.badVaddr(), 2);
            }
            case GuestException.RI, GuestException.CPU -> {
                return signalFault(p, g, LinuxAbi.Sig.ILL, e.epc(), 1);
            }
            case GuestException.BP, GuestException.TR -> {
                return signalFault(p, g, LinuxAbi.Sig.TRAP, e.epc(), 1);
            }
            case GuestException.OV, GuestException.FPE -> {
                return signalFault(p, g, LinuxAbi.Sig.FPE, e.epc(), 1);
            }
            default -> {
                return signalFault(p, g, LinuxAbi.Sig.SEGV, e.epc(), 1);
            }
        }
    }

    private boolean signalFault(Process p, Guest g, LinuxAbi.Sig sig, long address, int code) {
        save(p, g, g.state.pc);
        linux.fault(p, sig, address, code);
        linux.deliverSignals(p, false);
        if (p.alive()) load(p, g);
        return true;
    }

    private boolean syscall(Process p, Guest g) {
        long epc = g.state.pc;
        save(p, g, epc);
        long nr = g.state.gpr[2];
        Process before = p;
        long r = linux.syscall(p, nr);
        if (p.successor != null) {
            // execve in a thread other than the leader: this thread goes on as the leader
            Process l = p.successor;
            forget(l);
            guests.remove(p.pid);
            guests.put(l.pid, g);
            p = l;
            before = l;
        }
        if (r == LinuxSystem.BLOCKED) {
            linux.state(p, Process.State.BLOCKED);
            g.seenChange = linux.changes();
            return true;
        }
        if (!before.alive()) return true;
        if (r != LinuxSystem.NO_RETURN) abi.returnFromSyscall(p.context, r);
        if (linux.hasDeliverable(p)) linux.deliverSignals(p, false);
        if (p.alive()) {
            if (g.space != null && nr == MipsN64Abi.BASE + 57 && r == LinuxSystem.NO_RETURN) {
                // execve: a new image in the same space
                cpu.forgetDecodedCode();
            }
            load(p, g);
        }
        for (Process q : linux.processes()) if (!guests.containsKey(q.pid) && q.alive()) guestOf(q);
        return true;
    }

    public long instructions() {
        return instructions;
    }

    public String consoleOutput() {
        return console.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
