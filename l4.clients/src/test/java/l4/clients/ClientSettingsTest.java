package l4.clients;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
    @Test
    void theWaitBoundIsAWholeNumberOfMillisecondsInRange() {
        assertEquals(10_000, ClientSettings.waitBound(null), "absent: the default");
        assertEquals(8000, ClientSettings.waitBound(8000L));
        assertEquals(8000, ClientSettings.waitBound(8000));
        assertEquals(250, ClientSettings.waitBound(" 250 "), "a string from config:set");
        assertEquals(10, ClientSettings.waitBound(10));
        assertEquals(600_000, ClientSettings.waitBound(600_000));
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> ClientSettings.waitBound(9));
        assertEquals("waitBoundMillis = 9 is out of range (10 to 600000 ms)", low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientSettings.waitBound(600_001));
        assertThrows(IllegalArgumentException.class, () -> ClientSettings.waitBound(-1));
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> ClientSettings.waitBound("soon"));
        assertTrue(text.getMessage().startsWith("waitBoundMillis = 'soon' is not a whole number"), text.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientSettings.waitBound(1.5));
    }

    @Test
    void aBadValueKeepsTheLastGoodOne() {
        ClientSettings s = new ClientSettings();
        s.configure(Map.of("waitBoundMillis", 2000));
        assertEquals(2_000_000, s.waitBoundMicros());
        s.configure(Map.of("waitBoundMillis", "never"));
        assertEquals(2_000_000, s.waitBoundMicros(), "rejected: the last good bound stays");
        s.configure(Map.of());
        assertEquals(10_000_000, s.waitBoundMicros(), "deleted: the default");
    }
}
