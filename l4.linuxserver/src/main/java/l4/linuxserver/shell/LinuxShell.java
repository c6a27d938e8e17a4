package l4.linuxserver.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.linuxserver.transport.LinuxProtocol;
import l4.run.Launched;
import l4.run.ProgramRunner;

/**
 * The logic of the {@code linux:} commands: each runs a small client program in a fresh task of
 * the running machine (through {@link ProgramRunner}) that asks the Linux server by IPC
 * ({@link LinuxProtocol}) and hands the result's chunks out of the machine as they come.
 */
public final class LinuxShell {
    static final int PRIORITY = 100;
    /** Fails a command whose client has shown no sign of life for this long (host time). */
    static final long STALL_SECONDS = 120;

    private final ProgramRunner runner;
    private final Supplier<ThreadId> server;

    public LinuxShell(ProgramRunner runner, Supplier<ThreadId> server) {
        this.runner = runner;
        this.server = server;
    }

    /** What a command produced: its text and the exit status. */
    public record Result(String output, int status) {}

    /** One-line failures of a command (no machine, no server, ix86 ...). */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message);
        }
    }

    /** Runs {@code line} with {@code sh -c}; {@code out} gets the merged output as it comes. */
    public int run(String line, Consumer<byte[]> out) throws InterruptedException {
        if (line == null || line.isBlank()) throw new Failure("no command line");
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        if (text.length > LinuxProtocol.MAX_TEXT) throw new Failure("the command line is longer than " + LinuxProtocol.MAX_TEXT + " bytes");
        return ask("linux:run", text, LinuxProtocol.RUN, out);
    }

    /** The process list. */
    public String ps() throws InterruptedException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ask("linux:ps", new byte[0], LinuxProtocol.PS, b::writeBytes);
        return b.toString(StandardCharsets.UTF_8);
    }

    /** A chunk of output, the end (status), or a failure, from the client inside the machine. */
    private sealed interface Event permits Chunk, End, Failed {}

    private record Chunk(byte[] bytes) implements Event {}

    private record End(int status) implements Event {}

    private record Failed(String message) implements Event {}

    private int ask(String label, byte[] text, long op, Consumer<byte[]> out) throws InterruptedException {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Launched launched;
        try {
            launched = runner.launch(label, (l4, machine) -> client(l4, text, op, events), PRIORITY);
        } catch (IllegalStateException e) {
            throw new Failure(e.getMessage());
        }
        launched.halted().whenComplete((v, t) -> events.add(new Failed("the machine halted while the command ran")));
        try {
            while (true) {
                Event e = events.poll(STALL_SECONDS, TimeUnit.SECONDS);
                if (e == null) throw new Failure("no answer from the Linux server for " + STALL_SECONDS + " s");
                if (e instanceof Chunk c) out.accept(c.bytes());
                else if (e instanceof End end) return end.status();
                else throw new Failure(((Failed) e).message());
            }
        } finally {
            launched.kill();
        }
    }

    /** The client program: runs in its own task, talks to the server in register words only. */
    private void client(L4 l4, byte[] text, long op, BlockingQueue<Event> events) {
        if (!"mips".equals(l4.architecture())) {
            events.add(new Failed("the " + l4.architecture() + " personality is not there yet: the Linux server runs busybox on MIPS only (l4:arch mips)"));
            return;
        }
        ThreadId s = server.get();
        if (s == null) {
            events.add(new Failed("the Linux server does not run: add linux to the servers of l4.machine (config:set l4.machine servers ...,linux)"));
            return;
        }
        int regs = l4.messageRegisters();
        int chunk = LinuxProtocol.chunkBytes(regs);
        for (int at = 0; at < text.length; at += chunk) {
            long[] w = new long[regs];
            LinuxProtocol.pack(text, at, Math.min(chunk, text.length - at), w);
            w[0] = LinuxProtocol.PUT;
            if (!call(l4, s, w, events)) return;
        }
        long[] start = new long[regs];
        start[0] = op;
        if (!call(l4, s, start, events)) return;
        while (true) {
            long[] read = new long[regs];
            read[0] = LinuxProtocol.READ;
            IpcResult r = l4.call(s, read, Timeout.NEVER);
            if (!r.ok()) {
                events.add(new Failed("the Linux server went away (" + r.error() + ")"));
                return;
            }
            long[] w = r.words();
            if (w[0] == LinuxProtocol.DONE) {
                events.add(new End((int) w[1]));
                return;
            }
            if (w[0] != LinuxProtocol.MORE) {
                events.add(new Failed(answer(w[0])));
                return;
            }
            events.add(new Chunk(LinuxProtocol.unpack(w)));
        }
    }

    private static boolean call(L4 l4, ThreadId s, long[] w, BlockingQueue<Event> events) {
        IpcResult r = l4.call(s, w, Timeout.NEVER);
        if (!r.ok()) {
            events.add(new Failed("the Linux server does not answer (" + r.error() + "); is linux among the servers of l4.machine?"));
            return false;
        }
        if (r.word(0) != LinuxProtocol.OK) {
            events.add(new Failed(answer(r.word(0))));
            return false;
        }
        return true;
    }

    private static String answer(long code) {
        if (code == LinuxProtocol.NOT_MIPS) return "the Linux server has no personality for this architecture yet (MIPS only)";
        if (code == LinuxProtocol.BUSY) return "the Linux server still runs this client's last command";
        if (code == LinuxProtocol.HALTED) return "the Linux system was halted from inside (reboot); l4:reboot starts a fresh machine";
        return "the Linux server refused the request (" + code + ")";
    }
}
