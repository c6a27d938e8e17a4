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
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=names")
public final class NameServer implements UserProgram {
    static final Timeout REPLY = Timeout.of(0, Timeout.INFINITE);

    @Override
    public String name() { return "names"; }

    @Override
    public void main(L4 l4) {
        NameTable table = new NameTable();
        ThreadId me = l4.myself();
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
