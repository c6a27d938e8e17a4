package l4.kernel.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import l4.api.Fpage;
import org.junit.jupiter.api.Test;

class MapWindowTest {

    @Test
    void smallerSendFpageLandsOnTheHotSpotTileOfTheWindow() {
        // window 2^20 at 0x40000000, hot spot 0x12345678: mod 2^20 = 0x45678, tile of 2^14 -> 0x44000
        MapWindow w = MapWindow.of(Fpage.of(0x10000, 14, true), 0x12345678L, Fpage.of(0x40000000L, 20, true));
        assertEquals(new MapWindow(0x10000, 0x40044000L, 14), w);
        assertEquals(0x13FFF, w.sourceLast());
        assertEquals(0x40047FFFL, w.targetLast());
    }

    @Test
    void largerSendFpageIsCutToTheHotSpotTile() {
        // send 2^20 at 0x100000, hot spot 0xABCDE123: mod 2^20 = 0xDE123, tile of 2^14 -> 0xDC000
        MapWindow w = MapWindow.of(Fpage.of(0x100000, 20, true), 0xABCDE123L, Fpage.of(0x50000000L, 14, true));
        assertEquals(new MapWindow(0x1DC000, 0x50000000L, 14), w);
    }

    @Test
    void equalSizesIgnoreTheHotSpot() {
        MapWindow w = MapWindow.of(Fpage.of(0x8000, 15, true), 0x7777_7000L, Fpage.of(0x18000, 15, true));
        assertEquals(new MapWindow(0x8000, 0x18000, 15), w);
    }

    @Test
    void wholeSpaceWindows() {
        // MIPS page-fault reply: receive window = whole 64-bit space, hot spot = fault address
        MapWindow w = MapWindow.of(Fpage.of(0x4000, 12, true), 0xFF_FFFF_C123L, Fpage.wholeSpace(64, true));
        assertEquals(new MapWindow(0x4000, 0xFF_FFFF_C000L, 12), w);
        MapWindow whole = MapWindow.of(Fpage.wholeSpace(64, true), 0x1234, Fpage.wholeSpace(64, true));
        assertEquals(-1L, whole.sourceLast());
        // ix86: whole space is 2^32
        MapWindow x = MapWindow.of(Fpage.wholeSpace(32, true), 0xDEAD_B000L, Fpage.of(0x7000_0000L, 16, true));
        assertEquals(new MapWindow(0xDEAD_0000L, 0x7000_0000L, 16), x);
    }
}
