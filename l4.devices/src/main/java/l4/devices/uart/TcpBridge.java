package l4.devices.uart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial line on a TCP socket at 127.0.0.1, as QEMU's {@code -serial tcp::PORT,server}: one
 * client at a time; what the UART sends goes to the client, what the client sends goes to the
 * UART. Loopback only: the machine's console is not something to offer the network.
 */
final class TcpBridge implements IntConsumer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpBridge.class);

    private final ServerSocket server;
    private final Consumer<byte[]> toUart;
    private final Thread acceptor;
    private volatile Socket client;
    private volatile boolean closed;

    TcpBridge(int port, Consumer<byte[]> toUart) throws IOException {
        this.toUart = toUart;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.acceptor = new Thread(this::acceptLoop, "l4-serial-tcp");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("serial line listening on 127.0.0.1:{}", server.getLocalPort());
    }

    int port() { return server.getLocalPort(); }

    private void acceptLoop() {
        while (!closed) {
            try (Socket s = server.accept()) {
                client = s;
                LOG.info("serial line: client {} connected", s.getRemoteSocketAddress());
                InputStream in = s.getInputStream();
                byte[] buf = new byte[512];
                int n;
                while ((n = in.read(buf)) > 0) toUart.accept(Arrays.copyOf(buf, n));
            } catch (IOException e) {
                if (!closed) LOG.info("serial line: client gone ({})", e.getMessage());
            } finally {
                client = null;
            }
        }
    }

    @Override
    public void accept(int b) {
        Socket s = client;
        if (s == null) return;
        try {
            OutputStream out = s.getOutputStream();
            out.write(b);
            out.flush();
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken socket
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
            Socket s = client;
            if (s != null) s.close();
        } catch (IOException e) {
            LOG.debug("closing the serial socket: {}", e.toString());
        }
    }
}
