package l4.sigma0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import l4.api.KipLayout;
import org.junit.jupiter.api.Test;

class KipReaderTest {
    @Test
    void readsMemorySizeAndReservedRegionsOnBothWordSizes() {
        for (int wb : new int[] {4, 8}) {
            MemoryLayout l = KipReader.read(new FakeMemory(wb).kip(0x80_0000), wb);
            assertTrue(l.kipValid());
            assertEquals(0x80_0000, l.size());
            assertEquals(List.of(new MemoryLayout.Region(0, 0x1000), new MemoryLayout.Region(0x1000, 0x1000)),
                    l.reserved());
            assertTrue(l.isReserved(0xFFF));
            assertTrue(l.isReserved(KipLayout.PHYSICAL));
            assertFalse(l.isReserved(0x2000));
        }
    }

    @Test
    void ix86MemorySizeAbove2GbIsUnsigned() {
        FakeMemory m = new FakeMemory(4).kip(0);
        m.put(KipLayout.MEMORY_SIZE, 0xC000_0000L);
        assertEquals(0xC000_0000L, KipReader.read(m, 4).size());
    }

    @Test
    void missingMagicOrAbsurdReservedCountGivesNoMemory() {
        assertFalse(KipReader.read(new FakeMemory(8), 8).kipValid());
        FakeMemory m = new FakeMemory(8).kip(0x80_0000);
        m.put(KipLayout.RESERVED_COUNT, 100_000);
        assertFalse(KipReader.read(m, 8).kipValid());
        assertEquals(0, KipReader.read(m, 8).size());
    }
}
