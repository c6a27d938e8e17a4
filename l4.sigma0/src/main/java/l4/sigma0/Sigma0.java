package l4.sigma0;

import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * σ0, the root pager: task 1, whose space maps all RAM 1:1. It answers every request with one
 * 4 KiB map item or a null reply (see {@link Sigma0Protocol}) and replies with send timeout 0, so
 * a client that is not waiting cannot block it.
 *
 * <p>Any task that can reach σ0 may ask for device memory: the clan rules of the kernel already
 * decide who can send to σ0 (only σ0's clan, i.e. the root task and the servers it starts).
 */
@Component(service = UserProgram.class, property = UserProgram.NAME + "=sigma0")
public final class Sigma0 implements UserProgram {
    private static final Logger LOG = LoggerFactory.getLogger(Sigma0.class);
    private static final Timeout REPLY = Timeout.of(0, Timeout.INFINITE);

    @Override
    public String name() {
        return "sigma0";
    }

    @Override
    public void main(L4 l4) {
        Arch arch = Arch.of(l4.architecture(), l4.wordBytes());
        MemoryLayout layout = KipReader.read(l4.memory(), l4.wordBytes());
        if (!layout.kipValid()) {
            LOG.error("sigma0: no valid kernel info page; answering every request with a null reply");
        }
        // debug: every machine l4:costs boots for a measurement starts a σ0 too; the kernel logs the real boot
        LOG.debug("sigma0 {} on {}: {} bytes of RAM, reserved {}", l4.myself(), arch, layout.size(), layout.reserved());
        serve(l4, new Sigma0Protocol(arch, layout, new FrameBook()));
    }

    static void serve(L4 l4, Sigma0Protocol protocol) {
        IpcResult in = l4.waitAny(Timeout.NEVER);
        while (true) {
            ThreadId client = in.source();
            // A failed receive, or a failed send of the last reply (client gone or not waiting): just wait again.
            if (!in.ok() || client == null || client.isInterrupt()) {
                in = l4.waitAny(Timeout.NEVER);
                continue;
            }
            long[] w = in.words();
            long w0 = w.length > 0 ? w[0] : 0;
            long w1 = w.length > 1 ? w[1] : 0;
            Sigma0Reply reply = protocol.handle(client, w0, w1);
            if (reply.clearFirst()) l4.memory().write(reply.hotSpot(), new byte[(int) MemoryLayout.PAGE]);
            if (LOG.isDebugEnabled()) {
                LOG.debug("sigma0: {} asks (0x{}, 0x{}) -> {}", client, Long.toHexString(w0), Long.toHexString(w1), reply);
            }
            in = l4.ipc(client, reply.sendDescriptor(), reply.words(), IpcDescriptor.OPEN,
                    ThreadId.NIL, ThreadId.NIL, REPLY);
        }
    }
}
