package l4.linuxserver.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
    private final Map<Process, ThreadId> threadOf = new IdentityHashMap<>();
    private final ClientService clients;
    /** Task numbers the server's processes have now. */
    private final java.util.BitSet numbers = new java.util.BitSet();
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
            t = Timeout.receive(micros);
        }
        IpcResult r = l4.waitAny(IpcDescriptor.receiveBuffer(receiveBuffer, true), t);
        if (r.ok()) return r;
        if (r.error() != IpcError.RECEIVE_TIMEOUT) LOG.debug("linux server: receive ended with {}", r);
        return null;
    }

    private void handle(IpcResult r) {
        Process t = byThread.get(r.source().raw());
        if (t == null) {
            long[] reply = clients.request(r); // a client (the linux: commands)
            if (reply != null) replyToClient(r.source(), reply);
            return;
        }
        if (r.memoryWords() == frameWords && r.word(ExceptionFrame.W_FRAME_WORDS) == frameWords) {
            exceptions++;
            long[] frame = new long[frameWords];
            for (int i = 0; i < frameWords; i++) frame[i] = l4.memory().readWord(receiveBuffer + (3L + i) * wb);
            ServerCore.Reply reply = core.exception(t, r.word(ExceptionFrame.W_CAUSE), r.word(ExceptionFrame.W_EPC),
                    r.word(ExceptionFrame.W_BADVADDR), frame);
            apply(core.drain());
            answer(t, reply);
        } else {
            pageFaults++;
            long w0 = r.word(0);
            ServerCore.PagerReply reply = core.pageFault(t, w0 & ~3L, (w0 & 2) != 0, r.word(1));
            apply(core.drain()); // flushes before the mapping: a copy-on-write page replaces the shared one
            if (reply instanceof ServerCore.MapPage m) {
                long[] words = {m.page(), Fpage.of(pages.address(m.frame()), 12, m.writable()).encode()};
                send(t, IpcDescriptor.MAP, words);
            } else if (reply instanceof ServerCore.Kick) {
                kick(t);
            }
        }
    }

    /** Answers the waiting threads whose call can go on. */
    private void wakeWaiting() {
        for (ServerCore.Answer a : core.wake()) {
            apply(core.drain());
            answer(a.thread(), a.reply());
        }
        apply(core.drain());
        for (Map.Entry<ThreadId, long[]> a : clients.poll()) replyToClient(a.getKey(), a.getValue());
    }

    private void replyToClient(ThreadId client, long[] words) {
        IpcResult r = l4.ipc(client, IpcDescriptor.registers(), words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL,
                Timeout.of(0, Timeout.INFINITE));
        if (!r.ok()) clients.forget(client);
    }

    private void answer(Process t, ServerCore.Reply reply) {
        if (!(reply instanceof ServerCore.Resume res)) return; // Wait: answered later; Gone: its task or thread is deleted
        long[] f = res.frame();
        l4.memory().writeWord(sendBuffer, 0);
        l4.memory().writeWord(sendBuffer + wb, MsgDope.of(frameWords, 0));
        l4.memory().writeWord(sendBuffer + 2L * wb, MsgDope.of(frameWords, 0));
        for (int i = 0; i < f.length; i++) l4.memory().writeWord(sendBuffer + (3L + i) * wb, f[i]);
        send(t, IpcDescriptor.send(sendBuffer, false, false), new long[0]);
    }

    /** A reply: the thread waits for it in its kernel RPC, so the send does not wait. */
    private void send(Process t, long descriptor, long[] words) {
        ThreadId to = threadOf.get(t);
        if (to == null) return;
        IpcResult r = l4.ipc(to, descriptor, words, IpcDescriptor.NIL, ThreadId.NIL, ThreadId.NIL, Timeout.of(0, Timeout.INFINITE));
        if (!r.ok()) LOG.warn("linux server: reply to pid {} ({}) failed: {}", t.pid, to, r);
    }

    /** Forces a thread to the entry, where its signal waits (needs the process's signal thread). */
    private void kick(Process t) {
        LOG.warn("linux server: pid {} must be forced to its signal, which needs the signal thread (not built): it stays", t.pid);
    }

    // ---- tasks ----

    /** Does to the L4 tasks what the core asks. */
    private void apply(ServerCore.Work w) {
        for (ServerCore.Flush f : w.flushes()) {
            pages.unmapFromTasks(f.frame());
            flushes++;
        }
        for (Process t : w.ended()) {
            ThreadId id = threadOf.remove(t);
            if (id == null) continue;
            byThread.remove(id.raw());
            if (t.isLeader() && !t.threadGone) deleteTask(id);
        }
        for (Process t : w.started()) {
            if (t.isLeader()) createTask(t);
            else LOG.warn("linux server: thread {} of pid {} needs the signal thread to start (not built)", t.pid, t.tgid());
        }
        for (Process t : w.interrupt()) kick(t);
    }

    private void createTask(Process t) {
        for (int n = firstTask; n < ThreadId.MAX_TASKS; n++) {
            if (numbers.get(n)) continue; // task_new of an active task of ours would kill it
            ThreadId id = l4.taskNew(ThreadId.of(0, me.task(), n, 0, 0), 255 | AlienFlags.TASK_NEW_ALIEN, 0, core.entryAddress(), me, me);
            if (id.isNil()) continue;
            tasksCreated++;
            numbers.set(n);
            threadOf.put(t, id);
            byThread.put(id.raw(), t);
            return;
        }
        LOG.warn("linux server: no task number free for pid {}", t.pid);
        linux.exitProcess(t, 9, true);
    }

    private void deleteTask(ThreadId id) {
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
