package l4.bench;

import l4.arch.mips.MipsGuestMemory;
import l4.arch.mips.cpu.GuestCpu;
import l4.arch.mips.cpu.GuestException;
import l4.arch.mips.cpu.GuestState;
import l4.arch.mips.cpu.InstructionCosts;

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
        GuestLoad load = GuestLoad.of(elf);
        memory = load.memory();
        state = load.state();
        cpu = new GuestCpu(InstructionCosts.r4600(memory.hitCycles()));
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
