package l4.sigma0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBookTest {
    private final MemoryLayout layout = new MemoryLayout(0x5000,
            List.of(new MemoryLayout.Region(0, 0x1000), new MemoryLayout.Region(0x1000, 0x1000)), true);

    @Test
    void frameGoesToOneTaskOnly() {
        FrameBook book = new FrameBook();
        assertTrue(book.claim(0x3000, 5));
        assertTrue(book.claim(0x3000, 5), "the owner may ask again");
        assertFalse(book.claim(0x3000, 6));
        assertEquals(5, book.owner(0x3000));
        assertEquals(-1, book.owner(0x4000));
    }

    @Test
    void lowestFreeSkipsReservedAndOwnedAndEndsAtMemorySize() {
        FrameBook book = new FrameBook();
        assertTrue(book.claim(0x2000, 7));
        assertEquals(0x3000, book.claimLowestFree(layout, 4));
        assertEquals(0x4000, book.claimLowestFree(layout, 4));
        assertEquals(-1, book.claimLowestFree(layout, 4));
        assertEquals(4, book.owner(0x3000));
    }

    @Test
    void lowestFreeIsDeterministicAfterExplicitClaims() {
        FrameBook book = new FrameBook();
        assertEquals(0x2000, book.claimLowestFree(layout, 4));
        assertTrue(book.claim(0x4000, 9));
        assertEquals(0x3000, book.claimLowestFree(layout, 4));
        assertEquals(-1, book.claimLowestFree(layout, 4));
    }
}
