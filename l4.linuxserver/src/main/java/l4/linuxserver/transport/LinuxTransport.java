package l4.linuxserver.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import l4.api.AlienFlags;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcError;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.Schedule;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.mips.ExceptionFrame;
import l4.linuxserver.fs.DeviceNode;
import l4.linuxserver.fs.Stream;
import l4.linuxserver.server.ServerCore;
import l4.linuxserver.server.TrapAbi;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.OpenFile;
import l4.linuxserver.sys.Process;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L4 transport of the Linux server: the IPC loop around {@link ServerCore}, run by the
 * server's own thread. Every Linux process is an L4 task in the server's clan (task_new by the
 * server, so it is their chief), its first thread alien, with the server as pager and excepter:
 * its system calls and exceptions arrive as exception IPC (Cause, EPC, BadVAddr, the frame's
 * length, and the 72-word register frame as the memory part), its page faults as V2 page-fault
 * IPC (fault address with bit 1 = write, EPC). Exceptions are answered with the reply frame as
 * the memory part, page faults with a map item of the server's own page ({@link ServerPages});
 * pages the layer takes back are flushed with fpage_unmap.
 */
public final class LinuxTransport {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxTransport.class);
    /** The environment of a command line, as {@code linux:run} promises it. */
    public static final List<String> ENVIRONMENT = List.of("PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/");

    private final L4 l4;
    private final LinuxSystem linux;
    private final ServerCore core;
    private final ServerPages pages;
    private final int frameWords;
    private final long receiveBuffer;
    private final long sendBuffer;
    private final int firstTask;
    private final int wb;
    private final ThreadId me;
    /** Process threads by the raw id of their L4 thread, and back. */
    private final Map<Long, Process> byThread = new HashMap<>();
    private final Map<Process, ThreadId> threadOf = new java.util.LinkedHashMap<>(); // iterated: in creation order, for the same trace every run
    private final ClientService clients;
    private static final int ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
    /** How often the loop charges CPU time while a CPU-time timer is armed (a 250 Hz tick). */
    static final long CPU_TIMER_MICROS = 4000;
    /** The kernel's CPU time (µs) of each process thread when last charged, by its raw id (a reused lthread counts on). */
    private final Map<Long, Long> cpuSeen = new HashMap<>();
    private boolean cpuTimersArmed;
    private final long signalEntry;
    /** Each process task's signal thread (lthread 0), by the leader and by its raw id. */
    private final Map<Process, SignalThread> signalThreads = new IdentityHashMap<>();
    private final Map<Long, SignalThread> bySignalThread = new HashMap<>();
    /** Threads the signal thread is asked to move, and their messages that came meanwhile. */
    private final Map<Process, java.util.List<Runnable>> moving = new IdentityHashMap<>();
    /** Task numbers the server's processes have now. */
    private final java.util.BitSet numbers = new java.util.BitSet();
    /** The console's threads, or null: the tty's bytes go nowhere. */
    private ConsoleBridge console;
    /** Counters: what went through the loop. */
    private long exceptions, pageFaults, flushes, tasksCreated;

    /**
     * @param buffers two pages of the server's own memory for the receive and the send buffer
     * @param firstTask the lowest task number the server tries for its processes
     */
    public LinuxTransport(L4 l4, LinuxSystem linux, TrapAbi trap, ServerPages pages, long buffers, int firstTask) {
        this.l4 = l4;
        this.linux = linux;
        this.pages = pages;
        this.core = new ServerCore(linux, trap);
        this.frameWords = trap.frameWords();
        this.receiveBuffer = buffers;
        this.sendBuffer = buffers + 0x1000;
        this.firstTask = firstTask;
        this.wb = l4.wordBytes();
        this.me = l4.myself();
        this.clients = new ClientService(this, l4.messageRegisters());
        linux.extendTopPage(MipsSignalThread.OFFSET, MipsSignalThread.code());
        this.signalEntry = linux.trampolineAddress() + MipsSignalThread.OFFSET;
        linux.setCpuClock(this::chargeGroup);
    }

    public LinuxSystem linux() {
        return linux;
    }

    /** The L4 task id of {@code p}'s process, or null if it has none (yet). */
    public ThreadId taskOf(Process p) {
        return threadOf.get(p.leader);
    }

    // ---- command lines ----

    /** A command line run by {@code sh -c}: its merged output, and its status once done. */
    public static final class Job {
        public final String line;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        Process process;

        Job(String line) {
            this.line = line;
        }

        public boolean done() {
            return process != null && !process.alive() && !process.threadGone;
        }

        /** The shell's exit status (128 + the signal when a signal ended it). */
        public int status() {
            int st = process.waitStatus;
            return (st & 0x7F) == 0 ? (st >> 8) & 0xFF : 128 + (st & 0x7F);
        }

        public String output() {
            return out.toString(StandardCharsets.UTF_8);
        }

        public byte[] outputBytes() {
            return out.toByteArray();
        }

        public Process process() {
            return process;
        }
    }

    /**
     * Starts {@code /bin/sh -c line} with stdin /dev/null, stdout and stderr into the job's
     * buffer (merged in the order written), cwd /, {@link #ENVIRONMENT}; its task starts at once.
     */
    /**
     * Connects the layer's console tty to the serial console driver through {@code bridge} (whose
     * {@link ConsoleBridge#output} the layer was made with) and starts its threads.
     */
    public void attachConsole(ConsoleBridge bridge) {
        this.console = bridge;
        bridge.start();
    }

    /**
     * Starts {@code path} as the console's init: stdin, stdout and stderr /dev/console, cwd /,
     * {@link #ENVIRONMENT} and {@code TERM=vt100}; its task starts at once.
     */
    public Process startInit(String path) {
        List<String> env = new java.util.ArrayList<>(ENVIRONMENT);
        env.add("TERM=vt100");
        Process p = linux.spawn(path, List.of(path), env, null);
        apply(core.adopt());
        return p;
    }

    public Job start(String line) {
        Job job = new Job(line);
        Stream capture = new Stream() {
            @Override
            public int read(byte[] into, int at, int length) {
                return 0;
            }

            @Override
            public int write(byte[] from, int at, int length) {
                job.out.write(from, at, length);
                return length;
            }
        };
        OpenFile sink = linux.openStream(capture, 1, "pipe:[linux:run]");
        OpenFile devnull = new OpenFile(null, null, DeviceNode.nullDevice(), null, 0, "/dev/null");
        job.process = linux.spawn("/bin/sh", List.of("/bin/sh", "-c", line), ENVIRONMENT, new OpenFile[] {devnull, sink, sink});
        apply(core.adopt());
        return job;
    }

    // ---- the loop ----

    /**
     * Serves the processes until {@code stop} says so (checked after every message and wake-up);
     * between messages the server waits in an open receive, bounded by the next timer or sleeper.
     */
    public void serveUntil(BooleanSupplier stop) {
        apply(core.adopt());
        while (true) {
            wakeWaiting();
            if (stop.getAsBoolean()) return;
            IpcResult r = receive();
            if (r == null) continue; // the receive timed out: a timer or sleeper is due
            handle(r);
        }
    }

    private IpcResult receive() {
        l4.memory().writeWord(receiveBuffer, 0);
        l4.memory().writeWord(receiveBuffer + wb, MsgDope.of(frameWords, 0));
        l4.memory().writeWord(receiveBuffer + 2L * wb, 0);
        long wake = core.nextWakeup();
        Timeout t = Timeout.NEVER;
        if (wake >= 0) {
            long micros = Math.max(1, (wake - linux.now() + 999) / 1000);
            t = Timeout.receive(cpuTimersArmed ? Math.min(micros, CPU_TIMER_MICROS) : micros);
        } else if (cpuTimersArmed) {
            t = Timeout.receive(CPU_TIMER_MICROS);
        }
        IpcResult r = l4.waitAny(IpcDescriptor.receiveBuffer(receiveBuffer, true), t);
        if (r.ok()) return r;
        if (r.error() != IpcError.RECEIVE_TIMEOUT) LOG.debug("linux server: receive ended with {}", r);
        return null;
    }

    private void handle(IpcResult r) {
        if (console != null && console.owns(r.source())) {
            // a system that went down (reboot) takes no more input: nothing would read or echo it
            long[] reply = console.request(r, b -> {
                if (linux.shutdown() == null) linux.consoleInput((byte) b);
            });
            if (reply != null) replyToClient(r.source(), reply);
            return;
        }
        SignalThread st = bySignalThread.get(r.source().raw());
        if (st != null) {
            signalMessage(st, r);
            return;
        }
        Process t = byThread.get(r.source().raw());
        if (t == null) {
            if (numbers.get(r.source().task())) {
                LOG.debug("linux server: message from {}, a thread of a process task that ended: ignored", r.source());
                return;
            }
            long[] reply = clients.request(r); // a client (the linux: commands)
            if (reply != null) replyToClient(r.source(), reply);
            return;
        }
        if (r.memoryWords() == frameWords && r.word(ExceptionFrame.W_FRAME_WORDS) == frameWords) {
            exceptions++;
            long[] frame = receivedFrame();
            long cause = r.word(ExceptionFrame.W_CAUSE), epc = r.word(ExceptionFrame.W_EPC), bad = r.word(ExceptionFrame.W_BADVADDR);
            Runnable work = () -> {
                ServerCore.Reply reply = core.exception(t, cause, epc, bad, frame);
                ReplyRound<Process> round = new ReplyRound<>();
                round.interrupt(applyTasks(core.drain()));
                round.reply(() -> answer(t, reply));
                round.end(this::interrupt);
            };
            java.util.List<Runnable> later = moving.get(t);
            if (later == null) {
                work.run();
            } else if (signalThreads.get(t.leader).withdraw(t)) {
                // it came by itself before its signal thread was asked: its signal goes with the answer
                moving.remove(t);
                core.notInterrupted(t);
                work.run();
            } else if (epc == core.entryAddress()) {
                later.add(work); // moved: the move's answer (the old IP) must reach the core first
            }
            // else the move under way cancels this message's RPC: the thread comes back at the entry
        } else {
            pageFaults++;
            long w0 = r.word(0);
            ServerCore.PagerReply reply = core.pageFault(t, w0 & ~3L, (w0 & 2) != 0, r.word(1));
            ReplyRound<Process> round = new ReplyRound<>();
            round.interrupt(applyTasks(core.drain())); // flushes before the mapping: a copy-on-write page replaces the shared one
            if (reply instanceof ServerCore.MapPage m) {
                long[] words = {m.page(), Fpage.of(pages.address(m.frame()), 12, m.writable()).encode()};
                round.reply(() -> send(t, IpcDescriptor.MAP, words));
            } else if (reply instanceof ServerCore.Kick) {
                round.reply(() -> kick(t, false));
            }
            round.end(this::interrupt);
        }
    }

    private long[] receivedFrame() {
        // one read of the buffer's memory words (the machine's byte order is little-endian on both architectures)
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(l4.memory().read(receiveBuffer + 3L * wb, frameWords * wb))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] frame = new long[frameWords];
        for (int i = 0; i < frameWords; i++) frame[i] = b.getLong();
        return frame;
    }

    /**
     * Charges the CPU time the kernel counted for each thread of a process with an armed
     * ITIMER_VIRTUAL or ITIMER_PROF, so those timers expire while the process computes without a
     * system call; the loop looks every {@link #CPU_TIMER_MICROS} while one is armed. Other
     * processes are charged when their times are read ({@link LinuxSystem#setCpuClock}) and when
     * a thread ends.
     */
    private void chargeCpuTimers() {
        boolean armed = false;
        for (Process t : List.copyOf(threadOf.keySet())) {
            Process.IntervalTimer[] timers = t.leader.timers;
            if (timers[ITIMER_VIRTUAL].expires < 0 && timers[ITIMER_PROF].expires < 0) continue;
            armed = true;
            chargeCpu(t);
        }
        cpuTimersArmed = armed;
    }

    /** Charges every thread of the group of {@code leader} what it ran since it was last charged. */
    private void chargeGroup(Process leader) {
        chargeCpu(leader);
        for (Process t : List.copyOf(leader.threads)) chargeCpu(t);
    }

    /**
     * Charges thread {@code t} the CPU time its L4 thread ran since it was last charged, as
     * thread_schedule reports the kernel's count: the simulated cycles it ran, in user mode and in
     * the kernel on its behalf (the trap and the IPC of its system calls), all as user time.
     */
    private void chargeCpu(Process t) {
        ThreadId id = threadOf.get(t);
        if (id == null) return;
        Schedule s = l4.threadSchedule(id, Schedule.UNCHANGED, ThreadId.INVALID);
        if (s.refused()) return;
        Long seen = cpuSeen.put(id.raw(), s.cpuMicros());
        long ran = s.cpuMicros() - (seen == null ? 0 : seen);
        if (ran > 0) linux.chargeUserTime(t, ran * 1000);
    }

    /** Answers the waiting threads whose call can go on. */
    private void wakeWaiting() {
        chargeCpuTimers();
        List<ServerCore.Answer> answers = core.wake();
        ReplyRound<Process> round = new ReplyRound<>();
        round.interrupt(applyTasks(core.drain())); // before the answers: a thread's execve rebinds, a new task exists
        for (ServerCore.Answer a : answers) round.reply(() -> answer(a.thread(), a.reply()));
        round.end(this::interrupt);
        for (Map.Entry<ThreadId, long[]> a : clients.poll()) replyToClient(a.getKey(), a.getValue());
        long[] out = console == null ? null : console.takeOutput();
        if (out != null) replyToClient(console.writer(), out);
    }

    private void replyToClient(ThreadId client, long[] words) {
        IpcResult r = l4.ipc(client, IpcDescriptor.registers(), words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL,
                Timeout.of(0, Timeout.INFINITE));
        if (!r.ok()) clients.forget(client);
    }

    private void answer(Process t, ServerCore.Reply reply) {
        while (t.successor != null) t = t.successor; // execve from a thread: the reply goes to its thread as the leader's
        if (!(reply instanceof ServerCore.Resume res)) return; // Wait: answered later; Gone: its task or thread is deleted
        ThreadId to = threadOf.get(t);
        if (to != null) sendFrame(to, res.frame());
    }

    private void sendFrame(ThreadId to, long[] f) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((3 + f.length) * wb).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0).putLong(MsgDope.of(frameWords, 0)).putLong(MsgDope.of(frameWords, 0));
        for (long w : f) b.putLong(w);
        l4.memory().write(sendBuffer, b.array());
        IpcResult r = l4.ipc(to, IpcDescriptor.send(sendBuffer, false, false), new long[0], IpcDescriptor.NIL, ThreadId.NIL,
                ThreadId.NIL, Timeout.of(0, Timeout.INFINITE));
        if (!r.ok()) LOG.warn("linux server: reply frame to {} failed: {}", to, r);
    }

    /** A reply: the thread waits for it in its kernel RPC, so the send does not wait. */
    private void send(Process t, long descriptor, long[] words) {
        ThreadId to = threadOf.get(t);
        if (to == null) return;
        IpcResult r = l4.ipc(to, descriptor, words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL, Timeout.of(0, Timeout.INFINITE));
        if (r.ok()) return;
        if (moving.containsKey(t)) {
            // its signal thread's lthread_ex_regs, asked in an earlier round, came first and ended
            // the RPC: the thread goes to the entry, and faults again if it still needs the page
            LOG.debug("linux server: reply to pid {} ({}) cancelled by its move to the entry: {}", t.pid, to, r);
        } else {
            LOG.warn("linux server: reply to pid {} ({}) failed: {}", t.pid, to, r);
        }
    }

    /**
     * Forces a thread to the entry through its task's signal thread; {@code interrupt}: it runs in
     * user mode (the old IP goes to the core), else it waits in a page fault the core turned
     * into a signal.
     */
    private void kick(Process t, boolean interrupt) {
        ThreadId id = threadOf.get(t);
        SignalThread st = signalThreads.get(t.leader);
        if (id == null || st == null) return;
        moving.putIfAbsent(t, new java.util.ArrayList<>());
        st.ask(new Request(t, interrupt ? Request.Kind.INTERRUPT : Request.Kind.KICK, new long[] {id.lthread(), core.entryAddress(), -1}));
    }

    // ---- signal threads ----

    /** A request to a signal thread: move or start lthread w0 at IP w1 with SP w2 (-1 keeps it). */
    private record Request(Process thread, Kind kind, long[] words) {
        enum Kind { START, KICK, INTERRUPT }
    }

    /** A process task's signal thread: its id, what it was asked and is asked next. */
    private final class SignalThread {
        final ThreadId id;
        final Process leader;
        final java.util.ArrayDeque<Request> requests = new java.util.ArrayDeque<>();
        Request inFlight;
        /** Up and waiting for a request (after its first break, and after every answer). */
        boolean ready;
        boolean hello;
        int nextLthread = 2;
        /** Lthreads of threads that ended, for the next ones. */
        final java.util.ArrayDeque<Integer> freeLthreads = new java.util.ArrayDeque<>();

        SignalThread(ThreadId id, Process leader) {
            this.id = id;
            this.leader = leader;
        }

        /** Takes back a move of {@code t} not sent yet; whether there was one. */
        boolean withdraw(Process t) {
            return requests.removeIf(r -> r.thread() == t && r.kind() == Request.Kind.INTERRUPT);
        }

        void ask(Request r) {
            requests.add(r);
            sendNext();
        }

        void sendNext() {
            if (!ready || requests.isEmpty()) return;
            Request r = requests.poll();
            long[] words = java.util.Arrays.copyOf(r.words(), l4.messageRegisters());
            IpcResult res = l4.ipc(id, IpcDescriptor.registers(), words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL,
                    Timeout.of(0, Timeout.INFINITE));
            if (!res.ok()) {
                LOG.warn("linux server: signal thread {} did not take a request: {}", id, res);
                requests.addFirst(r);
                ready = false;
                return;
            }
            inFlight = r;
            ready = false;
        }
    }

    /** A message from a signal thread: its first break, a page fault in the top page, or an answer. */
    private void signalMessage(SignalThread st, IpcResult r) {
        boolean exception = r.memoryWords() == frameWords && r.word(ExceptionFrame.W_FRAME_WORDS) == frameWords;
        if (exception) {
            long[] frame = receivedFrame();
            if (st.hello || r.word(ExceptionFrame.W_EPC) != signalEntry + MipsSignalThread.HELLO || st.requests.isEmpty()) {
                LOG.warn("linux server: signal thread {} raised {} at 0x{}: it stays stopped", st.id,
                        Long.toHexString(r.word(ExceptionFrame.W_CAUSE)), Long.toHexString(r.word(ExceptionFrame.W_EPC)));
                return;
            }
            st.hello = true;
            Request first = st.requests.poll();
            frame[MipsSignalThread.REG_S0] = first.words()[0];
            frame[MipsSignalThread.REG_S1] = first.words()[1];
            frame[MipsSignalThread.REG_S2] = first.words()[2];
            frame[MipsSignalThread.REG_V1] = me.raw();
            frame[ExceptionFrame.PC] = signalEntry + MipsSignalThread.SERVE;
            st.inFlight = first;
            sendFrame(st.id, frame);
            return;
        }
        if (r.memoryWords() == 0 && st.inFlight == null || !isAnswer(st, r)) {
            pageFaults++;
            Process owner = anyThreadOf(st.leader);
            long w0 = r.word(0);
            ServerCore.PagerReply reply = owner == null ? new ServerCore.Dead() : core.pageFault(owner, w0 & ~3L, (w0 & 2) != 0, r.word(1));
            ReplyRound<Process> round = new ReplyRound<>();
            round.interrupt(applyTasks(core.drain()));
            if (reply instanceof ServerCore.MapPage m) {
                long[] words = {m.page(), Fpage.of(pages.address(m.frame()), 12, m.writable()).encode()};
                round.reply(() -> {
                    IpcResult sent = l4.ipc(st.id, IpcDescriptor.MAP, words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL,
                            Timeout.of(0, Timeout.INFINITE));
                    if (!sent.ok()) LOG.warn("linux server: mapping to signal thread {} failed: {}", st.id, sent);
                });
            } else {
                LOG.warn("linux server: signal thread {} faulted at 0x{} outside its page", st.id, Long.toHexString(w0));
            }
            round.end(this::interrupt);
            return;
        }
        Request done = st.inFlight;
        st.inFlight = null;
        st.ready = true;
        if (done != null && done.kind() != Request.Kind.START) {
            Process t = done.thread();
            if (done.kind() == Request.Kind.INTERRUPT && t.alive()) core.interrupted(t, r.word(0));
            java.util.List<Runnable> later = moving.remove(t);
            if (later != null) for (Runnable w : later) w.run();
        }
        st.sendNext();
    }

    /**
     * Whether a register-only message of a signal thread is its answer to the request in flight
     * rather than a page fault: a page fault's w1 is an IP in the top page, an answer's w1 the
     * moved thread's old SP, which never is.
     */
    private boolean isAnswer(SignalThread st, IpcResult r) {
        if (st.inFlight == null) return false;
        long page = linux.trampolineAddress();
        return !(r.word(1) >= page && r.word(1) < page + 0x1000 && (r.word(0) & ~0xFFFL) == page);
    }

    private static Process anyThreadOf(Process leader) {
        if (leader.alive()) return leader;
        for (Process t : leader.threads) if (t.alive()) return t;
        return null;
    }

    // ---- tasks ----

    /** Does to the L4 tasks what the core asks, outside a round of replies. */
    private void apply(ServerCore.Work w) {
        for (Process t : applyTasks(w)) interrupt(t);
    }

    /**
     * Flushes, rebinds, ends and starts what the core asks; returns the threads to interrupt,
     * which the caller does after its replies ({@link ReplyRound}).
     */
    private List<Process> applyTasks(ServerCore.Work w) {
        for (ServerCore.Flush f : w.flushes()) {
            pages.unmapFromTasks(f.frame());
            flushes++;
        }
        for (Process c : w.rebound()) rebind(c, c.successor);
        for (Process t : w.ended()) chargeCpu(t); // before any of their threads or tasks go
        for (Process t : w.ended()) {
            ThreadId id = threadOf.remove(t);
            if (id == null) continue;
            byThread.remove(id.raw());
            moving.remove(t);
            SignalThread owner = signalThreads.get(t.leader);
            if (!t.isLeader() && owner != null) owner.freeLthreads.push(id.lthread()); // it waits for no reply; a start resets it
            if (t.isLeader() && !t.threadGone) {
                endTask(t);
            } else if (!t.isLeader() && LinuxSystem.groupOver(t.leader)) {
                endTask(t.leader); // the leader's thread ended first (it was swept then): the task goes with the last thread
            }
        }
        for (Process t : w.started()) {
            if (t.isLeader()) createTask(t);
            else startThread(t);
        }
        return w.interrupt();
    }

    private void interrupt(Process t) {
        kick(t, true);
    }

    /**
     * execve in thread {@code caller}: its L4 thread goes on as {@code leader}; the leader's own
     * L4 thread, if any, is abandoned (its next message, from an unknown thread, is ignored).
     */
    private void rebind(Process caller, Process leader) {
        ThreadId old = threadOf.remove(leader);
        if (old != null) byThread.remove(old.raw());
        moving.remove(leader);
        ThreadId id = threadOf.remove(caller);
        if (id == null) return;
        threadOf.put(leader, id);
        byThread.put(id.raw(), leader);
        java.util.List<Runnable> later = moving.remove(caller);
        if (later != null) moving.put(leader, later);
    }

    private void createTask(Process t) {
        for (int n = firstTask; n < ThreadId.MAX_TASKS; n++) {
            if (numbers.get(n)) continue; // task_new of an active task of ours would kill it
            // lthread 0 is the signal thread (not alien); it starts the process's first thread as lthread 1
            ThreadId id = l4.taskNew(ThreadId.of(0, me.task(), n, 0, 0), 255, 0, signalEntry + MipsSignalThread.HELLO, me, me);
            if (id.isNil()) continue;
            tasksCreated++;
            numbers.set(n);
            SignalThread st = new SignalThread(id, t);
            signalThreads.put(t, st);
            bySignalThread.put(id.raw(), st);
            ThreadId main = id.withLthread(1);
            threadOf.put(t, main);
            byThread.put(main.raw(), t);
            st.ask(new Request(t, Request.Kind.START, new long[] {1 | AlienFlags.EX_REGS_ALIEN, core.entryAddress(), 0}));
            return;
        }
        LOG.warn("linux server: no task number free for pid {}", t.pid);
        linux.exitProcess(t, 9, true);
    }

    /** A thread of a process (clone): the next lthread of its task, started alien at the entry by the signal thread. */
    private void startThread(Process t) {
        SignalThread st = signalThreads.get(t.leader);
        if (st == null || (st.freeLthreads.isEmpty() && st.nextLthread >= ThreadId.THREADS_PER_TASK)) {
            LOG.warn("linux server: no L4 thread for thread {} of pid {}", t.pid, t.tgid());
            linux.exitProcess(t, 9, true);
            return;
        }
        ThreadId id = st.id.withLthread(st.freeLthreads.isEmpty() ? st.nextLthread++ : st.freeLthreads.pop());
        threadOf.put(t, id);
        byThread.put(id.raw(), t);
        st.ask(new Request(t, Request.Kind.START, new long[] {id.lthread() | AlienFlags.EX_REGS_ALIEN, core.entryAddress(), 0}));
    }

    /** Deletes the task of the process led by {@code leader}, with its signal thread; nothing if it has none (any more). */
    private void endTask(Process leader) {
        SignalThread st = signalThreads.remove(leader);
        if (st == null) return;
        bySignalThread.remove(st.id.raw());
        deleteTask(st.id);
    }

    /**
     * Deletes every process task still there (after the system went down: reboot), so that a
     * transport made after this one finds every task number free.
     */
    public void endAllTasks() {
        for (SignalThread st : new ArrayList<>(signalThreads.values())) endTask(st.leader);
        threadOf.clear();
        byThread.clear();
        moving.clear();
    }

    /** The process tasks that exist now. */
    public int tasksInUse() {
        return numbers.cardinality();
    }

    private void deleteTask(ThreadId id) {
        cpuSeen.keySet().removeIf(raw -> ThreadId.ofRaw(raw).task() == id.task()); // a new task's threads count from 0
        // an inactive task the server stays the chief of, so the number can be used again
        l4.taskNew(ThreadId.of(0, me.task(), id.task(), 0, 0), me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
        numbers.clear(id.task());
    }

    public long exceptions() {
        return exceptions;
    }

    public long pageFaults() {
        return pageFaults;
    }

    /** Exceptions, page faults, flushes and tasks created so far. */
    public String counters() {
        return "exceptions " + exceptions + ", page faults " + pageFaults + ", flushes " + flushes + ", tasks " + tasksCreated;
    }
}
