package l4.linuxserver.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;

import l4.api.IpcResult;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserProgram;
import l4.linuxserver.mips.MipsN64Abi;
import l4.linuxserver.mips.MipsTrapAbi;
import l4.linuxserver.sys.LinuxSystem;
import l4.linuxserver.sys.Reboot;
import l4.linuxserver.mm.Frame;
import l4.linuxserver.mm.FramePool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux server as a program the root task starts ({@code linux} in the {@code servers} of
 * {@code l4.machine}): on MIPS it runs busybox's processes as L4 tasks through
 * {@link LinuxTransport}, with its frames from σ0 in the window 32..64 MiB of its own space (the
 * machine needs the default 64 MiB of memory or more); on ix86, which has no Linux personality yet,
 * it answers every client with {@link LinuxProtocol#NOT_MIPS}. The {@code linux:} commands' clients
 * find it through {@link #serverThread()}.
 */
@Component(service = {UserProgram.class, LinuxServer.class}, property = UserProgram.NAME + "=linux",
        configurationPid = LinuxServerConfiguration.PID)
@Designate(ocd = LinuxServerConfiguration.class)
public final class LinuxServer implements UserProgram {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxServer.class);
    static final long WINDOW = 0x0200_0000L, WINDOW_END = 0x0400_0000L;
    /** The lowest task number the server tries for its processes (below: the root task's servers and programs). */
    static final int FIRST_TASK = 64;

    /** The running server's thread; cleared when its machine halts or its task is killed. */
    private final AtomicReference<ThreadId> thread = new AtomicReference<>();
    private byte[] initramfs;
    /** The console driver's name, or null: no init, the console's bytes go nowhere. */
    private volatile String consoleDriver;

    /**
     * Reads the initramfs and builds a throwaway file system from it on the host, before the
     * machine runs the server: the server's own first unpack then finds the layer's classes
     * loaded and compiled, and stays far below the machine's runaway bound for Java code that
     * makes no system call.
     */
    @Activate
    void activate(LinuxServerConfiguration config) throws IOException {
        consoleDriver = config.consoleInit() ? config.consoleDriver() : null;
        initramfs = initramfs();
        new LinuxSystem(new MipsN64Abi(), new FramePool() {
            @Override
            public Frame allocate() {
                return Frame.of(0, new byte[Frame.SIZE]);
            }

            @Override
            public void release(Frame frame) {}
        }, () -> 0, initramfs, b -> {});
    }

    /** A configuration change: the server that runs goes on as it is; the next one it starts follows the change. */
    @Modified
    void modified(LinuxServerConfiguration config) {
        consoleDriver = config.consoleInit() ? config.consoleDriver() : null;
    }

    @Override
    public String name() {
        return "linux";
    }

    /**
     * Runs {@code /sbin/init} on a console tty connected to the driver registered as
     * {@code driver} (null: no init, the console's bytes go nowhere), from the next start on.
     */
    public void setConsole(String driver) {
        consoleDriver = driver;
    }

    /** The server's thread in the running machine, or null when it does not run. */
    public ThreadId serverThread() {
        return thread.get();
    }

    @Override
    public void main(L4 l4) throws IOException {
        ThreadId me = l4.myself();
        thread.set(me);
        try {
            serve(l4, me);
        } finally {
            // unwound (the machine halted, the root task killed the server) or ended: a client must
            // not call this id in the next machine, where it may name any thread; a newer server's stays
            thread.compareAndSet(me, null);
        }
    }

    private void serve(L4 l4, ThreadId me) throws IOException {
        if (!"mips".equals(l4.architecture())) {
            LOG.info("linux server: no Linux personality for {} yet; answering clients with that", l4.architecture());
            refuseForever(l4);
        }
        ServerPages pages = new ServerPages(l4, WINDOW + 0x2000, WINDOW_END);
        String driver = consoleDriver;
        ConsoleBridge console = driver == null ? null : new ConsoleBridge(l4, driver);
        byte[] rootFs = initramfs != null ? initramfs : initramfs();
        while (true) {
            // one boot of the Linux system: a fresh layer from the initramfs, init on the console
            LinuxSystem linux = new LinuxSystem(new MipsN64Abi(), pages, () -> l4.clockMicros() * 1000, rootFs,
                    console == null ? b -> {} : console::output);
            LinuxTransport transport = new LinuxTransport(l4, linux, new MipsTrapAbi(), pages, WINDOW, FIRST_TASK);
            if (console != null) {
                transport.attachConsole(console);
                transport.startInit("/sbin/init");
            }
            LOG.info("linux server: running as {}", me);
            transport.serveUntil(() -> linux.shutdown() != null);
            transport.endAllTasks();
            Reboot.Shutdown how = linux.shutdown();
            LOG.info("linux server: {}", how.message());
            if (!how.restart()) {
                // halted or powered off: the clients are told so; the console stays silent
                transport.serveUntil(() -> false);
            }
        }
    }

    private static void refuseForever(L4 l4) {
        IpcResult r = l4.waitAny(Timeout.NEVER);
        while (true) {
            long[] w = new long[l4.messageRegisters()];
            w[0] = LinuxProtocol.NOT_MIPS;
            r = l4.replyAndWait(r.source(), w, Timeout.of(0, Timeout.INFINITE));
            if (!r.ok()) r = l4.waitAny(Timeout.NEVER);
        }
    }

    static byte[] initramfs() throws IOException {
        try (InputStream in = LinuxServer.class.getResourceAsStream("/l4/linuxserver/initramfs.cpio")) {
            if (in == null) throw new IOException("the bundle has no l4/linuxserver/initramfs.cpio");
            return in.readAllBytes();
        }
    }
}
