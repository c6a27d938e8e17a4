package l4.devices.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.function.IntConsumer;
import l4.devices.uart.SerialLine;
import l4.devices.uart.UartComponent;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.jline.reader.LineReader;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code l4:console}: the shell's terminal attached to COM1 — what the machine sends appears on the
 * terminal, every key goes to the UART ({@link SerialAttachment}), Ctrl-] comes back to Gogo. The
 * terminal is raw meanwhile (no echo, no line editing, no signals: Ctrl-C is the byte 0x03 for the
 * machine). A thin adapter; failures are one-line {@link IllegalArgumentException}s.
 */
@Component(service = SerialConsole.class, property = {"osgi.command.scope=l4", "osgi.command.function=console"})
public final class SerialConsole {
    static final long POLL_MILLIS = 100;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UartComponent uart;

    @Descriptor("attach this terminal to the serial line COM1: keys go to the machine (Ctrl-C too), Ctrl-] detaches")
    public String console(CommandSession session) throws IOException {
        UartComponent u = uart;
        if (u == null) throw new IllegalArgumentException("console: no serial port (l4.devices is not active)");
        Terminal terminal = session.get(".reader") instanceof LineReader r ? r.getTerminal() : null;
        if (terminal == null || Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            throw new IllegalArgumentException("console: needs the interactive shell on a terminal; here use l4:serial [--tail N] and l4:serial --input TEXT");
        }
        if (!u.input(new byte[0])) throw new IllegalArgumentException("console: the UART is not plugged into a running machine");
        return switch (attach(terminal, u.line(), b -> u.input(new byte[] {(byte) b}))) {
            case DETACHED -> "\r\ndetached from COM1";
            case END_OF_INPUT -> "\r\ndetached from COM1 (end of input)";
            case INTERRUPTED -> "\r\ndetached from COM1 (interrupted)";
        };
    }

    /**
     * Attaches {@code terminal} to the serial line: raw, without signals, the line's output shown
     * on it and its keys sent to {@code uart} until Ctrl-]; the terminal's settings are put back.
     */
    static SerialAttachment.End attach(Terminal terminal, SerialLine line, IntConsumer uart) throws IOException {
        PrintWriter say = terminal.writer();
        say.print("attached to COM1; Ctrl-] detaches\r\n");
        say.flush();
        OutputStream out = terminal.output();
        IntConsumer show = b -> {
            try {
                out.write(b);
                out.flush();
            } catch (IOException e) {
                // the terminal went away: the attachment ends with its input
            }
        };
        Attributes before = terminal.enterRawMode();
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        raw.setInputFlag(Attributes.InputFlag.IXON, false);
        terminal.setAttributes(raw);
        line.addListener(show);
        try {
            return SerialAttachment.forward(ms -> {
                int c = terminal.reader().read(ms);
                return c == NonBlockingReader.READ_EXPIRED ? SerialAttachment.Keys.TIMEOUT : c;
            }, uart, POLL_MILLIS);
        } finally {
            line.removeListener(show);
            terminal.setAttributes(before);
        }
    }
}
