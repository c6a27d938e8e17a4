package l4.sigma0;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBookTest {
    private final MemoryLayout layout = new MemoryLayout(0x5000,
            List.of(new MemoryLayout.Region(0, 0x1000), new MemoryLayout.Region(0x1000, 0x1000)), true);

    @Test
    void frameGoesToOneTaskOnly() {
        FrameBook book = new FrameBook();
        assertEquals(FrameBook.Claim.GIVEN, book.claim(0x3000, 5, 1));
        assertEquals(FrameBook.Claim.GIVEN, book.claim(0x3000, 5, 1), "the owner may ask again");
        assertEquals(FrameBook.Claim.REFUSED, book.claim(0x3000, 6, 1));
        assertEquals(5, book.owner(0x3000));
        assertEquals(-1, book.owner(0x4000));
    }

    @Test
    void lowestFreeSkipsReservedAndOwnedAndEndsAtMemorySize() {
        FrameBook book = new FrameBook();
        assertEquals(FrameBook.Claim.GIVEN, book.claim(0x2000, 7, 1));
        assertEquals(0x3000, book.claimLowestFree(layout, 4, 1));
        assertEquals(0x4000, book.claimLowestFree(layout, 4, 1));
        assertEquals(-1, book.claimLowestFree(layout, 4, 1));
        assertEquals(4, book.owner(0x3000));
    }

    @Test
    void lowestFreeIsDeterministicAfterExplicitClaims() {
        FrameBook book = new FrameBook();
        assertEquals(0x2000, book.claimLowestFree(layout, 4, 1));
        assertEquals(FrameBook.Claim.GIVEN, book.claim(0x4000, 9, 1));
        assertEquals(0x3000, book.claimLowestFree(layout, 4, 1));
        assertEquals(-1, book.claimLowestFree(layout, 4, 1));
    }

    @Test
    void aReCreatedTaskInheritsItsNumbersFramesToBeCleared() {
        FrameBook book = new FrameBook();
        assertEquals(FrameBook.Claim.GIVEN, book.claim(0x3000, 5, 1));
        assertEquals(FrameBook.Claim.INHERITED, book.claim(0x3000, 5, 2), "task 5 re-created: version 2");
        assertEquals(FrameBook.Claim.GIVEN, book.claim(0x3000, 5, 2), "now version 2 owns it");
        assertEquals(FrameBook.Claim.REFUSED, book.claim(0x3000, 6, 2));
        assertEquals(5, book.owner(0x3000));
    }
}
