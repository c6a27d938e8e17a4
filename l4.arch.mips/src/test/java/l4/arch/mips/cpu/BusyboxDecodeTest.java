package l4.arch.mips.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Every word of every executable section of Debian's mips64el busybox decodes to a supported instruction. */
class BusyboxDecodeTest {
    static final int SHF_EXECINSTR = 4;

    static byte[] busybox() throws IOException {
        try (InputStream in = BusyboxDecodeTest.class.getResourceAsStream("busybox/busybox")) {
            assertNotNull(in, "missing test resource busybox/busybox");
            return in.readAllBytes();
        }
    }

    @Test
    void wholeTextDecodes() throws IOException {
        byte[] elf = busybox();
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xFFFF, shnum = b.getShort(60) & 0xFFFF;
        int[] counts = new int[Op.COUNT];
        long words = 0;
        StringBuilder unknown = new StringBuilder();
        int unknownCount = 0;
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            long flags = b.getLong(h + 8);
            if ((flags & SHF_EXECINSTR) == 0 || b.getInt(h + 4) != 1 /* PROGBITS */) continue;
            long addr = b.getLong(h + 16), offset = b.getLong(h + 24), size = b.getLong(h + 32);
            for (long o = 0; o + 4 <= size; o += 4) {
                int w = b.getInt((int) (offset + o));
                int op = Decoder.decode(w);
                counts[op]++;
                words++;
                if (op == Op.RESERVED && unknownCount++ < 20) {
                    unknown.append(String.format("%n  0x%x: %08x", addr + o, w));
                }
            }
        }
        assertTrue(words > 400_000, "busybox text has " + words + " words");
        Map<String, Integer> used = new TreeMap<>();
        for (int op = 1; op < Op.COUNT; op++) if (counts[op] > 0) used.put(Op.name(op), counts[op]);
        System.out.printf("busybox: %d instruction words, %d distinct instructions: %s%n", words, used.size(), used);
        assertEquals(0, unknownCount, "words of busybox's text that do not decode:" + unknown);
    }
}
