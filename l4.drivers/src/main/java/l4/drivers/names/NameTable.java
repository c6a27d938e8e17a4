package l4.drivers.names;

import java.util.HashMap;
import java.util.Map;
import l4.api.ThreadId;
import l4.drivers.client.Protocol;

/** The name server's table: key to thread; pure, no IPC. A name belongs to one task at a time. */
public final class NameTable {
    private final Map<Long, ThreadId> names = new HashMap<>();

    /** Registers {@code who} under {@code key}: a {@code Protocol.STATUS_*} code. */
    public int register(long key, ThreadId who) {
        if (key == 0 || who == null || who.isNil() || who.isInvalid() || who.isInterrupt()) return Protocol.STATUS_BAD_REQUEST;
        ThreadId held = names.get(key);
        if (held != null && !held.sameTask(who)) return Protocol.STATUS_EXISTS;
        names.put(key, who);
        return Protocol.STATUS_OK;
    }

    /** The thread registered under {@code key}, or nil. */
    public ThreadId lookup(long key) {
        return names.getOrDefault(key, ThreadId.NIL);
    }

    /** The reply words to a request {@code w0, w1} from {@code sender}. */
    public long[] handle(ThreadId sender, long w0, long w1) {
        switch (Protocol.op(w0)) {
            case Protocol.REGISTER: {
                long lthread = Protocol.arg(w0);
                if (lthread > ThreadId.THREADS_PER_TASK) return new long[] {Protocol.STATUS_BAD_REQUEST, 0};
                ThreadId who = lthread == 0 || sender == null ? sender : sender.withLthread((int) lthread - 1);
                return new long[] {register(w1 & 0xFFFF_FFFFL, who), 0};
            }
            case Protocol.LOOKUP:
                return l4.drivers.client.Words.idWords(lookup(w1 & 0xFFFF_FFFFL).raw());
            default:
                return new long[] {Protocol.STATUS_BAD_REQUEST, 0};
        }
    }
}
