package l4.drivers.names;

import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.drivers.client.Protocol;
import org.osgi.service.component.annotations.Component;

/**
 * The name server ({@code names}): register and lookup over IPC (see {@link l4.drivers.client.Protocol}).
 * It must be the first server the root task starts, so that its id is known (task 3). Replies go
 * out with send timeout 0: a client that is not waiting cannot block it. Asked to drain, it
 * replies and takes no more requests (clients get 0x10 when it is gone and ask the next one).
 * Its lthread {@link Protocol#NAMES_WATCH_LTHREAD} never receives: a driver keeps a thread sending
 * to it, which learns by the 0x10 that this incarnation is gone (and its table with it) and
 * registers the driver with the next one.
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=names")
public final class NameServer implements UserProgram {
    static final Timeout REPLY = Timeout.of(0, Timeout.INFINITE);
    private static final l4.api.ThreadBody WATCH = l4 -> {
        while (true) l4.receive(ThreadId.NIL, Timeout.NEVER);
    };

    @Override
    public String name() { return "names"; }

    @Override
    public void main(L4 l4) {
        NameTable table = new NameTable();
        ThreadId me = l4.myself();
        // the watch thread: never receives, so whoever sends to it waits until this incarnation is
        // deleted and then gets 0x10 (see DriverClient.keepRegistered)
        ThreadId pager = l4.lthreadExRegs(0, -1, -1, ThreadId.INVALID, ThreadId.INVALID).pager();
        l4.lthreadExRegs(Protocol.NAMES_WATCH_LTHREAD, l4.codeAddress(WATCH), 0, pager, ThreadId.INVALID);
        while (true) {
            IpcResult r = l4.waitAny(Timeout.NEVER);
            ThreadId client = r.source();
            if (!r.ok() || client == null || client.isInterrupt()) continue;
            long[] reply = new long[l4.messageRegisters()];
            if (Protocol.drainRequest(me, client, r.word(0))) {
                // every request taken is answered: done; later ones wait for the next incarnation
                l4.send(client, reply, REPLY);
                while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
            }
            long[] words = table.handle(client, r.word(0), r.word(1));
            System.arraycopy(words, 0, reply, 0, 2);
            l4.send(client, reply, REPLY);
        }
    }
}
