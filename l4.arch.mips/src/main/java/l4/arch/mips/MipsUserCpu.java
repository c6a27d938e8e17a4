package l4.arch.mips;

import java.util.Map;

import l4.api.mips.ExceptionFrame;
import l4.arch.mips.cpu.Disassembler;
import l4.arch.mips.cpu.GuestCpu;
import l4.arch.mips.cpu.GuestException;
import l4.arch.mips.cpu.GuestState;
import l4.arch.mips.cpu.InstructionCosts;
import l4.spi.MmuSpace;
import l4.spi.RegisterFile;
import l4.spi.UserCpu;

/**
 * The MIPS64 guest CPU behind the kernel's {@link UserCpu} SPI: runs a thread's
 * {@link MipsRegisterFile} (its {@link GuestState}) through the machine's R4x00 MMU model and
 * sorts the exception it stops at into the kernel's events. TLBL, TLBS and Mod are page faults
 * (the kernel's TLB refill ran inside the MMU model and found no mapping, or a read-only one);
 * {@code syscall} is a system call unless it sits in a branch delay slot, which L4/MIPS does not
 * restart, so there it is reflected as an exception. Packs and unpacks the thread's frame in the
 * layout of {@link ExceptionFrame}.
 */
final class MipsUserCpu implements UserCpu {
    private final Frames frames;
    private final Map<String, Object> options;
    private GuestCpu cpu;
    private boolean hostCaches = true;
    /** The exception the last run stopped at, copied from the state (it is reset by the state's next run); code -1: none yet. */
    private int lastCode = -1;
    private long lastEpc;
    private long lastBadVaddr;
    private long lastCause;

    MipsUserCpu(Frames frames, Map<String, Object> options) {
        this.frames = frames;
        this.options = options;
    }

    private static GuestState state(RegisterFile registers) {
        if (registers instanceof MipsRegisterFile) return ((MipsRegisterFile) registers).state;
        throw new IllegalArgumentException("not a MIPS register file: " + registers);
    }

    @Override
    public Event run(RegisterFile registers, MmuSpace space, long now, long budgetCycles, long maxInstructions) {
        // the space keeps its view, so a run in another space than the last one stores no field here
        MipsGuestMemory memory = space instanceof MipsMmuSpace ? ((MipsMmuSpace) space).guestView : null;
        if (memory == null) {
            memory = MipsGuestMemory.of(space, frames::frame);
            ((MipsMmuSpace) space).guestView = memory;
        }
        if (cpu == null) {
            cpu = new GuestCpu(InstructionCosts.of(options, memory.hitCycles()));
            cpu.setHostCaches(hostCaches);
            translationOption(cpu, options);
            cpu.keepFetchOverInstructionStops(true); // the kernel's instruction budget is only the debugger's
        }
        GuestState s = state(registers);
        cpu.setTimeBase(now);
        GuestCpu.Stop stop = cpu.run(s, memory, Math.max(1, maxInstructions), Math.max(1, budgetCycles));
        if (stop == GuestCpu.Stop.BUDGET) {
            // the kernel takes the CPU (a tick, a device event) and returns with ERET, which
            // clears LLbit (MIPS R4000 User's Manual, LL/SC and ERET): an SC after it fails, so
            // threads switched between an LL and its SC cannot both succeed. A stop after the
            // debugger's instruction count is no kernel entry of the simulated machine.
            if (cpu.lastInstructions() < maxInstructions) s.clearLinked();
            return Event.BUDGET;
        }
        lastCode = s.exceptionCode();
        lastEpc = s.exceptionEpc();
        lastBadVaddr = s.exceptionBadVaddr();
        lastCause = s.exceptionCause();
        switch (lastCode) {
            case GuestException.SYS: return s.exceptionInDelaySlot() ? Event.EXCEPTION : Event.SYSCALL;
            case GuestException.TLBL:
            case GuestException.TLBS:
            case GuestException.MOD: return Event.PAGE_FAULT;
            default: return Event.EXCEPTION;
        }
    }

    @Override
    public long lastCycles() { return cpu == null ? 0 : cpu.lastCycles(); }

    @Override
    public long lastInstructions() { return cpu == null ? 0 : cpu.lastInstructions(); }

    @Override
    public long totalInstructions() { return cpu == null ? 0 : cpu.totalInstructions(); }

    @Override
    public int code() { return lastCode < 0 ? 0 : lastCode; }

    @Override
    public long address() { return lastCode < 0 ? 0 : lastBadVaddr; }

    @Override
    public long exceptionIp() { return lastCode < 0 ? 0 : lastEpc; }

    @Override
    public boolean faultWrite() {
        return lastCode == GuestException.TLBS || lastCode == GuestException.MOD;
    }

    /** Cause is a 32-bit CP0 register, read sign-extended into a 64-bit GPR as mfc0 does. */
    @Override
    public long cause() { return lastCode < 0 ? 0 : (long) (int) lastCause; }

    @Override
    public int trapNumber(RegisterFile registers) {
        long at = state(registers).gpr[MipsRegisterFile.AT];
        return at < 0 || at > Integer.MAX_VALUE ? -1 : (int) at;
    }

    @Override
    public void skipSyscall(RegisterFile registers) {
        GuestState s = state(registers);
        s.jump(s.pc + 4);
        s.clearLinked();
    }

    @Override
    public int frameWords() { return ExceptionFrame.WORDS; }

    @Override
    public void saveFrame(RegisterFile registers, long cause, long address, long[] frame) {
        GuestState s = state(registers);
        System.arraycopy(s.gpr, 0, frame, ExceptionFrame.GPR, 32);
        frame[ExceptionFrame.GPR] = 0;
        frame[ExceptionFrame.HI] = s.hi;
        frame[ExceptionFrame.LO] = s.lo;
        frame[ExceptionFrame.PC] = s.pc;
        frame[ExceptionFrame.BADVADDR] = address;
        frame[ExceptionFrame.CAUSE] = cause;
        frame[ExceptionFrame.USER_LOCAL] = s.userLocal;
        frame[ExceptionFrame.FCSR] = s.fcsr & 0xFFFF_FFFFL;
        frame[ExceptionFrame.FLAGS] = s.fpuEnabled ? ExceptionFrame.FLAG_FPU_USABLE : 0;
        System.arraycopy(s.fpr, 0, frame, ExceptionFrame.FPR, 32);
    }

    @Override
    public void loadFrame(long[] frame, RegisterFile registers) {
        GuestState s = state(registers);
        System.arraycopy(frame, ExceptionFrame.GPR + 1, s.gpr, 1, 31);
        s.hi = frame[ExceptionFrame.HI];
        s.lo = frame[ExceptionFrame.LO];
        s.jump(frame[ExceptionFrame.PC]);
        s.clearLinked();
        s.userLocal = frame[ExceptionFrame.USER_LOCAL];
        s.fcsr = (int) frame[ExceptionFrame.FCSR];
        s.fpuEnabled = (frame[ExceptionFrame.FLAGS] & ExceptionFrame.FLAG_FPU_USABLE) != 0;
        System.arraycopy(frame, ExceptionFrame.FPR, s.fpr, 0, 32);
    }

    @Override
    public Map<String, Long> extraRegisters(RegisterFile registers) {
        GuestState s = state(registers);
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("hi", s.hi);
        m.put("lo", s.lo);
        return m;
    }

    @Override
    public String disassemble(long address, byte[] code) {
        if (code.length < 4) return null;
        int word = (code[0] & 0xFF) | (code[1] & 0xFF) << 8 | (code[2] & 0xFF) << 16 | (code[3] & 0xFF) << 24;
        return String.format("%08x  %s", word, Disassembler.text(address, word));
    }

    @Override
    public String exceptionName(int code) { return GuestException.name(code); }

    @Override
    public void frameWritten(byte[] frame) {
        if (cpu != null) cpu.frameWritten(frame);
    }

    @Override
    public void frameDropped(byte[] frame) {
        if (cpu != null) cpu.frameDropped(frame);
    }

    /**
     * Option {@value #TRANSLATION_THRESHOLD}: how many entries make a basic block hot enough to be
     * translated to JVM bytecode; 0 interprets everything. Simulated results do not depend on it.
     */
    static final String TRANSLATION_THRESHOLD = "guestTranslationThreshold";

    private static void translationOption(GuestCpu cpu, Map<String, Object> options) {
        CycleOptions.read(options, TRANSLATION_THRESHOLD).ifPresent(entries -> {
            if (entries == 0) cpu.setTranslation(false);
            else cpu.setTranslationThreshold((int) Math.min(entries, Integer.MAX_VALUE));
        });
    }

    /** Basic blocks translated to JVM bytecode and alive now (none before the first run). */
    int translatedBlocks() {
        return cpu == null ? 0 : cpu.translatedBlocks();
    }

    @Override
    public void hostCaches(boolean on) {
        hostCaches = on;
        if (cpu != null) cpu.setHostCaches(on);
    }

    @Override
    public boolean hostCaches() { return hostCaches; }

    @Override
    public void saveThread(RegisterFile registers, java.io.DataOutput out) throws java.io.IOException {
        state(registers).saveRest(out);
    }

    @Override
    public void loadThread(java.io.DataInput in, RegisterFile registers) throws java.io.IOException {
        GuestState s = state(registers);
        s.loadRest(in);
        // the register file gave the restart address as the PC, the branch when its delay slot
        // is pending: the CPU goes on at the slot, with the branch's target in npc
        if (s.inDelaySlot()) s.pc += 4;
    }
}
