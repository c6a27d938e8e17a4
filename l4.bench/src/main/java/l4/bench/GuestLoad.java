package l4.bench;

import java.util.HashMap;
import java.util.Map;
import l4.arch.mips.MipsArchitecture;
import l4.arch.mips.MipsGuestMemory;
import l4.arch.mips.cpu.ElfImage;
import l4.arch.mips.cpu.GuestState;
import l4.spi.Mmu;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * A static MIPS ELF in a fresh MMU space of its own, for the interpreter benchmarks: each page of
 * its segments and a 64 KiB stack below 0x8000_0000 mapped from host frames, the CPU state at
 * its entry point.
 */
record GuestLoad(MipsGuestMemory memory, GuestState state, MmuSpace space, Map<Long, byte[]> frames) {
    static GuestLoad of(byte[] elf) {
        Map<Long, byte[]> frames = new HashMap<>();
        Map<Long, Long> pages = new HashMap<>();
        Mmu mmu = new MipsArchitecture().createMmu(c -> { }, Map.of());
        MmuSpace space = mmu.createSpace(1);
        MipsGuestMemory memory = MipsGuestMemory.of(space, frames::get);
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
            for (int i = 0; i < d.length; i++) {
                long va = s.virtualAddress() + i;
                page.apply(va)[(int) (va & 0xFFF)] = d[i];
            }
        }
        for (long a = 0x7FFF0000L; a < 0x80000000L; a += 4096) page.apply(a);
        GuestState state = new GuestState();
        state.gpr[29] = 0x7FFFFF00L;
        state.jump(image.entry());
        return new GuestLoad(memory, state, space, frames);
    }

    /** The byte at guest address {@code va} (for a write(2) the benchmark serves), or -1 if it is not mapped. */
    int byteAt(long va) {
        Translation t = space.probe(va, false);
        return t.ok() ? frames.get(t.physical() >>> 12)[(int) (t.physical() & 0xFFF)] & 0xFF : -1;
    }
}
