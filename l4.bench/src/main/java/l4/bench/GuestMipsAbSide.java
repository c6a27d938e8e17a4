package l4.bench;

import java.util.HashMap;
import java.util.Map;
import l4.arch.mips.MipsArchitecture;
import l4.arch.mips.MipsGuestMemory;
import l4.arch.mips.cpu.ElfImage;
import l4.arch.mips.cpu.GuestCpu;
import l4.arch.mips.cpu.GuestException;
import l4.arch.mips.cpu.GuestState;
import l4.arch.mips.cpu.InstructionCosts;
import l4.spi.Mmu;
import l4.spi.MmuSpace;

/**
 * One build's side of {@link GuestMipsAb}: loaded once per class loader together with that
 * build's {@code l4.arch.mips} classes, it runs the sieve in slices and measures the thread's CPU
 * time per guest instruction. Not for use on its own.
 */
public final class GuestMipsAbSide {
    private GuestMipsAbSide() {}

    private static GuestCpu cpu;
    private static GuestState state;
    private static MipsGuestMemory memory;
    private static final java.lang.management.ThreadMXBean T = java.lang.management.ManagementFactory.getThreadMXBean();

    private static byte[] image;
    /** Loads the program into a fresh MMU, memory and CPU, as {@link GuestMips} does. */
    public static void setup(byte[] elf) {
        image = elf;
        Map<Long, byte[]> frames = new HashMap<>();
        Map<Long, Long> pages = new HashMap<>();
        Mmu mmu = new MipsArchitecture().createMmu(c -> { }, Map.of());
        MmuSpace space = mmu.createSpace(1);
        memory = MipsGuestMemory.of(space, frames::get);
        cpu = new GuestCpu(InstructionCosts.r4600(memory.hitCycles()));
        state = new GuestState();
        long[] nextFrame = {0x100};
        java.util.function.LongFunction<byte[]> page = va -> {
            long frame = pages.computeIfAbsent(va >>> 12, vp -> {
                long f = nextFrame[0]++;
                frames.put(f, new byte[4096]);
                space.map(vp << 12, f << 12, 12, true, false);
                return f;
            });
            return frames.get(frame);
        };
        ElfImage image = ElfImage.parse(elf);
        for (ElfImage.Segment s : image.segments()) {
            for (long a = s.virtualAddress() & ~0xFFFL; a < s.virtualAddress() + s.memorySize(); a += 4096) page.apply(a);
            byte[] d = s.data();
            for (int i = 0; i < d.length; i++) { long va = s.virtualAddress() + i; page.apply(va)[(int) (va & 0xFFF)] = d[i]; }
        }
        for (long a = 0x7FFF0000L; a < 0x80000000L; a += 4096) page.apply(a);
        state.gpr[29] = 0x7FFFFF00L;
        state.jump(image.entry());
    }

    /** Runs at least n instructions (the program starts again after its exit); returns CPU ns per instruction. */
    public static double run(long n) {
        long c0 = T.getCurrentThreadCpuTime(), done = 0;
        while (done < n) {
            GuestCpu.Stop stop = cpu.run(state, memory, Long.MAX_VALUE, 10_000_000L);
            done += cpu.lastInstructions();
            if (stop != GuestCpu.Stop.BUDGET) {
                GuestException e = state.lastException();
                if (state.gpr[2] == 5001) { state.gpr[2] = state.gpr[6]; state.gpr[7] = 0; state.jump(e.epc() + 4); }
                else if (state.gpr[2] == 5058) setup(image);
                else throw new IllegalStateException("ended " + e);
            }
        }
        return (T.getCurrentThreadCpuTime() - c0) / (double) done;
    }
}
