package l4.devices.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.annotation.Annotation;
import l4.devices.uart.UartComponent;
import l4.devices.uart.UartConfiguration;
import org.junit.jupiter.api.Test;

/** The shell commands' output and their one-line errors. */
class DeviceShellTest {
    static UartComponent uart() throws Exception {
        UartComponent u = new UartComponent();
        var activate = UartComponent.class.getDeclaredMethod("activate", UartConfiguration.class);
        activate.setAccessible(true);
        activate.invoke(u, new UartConfiguration() {
            @Override public Class<? extends Annotation> annotationType() { return UartConfiguration.class; }
            @Override public int bufferKiB() { return 1; }
            @Override public int tcpPort() { return 0; }
        });
        return u;
    }

    @Test
    void serialShowsTheLineAndItsTail() throws Exception {
        UartComponent u = uart();
        for (byte b : "boot\nready\n".getBytes()) u.line().accept(b);
        DeviceShell shell = new DeviceShell(u, null);
        assertEquals("boot\nready\n", shell.serial("-1", ""));
        assertEquals("ready\n", shell.serial("1", ""));
    }

    @Test
    void badInputIsOneLine() throws Exception {
        DeviceShell shell = new DeviceShell(uart(), null);
        for (Runnable r : new Runnable[] {
            () -> shell.serial("x", ""),
            () -> shell.serial("-5", ""),
            () -> shell.serial("-1", "hello"),   // no machine has the UART plugged in
            () -> shell.disk(),                  // no disk component
            () -> new DeviceShell(null, null).serial("-1", "")}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("serial:") || e.getMessage().startsWith("disk:"), e.getMessage());
        }
    }
}
