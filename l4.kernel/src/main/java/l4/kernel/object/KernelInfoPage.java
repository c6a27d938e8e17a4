package l4.kernel.object;

import java.nio.charset.StandardCharsets;
import l4.api.KipLayout;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.sched.Clock;
import l4.spi.Architecture;

/** Writes the kernel info page into its reserved frame at boot and its clock on every tick. */
public final class KernelInfoPage {
    private final Architecture arch;
    private final PhysicalMemory physical;
    private final Clock clock;
    private final int wb;

    public KernelInfoPage(Architecture arch, PhysicalMemory physical, Clock clock) {
        this.arch = arch;
        this.physical = physical;
        this.clock = clock;
        this.wb = arch.wordBits() / 8;
    }

    public void write() {
        put(KipLayout.MAGIC, KipLayout.MAGIC_VALUE);
        put(KipLayout.VERSION, KipLayout.VERSION_VALUE);
        put(KipLayout.BUILD, 1);
        put(KipLayout.MEMORY_SIZE, physical.bytes());
        put(KipLayout.WORD_BITS, arch.wordBits());
        put(KipLayout.MESSAGE_REGISTERS, arch.messageRegisters());
        long sizes = 0;
        for (int s : arch.pageSizesLog2()) sizes |= 1L << s;
        put(KipLayout.PAGE_SIZES, sizes);
        put(KipLayout.RESERVED_COUNT, 2);
        put(KipLayout.RESERVED_FIRST, 0);
        put(KipLayout.RESERVED_FIRST + 1, KipLayout.PHYSICAL);
        put(KipLayout.RESERVED_FIRST + 2, KipLayout.PHYSICAL);
        put(KipLayout.RESERVED_FIRST + 3, 4096);
        byte[] name = (arch.name() + "\0").getBytes(StandardCharsets.US_ASCII);
        physical.write(KipLayout.PHYSICAL + KipLayout.ARCH_NAME, name, 0, name.length);
        updateClock();
    }

    public void updateClock() {
        put(KipLayout.CLOCK, clock.micros() / 1000);
    }

    private void put(int index, long value) {
        physical.writeWord(KipLayout.PHYSICAL + (long) index * wb, wb, value);
    }
}
