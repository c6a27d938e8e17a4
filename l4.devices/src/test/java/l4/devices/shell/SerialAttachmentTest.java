package l4.devices.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

class SerialAttachmentTest {
    /** Keys as a raw terminal delivers them; null is a poll that timed out. */
    static SerialAttachment.Keys keys(Integer... typed) {
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (Integer k : typed) q.add(k == null ? SerialAttachment.Keys.TIMEOUT : k);
        return ms -> q.isEmpty() ? -1 : q.poll();
    }

    @Test
    void everyKeyButCtrlBracketGoesToTheUartCtrlCIncluded() throws Exception {
        ByteArrayOutputStream uart = new ByteArrayOutputStream();
        SerialAttachment.End end = SerialAttachment.forward(keys((int) 'l', (int) 's', 0x0D, 0x03, null, 0x04, 0x1A, 0x1B, (int) 'x', 0x1D, (int) 'y'),
            uart::write, 1);
        assertEquals(SerialAttachment.End.DETACHED, end);
        assertArrayEquals(new byte[] {'l', 's', 0x0D, 0x03, 0x04, 0x1A, 0x1B, 'x'}, uart.toByteArray(),
            "Ctrl-C, Ctrl-D, Ctrl-Z and Escape are bytes for the machine; nothing after Ctrl-] is taken");
    }

    @Test
    void theEndOfInputOrAnInterruptDetachesToo() throws Exception {
        ByteArrayOutputStream uart = new ByteArrayOutputStream();
        assertEquals(SerialAttachment.End.END_OF_INPUT, SerialAttachment.forward(keys((int) 'a'), uart::write, 1));
        assertArrayEquals(new byte[] {'a'}, uart.toByteArray());
        Thread.currentThread().interrupt();
        try {
            assertEquals(SerialAttachment.End.INTERRUPTED, SerialAttachment.forward(keys((int) 'b'), uart::write, 1));
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(new byte[] {'a'}, uart.toByteArray(), "an interrupted attachment forwards nothing more");
    }
}
