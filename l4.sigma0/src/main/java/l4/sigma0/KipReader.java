package l4.sigma0;

import java.util.ArrayList;
import java.util.List;
import l4.api.KipLayout;
import l4.api.UserMemory;

/** Reads the memory layout from the KIP, which σ0 sees 1:1 at its physical address. */
final class KipReader {
    private KipReader() {}

    static MemoryLayout read(UserMemory memory, int wordBytes) {
        long base = KipLayout.PHYSICAL;
        long mask = wordBytes >= 8 ? -1L : (1L << (wordBytes * 8)) - 1;
        if ((memory.readWord(base) & 0xFFFF_FFFFL) != KipLayout.MAGIC_VALUE) {
            return MemoryLayout.NONE;
        }
        long size = memory.readWord(base + (long) KipLayout.MEMORY_SIZE * wordBytes) & mask;
        long count = memory.readWord(base + (long) KipLayout.RESERVED_COUNT * wordBytes) & mask;
        // The pairs must end before the architecture name; a larger count means a broken KIP.
        long maxPairs = (KipLayout.ARCH_NAME / wordBytes - KipLayout.RESERVED_FIRST) / 2;
        if (Long.compareUnsigned(count, maxPairs) > 0) {
            return MemoryLayout.NONE;
        }
        List<MemoryLayout.Region> reserved = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long at = base + (long) (KipLayout.RESERVED_FIRST + 2 * i) * wordBytes;
            reserved.add(new MemoryLayout.Region(memory.readWord(at) & mask,
                    memory.readWord(at + wordBytes) & mask));
        }
        return new MemoryLayout(size, reserved, true);
    }
}
