package l4.devices.shell;

import java.io.IOException;
import java.util.function.IntConsumer;

/**
 * The keyboard side of {@code l4:console}: every key goes to the UART's receiver as it is typed
 * (Ctrl-C, Ctrl-D, Ctrl-Z included: the terminal is raw and sends no signals) except
 * {@link #DETACH} (Ctrl-], as telnet's escape), which ends the attachment. Pure: the keys come from
 * a {@link Keys} source, the bytes go to an {@link IntConsumer}.
 */
public final class SerialAttachment {
    /** Ctrl-] (GS, 0x1D). */
    public static final int DETACH = 0x1D;

    /** Keys as a raw terminal delivers them: a byte, {@link #TIMEOUT} when none came within the poll, or -1 at the end of input. */
    @FunctionalInterface
    public interface Keys {
        int TIMEOUT = -2;

        int read(long millis) throws IOException;
    }

    /** Why an attachment ended. */
    public enum End { DETACHED, END_OF_INPUT, INTERRUPTED }

    private SerialAttachment() {}

    /**
     * Forwards keys to {@code uart} until Ctrl-], the end of input or an interrupt of the calling
     * thread (polling every {@code pollMillis}).
     */
    public static End forward(Keys keys, IntConsumer uart, long pollMillis) throws IOException {
        while (true) {
            if (Thread.currentThread().isInterrupted()) return End.INTERRUPTED;
            int key = keys.read(pollMillis);
            if (key == Keys.TIMEOUT) continue;
            if (key < 0) return End.END_OF_INPUT;
            if (key == DETACH) return End.DETACHED;
            uart.accept(key & 0xFF);
        }
    }
}
