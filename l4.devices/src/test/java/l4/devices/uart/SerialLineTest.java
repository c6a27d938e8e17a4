package l4.devices.uart;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The host end of the line: the ring the shell reads, and the TCP bridge on 127.0.0.1. */
class SerialLineTest {
    static void send(SerialLine line, String s) {
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) line.accept(b & 0xFF);
    }

    @Test
    void ringKeepsTheNewestBytesAndTailCountsLines() {
        SerialLine line = new SerialLine(16);
        send(line, "one\ntwo\nthree\n");
        assertEquals("two\nthree\n", line.tailLines(2));
        assertEquals("three\n", line.tailLines(1));
        assertEquals("", line.tailLines(0));
        send(line, "four\n");
        assertEquals(19, line.total());
        assertEquals(16, line.tail(-1).length, "only the last 16 bytes are kept");
        assertEquals("\ntwo\nthree\nfour\n", line.tailLines(5), "fewer lines kept than asked for: all of them");
    }

    @Test
    void tcpClientGetsOutputAndItsInputReachesTheUart() throws Exception {
        LinkedBlockingQueue<byte[]> toUart = new LinkedBlockingQueue<>();
        SerialLine line = new SerialLine(1024);
        try (TcpBridge tcp = new TcpBridge(0, toUart::add);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), tcp.port())) {
            line.addListener(tcp);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("typed".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] got = toUart.poll(5, TimeUnit.SECONDS);
            assertNotNull(got);
            assertEquals("typed", new String(got, StandardCharsets.US_ASCII));
            // the bridge has the client once it read from it: output now reaches the socket
            send(line, "hi\n");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[3];
            int n = 0;
            while (n < 3) n += in.read(buf, n, 3 - n);
            assertEquals("hi\n", new String(buf, StandardCharsets.US_ASCII));
        }
    }
}
