package l4.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An architecture's CPU in user mode, for threads that run machine code (guest threads). The
 * generic kernel hands it a thread's register file and address space and a cycle budget up to
 * its next event (timer tick, device event); the CPU executes instructions until one of them
 * raises an exception or the budget is spent, and reports which, as data. It stops only between
 * instructions; the register file is the thread's only state (no host stack), so any guest thread
 * can be run, stopped and resumed by one host.
 * <p>
 * One instance per machine: it may keep host-side caches (decoded instructions, translations)
 * that never change simulated results; {@link #frameWritten} and {@link #frameDropped} keep them
 * true when anybody but the CPU itself writes physical memory.
 */
@ProviderType
public interface UserCpu {
    /** Why {@link #run} returned. */
    enum Event {
        /** A system-call instruction ({@link #trapNumber} and the registers say which call); the IP is at it. */
        SYSCALL,
        /** A translation fault the thread's pager can resolve (MIPS TLBL, TLBS, Mod); the IP is at the faulting instruction. */
        PAGE_FAULT,
        /** Any other exception ({@link #code}, {@link #address}); the IP is at the faulting instruction. */
        EXCEPTION,
        /** The cycle budget is spent (between two instructions). */
        BUDGET
    }

    /** Physical memory as the CPU reads and writes it: the 4 KiB frame of RAM with number {@code frame}, or null where no RAM is. */
    interface Frames {
        byte[] frame(long frame);
    }

    /**
     * Runs the thread whose registers are {@code registers} in {@code space} (the space must be
     * the active one of the machine's MMU) from simulated cycle {@code now} until an event or
     * until at least {@code budgetCycles} cycles are spent.
     */
    default Event run(RegisterFile registers, MmuSpace space, long now, long budgetCycles) {
        return run(registers, space, now, budgetCycles, Long.MAX_VALUE);
    }

    /**
     * As {@link #run(RegisterFile, MmuSpace, long, long)}, stopping also after
     * {@code maxInstructions} completed instructions ({@link Event#BUDGET}): the kernel debugger's
     * instruction step. A stop on this budget is no event of the simulated machine, so the next
     * run of the same thread continues as if the CPU had not stopped (same cycles, same MMU
     * state, e.g. no new instruction-fetch translation).
     */
    Event run(RegisterFile registers, MmuSpace space, long now, long budgetCycles, long maxInstructions);

    /** Simulated cycles of the last {@link #run}, its translations included; the kernel charges them. */
    long lastCycles();

    /** Instructions completed by the last {@link #run}. */
    long lastInstructions();

    /** Instructions completed by every run so far. */
    long totalInstructions();

    /** The architecture's exception code of the last event (MIPS Cause.ExcCode). */
    int code();

    /** The faulting address of the last event (MIPS BadVAddr), 0 where it has none. */
    long address();

    /** The restart address of the last event (MIPS EPC). */
    long exceptionIp();

    /** The last page fault was a write. */
    boolean faultWrite();

    /** The architecture's cause word of the last event, as its exception message carries it (MIPS Cause). */
    long cause();

    /** The trap number of the last {@link Event#SYSCALL} (MIPS: AT), as {@link SyscallAbi#decodeTrap} reads it. */
    int trapNumber(RegisterFile registers);

    /** Continues after the system-call instruction the thread stopped at (MIPS: PC = EPC + 4). */
    void skipSyscall(RegisterFile registers);

    /** Words of the thread's whole user register frame in the exception message. */
    int frameWords();

    /** Packs the register frame into {@code frame}, with the exception's cause word and address. */
    void saveFrame(RegisterFile registers, long cause, long address, long[] frame);

    /** Sets every register from a frame the excepter replied with (the IP included). */
    void loadFrame(long[] frame, RegisterFile registers);

    /**
     * The kernel debugger: the thread's user registers beyond its {@link RegisterFile}, name and
     * value in display order (MIPS: HI, LO). The default has none.
     */
    default java.util.Map<String, Long> extraRegisters(RegisterFile registers) { return java.util.Map.of(); }

    /**
     * The kernel debugger: the instruction at {@code address} as text, from {@code code}, the bytes
     * from that address on (up to the page's end); null if they hold no whole instruction.
     */
    String disassemble(long address, byte[] code);

    /** A name for exception {@code code} ({@code l4:threads}). */
    String exceptionName(int code);

    /** Somebody other than the CPU wrote into {@code frame} (an IPC copy, a loader, DMA). */
    void frameWritten(byte[] frame);

    /** {@code frame} is no longer the RAM behind its address (it was released: zeroed lazily). */
    void frameDropped(byte[] frame);

    /** Turns the host caches on or off; simulated results are the same either way. */
    void hostCaches(boolean on);

    boolean hostCaches();

    /**
     * Machine snapshots: writes the part of a thread's user state its {@link RegisterFile} does
     * not show (MIPS: HI/LO, the pending delay slot, the FPU, UserLocal, the LL bit, HI/LO
     * latency). The default writes nothing: a CPU whose register file is its whole state.
     */
    default void saveThread(RegisterFile registers, java.io.DataOutput out) throws java.io.IOException {}

    /**
     * Machine snapshots: reads what {@link #saveThread} wrote into a thread's fresh register file,
     * whose registers (the IP as {@link RegisterFile#get} gave it) are set already.
     */
    default void loadThread(java.io.DataInput in, RegisterFile registers) throws java.io.IOException {}
}
