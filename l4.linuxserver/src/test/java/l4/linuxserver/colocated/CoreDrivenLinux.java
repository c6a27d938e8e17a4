package l4.linuxserver.colocated;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import l4.api.mips.ExceptionFrame;
import l4.arch.mips.MipsArchitecture;
import l4.arch.mips.MipsGuestMemory;
import l4.arch.mips.cpu.GuestCpu;
import l4.arch.mips.cpu.GuestException;
import l4.arch.mips.cpu.GuestState;
import l4.arch.mips.cpu.InstructionCosts;
import l4.linuxserver.fs.DeviceNode;
import l4.linuxserver.fs.Stream;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mips.MipsTrapAbi;
import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.mm.Frame;
import l4.linuxserver.mm.FramePool;
import l4.linuxserver.server.ServerCore;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.OpenFile;
import l4.linuxserver.sys.Process;
import l4.spi.Mmu;
import l4.spi.MmuSpace;

/**
 * The L4 transport without IPC: processes run on the guest CPU as in {@link CoLocatedLinux}, but
 * every system call and exception goes to {@link ServerCore} as the kernel's exception message
 * would carry it (Cause, EPC, BadVAddr and the 72-word frame of {@link ExceptionFrame}, packed as
 * the MIPS backend packs it), the reply frame is loaded back as the kernel loads it, and every
 * page fault gets the core's mapping. The harness does to its "tasks" what {@link ServerCore#drain()}
 * asks: a new process or thread starts at the entry with no registers but IP, a flush unmaps, an
 * interrupt moves a running thread to the entry between two instructions (as lthread_ex_regs
 * would). What it checks is the core's side of the transport on real programs.
 */
public final class CoreDrivenLinux {
    private static final long SLICE = CoLocatedLinux.SLICE;

    private final Map<Long, byte[]> frames = new HashMap<>();
    private final ArrayDeque<Long> freeFrames = new ArrayDeque<>();
    private long nextFrame = 0x100;
    private long mmuCycles, cycles, idleNanos, instructions;
    private final Mmu mmu;
    private final GuestCpu cpu;
    public final LinuxSystem linux;
    public final ServerCore core;
    private final MipsTrapAbi trap = new MipsTrapAbi();
    /** A process's task: its MMU space (threads of the process share it). */
    private final Map<Process, MmuSpace> tasks = new IdentityHashMap<>();
    private final Map<Process, MipsGuestMemory> views = new IdentityHashMap<>();
    private final Map<Process, Thread> threads = new IdentityHashMap<>();
    /** Counters: what went through the core. */
    public long exceptions, pageFaults, flushes, interrupts;

    private static final class Thread {
        final GuestState state = new GuestState();
        boolean waiting;
        boolean interrupt;
    }

    public CoreDrivenLinux(byte[] initramfs) {
        mmu = new MipsArchitecture().createMmu(c -> mmuCycles += c, Map.of());
        MipsGuestMemory probe = MipsGuestMemory.of(mmu.createSpace(0), frames::get);
        cpu = new GuestCpu(InstructionCosts.r4600(probe.hitCycles()));
        FramePool pool = new FramePool() {
            @Override
            public Frame allocate() {
                Long n = freeFrames.poll();
                if (n == null) {
                    if (nextFrame > 0x100 + 65536) return null;
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
        linux = new LinuxSystem(new MipsN64Abi(), pool, this::nanos, initramfs, b -> {});
        core = new ServerCore(linux, trap, f -> cpu.frameWritten(((Frame.HeapFrame) f).bytes()));
    }

    private long nanos() {
        return (mmuCycles + cycles) * 10 + idleNanos;
    }

    /** Runs {@code sh -c line} as {@link CoLocatedLinux#shell} does. */
    public CoLocatedLinux.Result shell(String line, long maxInstructions) {
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
        OpenFile devnull = new OpenFile(null, null, DeviceNode.nullDevice(), null, 0, "/dev/null");
        Process p = linux.spawn("/bin/sh", List.of("/bin/sh", "-c", line),
                List.of("PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/"), new OpenFile[] {devnull, sink, sink});
        long start = instructions;
        apply(core.adopt());
        long limit = instructions + maxInstructions;
        while (p.alive() || p.threadGone) {
            if (instructions > limit) throw new IllegalStateException("no exit after " + maxInstructions + " instructions");
            for (ServerCore.Answer a : core.wake()) answer(a.thread(), a.reply());
            apply(core.drain());
            boolean ran = false;
            for (Process t : new ArrayList<>(threads.keySet())) {
                Thread th = threads.get(t);
                if (th == null || th.waiting) continue;
                step(t, th);
                apply(core.drain());
                ran = true;
            }
            if (!ran) {
                long wake = core.nextWakeup();
                if (wake < 0 || !hasWaiting()) throw new IllegalStateException("deadlock: every thread waits");
                idleNanos += Math.max(0, wake - nanos());
            }
        }
        int st = p.waitStatus;
        int status = (st & 0x7F) == 0 ? (st >> 8) & 0xFF : 128 + (st & 0x7F);
        return new CoLocatedLinux.Result(out.toString(java.nio.charset.StandardCharsets.ISO_8859_1), status, instructions - start);
    }

    private boolean hasWaiting() {
        for (Thread t : threads.values()) if (t.waiting) return true;
        return false;
    }

    /** What the core asks of the tasks. */
    private void apply(ServerCore.Work w) {
        for (Process c : w.rebound()) {
            Thread th = threads.remove(c);
            if (th != null) threads.put(c.successor, th); // execve from a thread: it goes on as the leader
        }
        for (Process t : w.started()) {
            if (t.isLeader()) {
                MmuSpace s = mmu.createSpace(t.pid);
                tasks.put(t, s);
                views.put(t, MipsGuestMemory.of(s, frames::get));
            }
            Thread th = new Thread();
            th.state.jump(core.entryAddress()); // task_new / lthread_ex_regs: IP only
            threads.put(t, th);
        }
        for (ServerCore.Flush f : w.flushes()) {
            MmuSpace s = tasks.get(f.process().leader);
            if (s != null) s.unmap(f.page(), 12);
            flushes++;
        }
        for (Process t : w.ended()) {
            threads.remove(t);
            if (t.isLeader() && !t.threadGone) {
                MmuSpace s = tasks.remove(t);
                views.remove(t);
                if (s != null) mmu.destroySpace(s);
            }
        }
        for (Process t : w.interrupt()) {
            Thread th = threads.get(t);
            if (th != null) th.interrupt = true;
        }
    }

    private void step(Process t, Thread th) {
        MmuSpace space = tasks.get(t.leader);
        MipsGuestMemory memory = views.get(t.leader);
        GuestCpu.Stop stop = cpu.run(th.state, memory, SLICE, Long.MAX_VALUE);
        instructions += cpu.lastInstructions();
        cycles += cpu.lastCycles();
        linux.chargeUserTime(t, cpu.lastCycles() * 10);
        if (stop == GuestCpu.Stop.BUDGET) {
            // lthread_ex_regs acts between two instructions, not in a branch delay slot
            if (th.interrupt && th.state.npc == th.state.pc + 4) {
                th.interrupt = false;
                long old = th.state.pc;
                th.state.jump(core.entryAddress());
                core.interrupted(t, old);
                interrupts++;
            }
            return;
        }
        GuestException e = th.state.lastException();
        long cause = ExceptionFrame.cause(e.code(), 0);
        switch (e.code()) {
            case GuestException.TLBL, GuestException.TLBS, GuestException.MOD -> {
                pageFaults++;
                boolean write = e.code() != GuestException.TLBL;
                ServerCore.PagerReply r = core.pageFault(t, e.badVaddr(), write, e.epc());
                if (r instanceof ServerCore.MapPage m) space.map(m.page(), m.frame().number() << 12, 12, m.writable(), false);
                else if (r instanceof ServerCore.Kick) th.state.jump(core.entryAddress());
                else threads.remove(t);
            }
            default -> {
                exceptions++;
                long[] frame = new long[ExceptionFrame.WORDS];
                save(th.state, cause, e.badVaddr(), frame);
                long nr = th.state.gpr[2];
                ServerCore.Reply r = core.exception(t, cause, e.epc(), e.badVaddr(), frame);
                if (e.code() == GuestException.SYS && nr == MipsN64Abi.BASE + 57 && r instanceof ServerCore.Resume) {
                    cpu.forgetDecodedCode(); // execve: a new image in the same space
                }
                answer(t, r);
            }
        }
    }

    private void answer(Process t, ServerCore.Reply r) {
        Thread th = threads.get(t);
        if (th == null) return;
        if (r instanceof ServerCore.Resume res) {
            load(res.frame(), th.state);
            th.waiting = false;
        } else if (r instanceof ServerCore.Wait) {
            th.waiting = true;
        } else {
            threads.remove(t);
        }
    }

    /** As the MIPS backend packs a thread's frame into the exception message. */
    private static void save(GuestState s, long cause, long address, long[] frame) {
        System.arraycopy(s.gpr, 0, frame, ExceptionFrame.GPR, 32);
        frame[ExceptionFrame.GPR] = 0;
        frame[ExceptionFrame.HI] = s.hi;
        frame[ExceptionFrame.LO] = s.lo;
        frame[ExceptionFrame.PC] = s.pc;
        frame[ExceptionFrame.BADVADDR] = address;
        frame[ExceptionFrame.CAUSE] = cause;
        frame[ExceptionFrame.USER_LOCAL] = s.userLocal;
        frame[ExceptionFrame.FCSR] = s.fcsr & 0xFFFF_FFFFL;
        frame[ExceptionFrame.FLAGS] = s.fpuEnabled ? ExceptionFrame.FLAG_FPU_USABLE : 0;
        System.arraycopy(s.fpr, 0, frame, ExceptionFrame.FPR, 32);
    }

    /** As the MIPS backend loads a whole-frame reply. */
    private static void load(long[] frame, GuestState s) {
        System.arraycopy(frame, ExceptionFrame.GPR + 1, s.gpr, 1, 31);
        s.hi = frame[ExceptionFrame.HI];
        s.lo = frame[ExceptionFrame.LO];
        s.jump(frame[ExceptionFrame.PC]);
        s.clearLinked();
        s.userLocal = frame[ExceptionFrame.USER_LOCAL];
        s.fcsr = (int) frame[ExceptionFrame.FCSR];
        s.fpuEnabled = (frame[ExceptionFrame.FLAGS] & ExceptionFrame.FLAG_FPU_USABLE) != 0;
        System.arraycopy(frame, ExceptionFrame.FPR, s.fpr, 0, 32);
    }

    public long instructions() {
        return instructions;
    }
}
