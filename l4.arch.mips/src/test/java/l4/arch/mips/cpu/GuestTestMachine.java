package l4.arch.mips.cpu;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

import l4.arch.mips.MipsArchitecture;
import l4.arch.mips.MipsGuestMemory;
import l4.spi.Mmu;
import l4.spi.MmuSpace;
import l4.spi.Translation;

/**
 * A bare machine for guest-code tests: the real R4x00 MMU model with one address space, RAM frames
 * handed out in order, a static ELF loaded page by page, and the two Linux n64 system calls a
 * freestanding test program uses (write to fd 1/2, exit/exit_group) served on the Syscall
 * exception.
 */
final class GuestTestMachine {
    static final int SYS_WRITE = 5001, SYS_EXIT = 5058, SYS_EXIT_GROUP = 5205;

    final Map<Long, byte[]> frames = new HashMap<>();
    final Mmu mmu;
    final MmuSpace space;
    final MipsGuestMemory memory;
    final GuestCpu cpu;
    final GuestState state = new GuestState();
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    long clockCycles;
    long cycles;
    long instructions;
    int exitStatus = -1;
    private long nextFrame = 0x100;
    private final Map<Long, Long> pages = new HashMap<>();

    GuestTestMachine() {
        mmu = new MipsArchitecture().createMmu(c -> clockCycles += c, Map.of());
        space = mmu.createSpace(1);
        memory = MipsGuestMemory.of(space, frames::get);
        cpu = new GuestCpu(InstructionCosts.r4600(memory.hitCycles()));
    }

    /** Maps (if not yet) and returns the frame behind the page of {@code va}. */
    byte[] page(long va, boolean writable) {
        long vpage = va >>> 12;
        Long frame = pages.get(vpage);
        if (frame == null) {
            frame = nextFrame++;
            pages.put(vpage, frame);
            frames.put(frame, new byte[4096]);
            space.map(vpage << 12, frame << 12, 12, writable, false);
        }
        return frames.get(frame);
    }

    void load(byte[] elf) {
        ElfImage image = ElfImage.parse(elf);
        for (ElfImage.Segment s : image.segments()) {
            for (long a = s.virtualAddress() & ~0xFFFL; a < s.virtualAddress() + s.memorySize(); a += 4096) {
                page(a, s.writable());
            }
            byte[] d = s.data();
            for (int i = 0; i < d.length; i++) {
                long va = s.virtualAddress() + i;
                page(va, s.writable())[(int) (va & 0xFFF)] = d[i];
            }
        }
        state.jump(image.entry());
        // a stack, as a loader would give one
        for (long a = 0x7FFF0000L; a < 0x80000000L; a += 4096) page(a, true);
        state.gpr[29] = 0x7FFFFF00L;
    }

    private byte readByte(long va) {
        Translation t = space.probe(va, false);
        if (!t.ok()) throw new IllegalStateException(String.format("write() from unmapped 0x%x", va));
        return frames.get(t.physical() >>> 12)[(int) (t.physical() & 0xFFF)];
    }

    /** Runs until exit; returns the exit status. Fails on any exception other than the served calls. */
    int run(long maxInstructions) {
        while (true) {
            GuestCpu.Stop stop = cpu.run(state, memory, maxInstructions - instructions, Long.MAX_VALUE);
            instructions += cpu.lastInstructions();
            cycles += cpu.lastCycles();
            if (stop == GuestCpu.Stop.BUDGET) throw new IllegalStateException("no exit after " + instructions + " instructions");
            GuestException e = state.lastException();
            if (e.code() != GuestException.SYS) throw new IllegalStateException("guest exception " + e);
            long[] r = state.gpr;
            switch ((int) r[2]) {
                case SYS_WRITE: {
                    if (r[4] != 1 && r[4] != 2) throw new IllegalStateException("write to fd " + r[4]);
                    for (long i = 0; i < r[6]; i++) output.write(readByte(r[5] + i));
                    r[2] = r[6];
                    r[7] = 0;
                    break;
                }
                case SYS_EXIT: case SYS_EXIT_GROUP:
                    exitStatus = (int) r[4];
                    return exitStatus;
                default:
                    throw new IllegalStateException("system call " + r[2] + " not served");
            }
            state.jump(e.epc() + 4);
            state.clearLinked();
        }
    }
}
