package l4.kernel;

import java.nio.charset.StandardCharsets;
import l4.api.KipLayout;

/** Writes the kernel info page into its reserved frame at boot and its clock on every tick. */
final class KernelInfoPage {
    private final Kernel k;
    private final int wb;

    KernelInfoPage(Kernel k) {
        this.k = k;
        this.wb = k.arch.wordBits() / 8;
    }

    void write() {
        put(KipLayout.MAGIC, KipLayout.MAGIC_VALUE);
        put(KipLayout.VERSION, KipLayout.VERSION_VALUE);
        put(KipLayout.BUILD, 1);
        put(KipLayout.MEMORY_SIZE, k.physical.bytes());
        put(KipLayout.WORD_BITS, k.arch.wordBits());
        put(KipLayout.MESSAGE_REGISTERS, k.arch.messageRegisters());
        long sizes = 0;
        for (int s : k.arch.pageSizesLog2()) sizes |= 1L << s;
        put(KipLayout.PAGE_SIZES, sizes);
        put(KipLayout.RESERVED_COUNT, 2);
        put(KipLayout.RESERVED_FIRST, 0);
        put(KipLayout.RESERVED_FIRST + 1, KipLayout.PHYSICAL);
        put(KipLayout.RESERVED_FIRST + 2, KipLayout.PHYSICAL);
        put(KipLayout.RESERVED_FIRST + 3, 4096);
        byte[] name = (k.arch.name() + "\0").getBytes(StandardCharsets.US_ASCII);
        k.physical.write(KipLayout.PHYSICAL + KipLayout.ARCH_NAME, name, 0, name.length);
        updateClock();
    }

    void updateClock() {
        put(KipLayout.CLOCK, k.clock.micros() / 1000);
    }

    private void put(int index, long value) {
        k.physical.writeWord(KipLayout.PHYSICAL + (long) index * wb, wb, value);
    }
}
