package l4.linuxserver.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.linuxserver.sys.Process;

/**
 * The Linux server's side of {@link LinuxProtocol}: one request text and one result per client
 * thread. A READ that finds nothing new is answered later, when the command writes or ends.
 */
final class ClientService {
    private final LinuxTransport transport;
    private final int registers;
    private final Map<Long, Client> clients = new HashMap<>();

    private static final class Client {
        final ThreadId id;
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        LinuxTransport.Job job;
        byte[] result;
        int read;
        boolean waiting;

        Client(ThreadId id) {
            this.id = id;
        }
    }

    ClientService(LinuxTransport transport, int registers) {
        this.transport = transport;
        this.registers = registers;
    }

    /** A message from a thread that is no process: the reply words, or null (answered later by {@link #poll}). */
    long[] request(IpcResult r) {
        ThreadId from = r.source();
        Client c = clients.computeIfAbsent(from.raw(), k -> new Client(from));
        long[] words = r.words();
        long op = words.length > 0 ? words[0] : -1;
        if (op == LinuxProtocol.PUT) {
            byte[] chunk = LinuxProtocol.unpack(pad(words));
            if (c.text.size() + chunk.length > LinuxProtocol.MAX_TEXT) return reply(LinuxProtocol.BAD_REQUEST);
            c.text.writeBytes(chunk);
            return reply(LinuxProtocol.OK);
        }
        if ((op == LinuxProtocol.RUN || op == LinuxProtocol.PS) && transport.linux().shutdown() != null) {
            c.text.reset();
            return reply(LinuxProtocol.HALTED);
        }
        if (op == LinuxProtocol.RUN) {
            if (c.job != null && !c.job.done()) return reply(LinuxProtocol.BUSY);
            c.job = transport.start(c.text.toString(StandardCharsets.UTF_8));
            c.text.reset();
            c.result = null;
            c.read = 0;
            return reply(LinuxProtocol.OK);
        }
        if (op == LinuxProtocol.PS) {
            c.job = null;
            c.result = ps().getBytes(StandardCharsets.UTF_8);
            c.read = 0;
            return reply(LinuxProtocol.OK);
        }
        if (op == LinuxProtocol.READ) {
            long[] answer = next(c);
            if (answer == null) c.waiting = true;
            return answer;
        }
        return reply(LinuxProtocol.BAD_REQUEST);
    }

    /** Answers the READs that can go on now. */
    List<Map.Entry<ThreadId, long[]>> poll() {
        List<Map.Entry<ThreadId, long[]>> out = new ArrayList<>();
        for (Client c : clients.values()) {
            if (!c.waiting) continue;
            long[] answer = next(c);
            if (answer == null) continue;
            c.waiting = false;
            out.add(Map.entry(c.id, answer));
        }
        return out;
    }

    /** The client is gone (its reply failed, e.g. linux:run was interrupted): forget it and kill what it still runs. */
    void forget(ThreadId id) {
        Client c = clients.remove(id.raw());
        if (c != null && c.job != null && !c.job.done()) {
            Process p = c.job.process();
            transport.linux().killGroup(p.pgid, transport.linux().abi().signal(l4.linuxserver.sys.LinuxAbi.Sig.KILL));
        }
    }

    private long[] next(Client c) {
        byte[] all = c.job != null ? c.job.outputBytes() : c.result != null ? c.result : new byte[0];
        int chunk = LinuxProtocol.chunkBytes(registers);
        if (c.read < all.length) {
            long[] w = new long[registers];
            int n = Math.min(chunk, all.length - c.read);
            LinuxProtocol.pack(all, c.read, n, w);
            w[0] = LinuxProtocol.MORE;
            c.read += n;
            return w;
        }
        if (c.job != null && !c.job.done()) return null;
        long[] w = new long[registers];
        w[0] = LinuxProtocol.DONE;
        w[1] = c.job != null ? c.job.status() : 0;
        return w;
    }

    private long[] reply(long code) {
        long[] w = new long[registers];
        w[0] = code;
        return w;
    }

    private long[] pad(long[] words) {
        return words.length >= registers ? words : java.util.Arrays.copyOf(words, registers);
    }

    /** pid, ppid, state, L4 task id, command line: one line a process, by pid. */
    String ps() {
        StringBuilder b = new StringBuilder(String.format("%5s %5s %-8s %-22s %s%n", "PID", "PPID", "STATE", "TASK", "COMMAND"));
        List<Process> list = new ArrayList<>();
        for (Process p : transport.linux().processes()) if (p.isLeader() && p.state != Process.State.DEAD) list.add(p);
        list.sort((x, y) -> Integer.compare(x.pid, y.pid));
        for (Process p : list) {
            ThreadId task = transport.taskOf(p);
            b.append(String.format("%5d %5d %-8s %-22s %s%n", p.pid, p.parent == null ? 0 : p.parent.pid,
                    p.state.name().toLowerCase(java.util.Locale.ROOT), task == null ? "-" : task.toString(),
                    String.join(" ", p.argv)));
        }
        return b.toString();
    }
}
