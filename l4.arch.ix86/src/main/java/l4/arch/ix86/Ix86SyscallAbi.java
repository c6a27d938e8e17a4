package l4.arch.ix86;

import static l4.arch.ix86.Ix86Registers.EAX;
import static l4.arch.ix86.Ix86Registers.EBP;
import static l4.arch.ix86.Ix86Registers.EBX;
import static l4.arch.ix86.Ix86Registers.ECX;
import static l4.arch.ix86.Ix86Registers.EDI;
import static l4.arch.ix86.Ix86Registers.EDX;
import static l4.arch.ix86.Ix86Registers.ESI;
import static l4.arch.ix86.Ix86Registers.MASK;
import static l4.arch.ix86.Ix86Registers.X0;
import static l4.arch.ix86.Ix86Registers.X1;
import static l4.arch.ix86.Ix86Registers.X2;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import l4.spi.RegisterFile;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;

/**
 * The L4 Version 2 register ABI on ix86 (L4/x86 and Fiasco V2 entry frames), traps int 0x30..0x36.
 *
 * <p>Register map (in → out):
 * <ul>
 * <li>ipc: EAX snd_desc, EBP rcv_desc, ECX timeout, ESI/EDI dest, EDX w0, EBX w1 →
 *     EAX dope, ESI/EDI source, EDX w0, EBX w1. {@code rcv_from} is not a register of its own:
 *     see {@link #IPC_DERIVATION}. {@code virtual_sender} (in) and {@code intended_dest} (out, the
 *     real destination of every received message) travel in pseudo-registers X0/X1 (simulator
 *     extension: V2 on ix86 has no register for them).</li>
 * <li>id_nearest: ESI/EDI dest → EAX type, ESI/EDI nearest.</li>
 * <li>fpage_unmap: EAX fpage, ECX mask.</li>
 * <li>thread_switch: ESI/EDI dest (real L4/x86 reads only ESI, the low word, which holds version,
 *     task and lthread; EDI carries the high word so the kernel sees the full id).</li>
 * <li>thread_schedule: EAX param, ESI/EDI dest, EBX/EBP ext_preempter → EAX old_param,
 *     ECX/EDX cpu_time (µs, low/high), ESI/EDI partner, EBX/EBP old_preempter, X0/X1 wakeup
 *     (µs, simulator extension: all seven general registers are already taken).</li>
 * <li>lthread_ex_regs: EAX lthread, EDX ip, ECX sp, ESI/EDI pager, EBX/EBP excepter (the ix86
 *     internal preempter) → EAX old_flags (EFLAGS), EDX old_ip, ECX old_sp, ESI/EDI old_pager,
 *     EBX/EBP old_excepter.</li>
 * <li>task_new: ESI/EDI dest, EAX mcp_or_chief, ECX sp, EDX ip, EBX/EBP pager; X0 the high word of
 *     mcp_or_chief and X1/X2 excepter (simulator extensions) → ESI/EDI new_task.</li>
 * </ul>
 *
 * <p>Width: every register holds 32 bits. Ids are 64-bit and travel as low/high halves. Plain
 * words are zero-extended when read. Words for which the generic interface uses all ones as a
 * marker (the nil descriptors, "leave unchanged" IPs and SPs, thread_schedule's param word) read
 * the 32-bit all-ones pattern back as -1, so the kernel's generic checks ({@code == -1}) hold on
 * ix86 too; every other 32-bit value reads back unchanged.
 *
 * <p>Why pseudo-registers: real L4/x86 drops the chief id's high word in task_new (EAX only) and has
 * no excepter in task_new, no wakeup result in thread_schedule and no separate virtual-sender /
 * intended-destination registers. The generic kernel still needs these values, so they are
 * carried in X0..X3, which a real ix86 would not have; everything that real L4/x86 carries uses
 * the real registers.
 */
public final class Ix86SyscallAbi implements SyscallAbi {

    /** How the IPC parameters that share ESI/EDI are derived (also printed by {@link #describe}). */
    public static final String IPC_DERIVATION =
            "ESI/EDI carries dest when snd_desc is not nil, otherwise rcv_from; when read: dest = ESI/EDI if "
            + "snd_desc is not nil, else nil; rcv_from = ESI/EDI if rcv_desc is not nil and its open bit (bit 0) "
            + "is clear (closed receive), else nil. So a send+closed-receive always waits for dest.";

    static final int MESSAGE_REGISTERS = 2;

    /** ESI/EDI: IPC's dest or rcv_from, placed by hand (see {@link #IPC_DERIVATION}). */
    private static final Slot IPC_PARTNER = Slot.pair(ESI, EDI);

    // Built once as maps for readability, then flattened to arrays indexed by the call's ordinal:
    // the encode and decode run on every trap and should not pay for a map lookup.
    private final Slot[][] inSlots = new Slot[Syscall.values().length][];
    private final Slot[][] outSlots = new Slot[Syscall.values().length][];

    public Ix86SyscallAbi() {
        Map<Syscall, Slot[]> inSlots = new EnumMap<>(Syscall.class);
        Map<Syscall, Slot[]> outSlots = new EnumMap<>(Syscall.class);
        // IPC: dest and rcv_from are handled by hand (shared ESI/EDI); the table covers the rest.
        inSlots.put(Syscall.IPC, new Slot[] {
            Slot.marker(EAX), Slot.marker(EBP), Slot.word(ECX), Slot.pair(ESI, EDI), null, Slot.pair(X0, X1),
            Slot.word(EDX), Slot.word(EBX)});
        outSlots.put(Syscall.IPC, new Slot[] {
            Slot.word(EAX), Slot.pair(ESI, EDI), Slot.pair(X0, X1), Slot.word(EDX), Slot.word(EBX)});

        inSlots.put(Syscall.FPAGE_UNMAP, new Slot[] {Slot.word(EAX), Slot.word(ECX)});
        outSlots.put(Syscall.FPAGE_UNMAP, new Slot[0]);

        inSlots.put(Syscall.ID_NEAREST, new Slot[] {Slot.pair(ESI, EDI)});
        outSlots.put(Syscall.ID_NEAREST, new Slot[] {Slot.word(EAX), Slot.pair(ESI, EDI)});

        inSlots.put(Syscall.THREAD_SWITCH, new Slot[] {Slot.pair(ESI, EDI)});
        outSlots.put(Syscall.THREAD_SWITCH, new Slot[0]);

        inSlots.put(Syscall.THREAD_SCHEDULE, new Slot[] {Slot.pair(ESI, EDI), Slot.marker(EAX), Slot.pair(EBX, EBP)});
        outSlots.put(Syscall.THREAD_SCHEDULE, new Slot[] {
            Slot.marker(EAX), Slot.pair(EBX, EBP), Slot.pair(ESI, EDI), Slot.pair(ECX, EDX), Slot.pair(X0, X1)});

        inSlots.put(Syscall.LTHREAD_EX_REGS, new Slot[] {
            Slot.word(EAX), Slot.marker(EDX), Slot.marker(ECX), Slot.pair(ESI, EDI), Slot.pair(EBX, EBP)});
        outSlots.put(Syscall.LTHREAD_EX_REGS, new Slot[] {
            Slot.marker(EDX), Slot.marker(ECX), Slot.pair(ESI, EDI), Slot.pair(EBX, EBP), Slot.word(EAX)});

        inSlots.put(Syscall.TASK_NEW, new Slot[] {
            Slot.pair(ESI, EDI), Slot.pair(EAX, X0), Slot.marker(ECX), Slot.marker(EDX), Slot.pair(EBX, EBP),
            Slot.pair(X1, X2)});
        outSlots.put(Syscall.TASK_NEW, new Slot[] {Slot.pair(ESI, EDI)});

        for (Syscall call : Syscall.values()) {
            if (inSlots.get(call).length != call.inCount(MESSAGE_REGISTERS)
                    || outSlots.get(call).length != call.outCount(MESSAGE_REGISTERS)) {
                throw new AssertionError("ABI table of " + call + " does not match l4.spi.Syscall");
            }
            this.inSlots[call.ordinal()] = inSlots.get(call);
            this.outSlots[call.ordinal()] = outSlots.get(call);
        }
        checkIpcPath();
    }

    /**
     * The IPC methods are straight-line code over the registers, which C2 compiles to a few moves,
     * where the table's slots cost a load and a branch each; the table stays the ABI's definition.
     * So both must agree: every IPC parameter and status vector of these probes (nil, open and
     * closed receive descriptors, ids with both halves set) must give the same registers, and
     * read back the same, through the table as through the straight-line methods.
     */
    private void checkIpcPath() {
        long[] descriptors = {-1L, MASK, 0L, 1L, 0x5A5A_5A5AL, 0x8000_0003L};
        long[] noise = new long[Ix86Registers.COUNT];
        for (int r = 0; r < noise.length; r++) noise[r] = 0x1111_1111L * (r + 1) & MASK;
        for (long snd : descriptors) {
            for (long rcv : descriptors) {
                long[] in = {snd, rcv, 0x0102_0304L, 0x1122_3344_5566_7788L, 0x99AA_BBCC_DDEE_F001L,
                    0x0FED_CBA9_8765_4321L};
                long[] out = {snd & MASK, 0x1234_5678_9ABC_DEF0L, rcv};
                Ix86Registers byTable = new Ix86Registers();
                Ix86Registers straight = new Ix86Registers();
                System.arraycopy(noise, 0, byTable.values, 0, noise.length);
                System.arraycopy(noise, 0, straight.values, 0, noise.length);
                write(Syscall.IPC, in, byTable, Syscall.IPC_WORDS_IN);
                writeIpcParameters(in, straight);
                agree(byTable.values, straight.values, "parameters written");
                agree(read(Syscall.IPC, byTable, new long[Syscall.IPC_WORDS_IN], Syscall.IPC_WORDS_IN),
                        readIpcParameters(byTable, new long[Syscall.IPC_WORDS_IN]), "parameters read");
                Slot[] slots = outSlots[Syscall.IPC.ordinal()];
                for (int i = 0; i < Syscall.IPC_WORDS_OUT; i++) slots[i].write(byTable, out[i]);
                writeIpcStatus(out[Syscall.IPC_DOPE], out[Syscall.IPC_SOURCE], out[Syscall.IPC_INTENDED], straight);
                agree(byTable.values, straight.values, "status written");
                long[] status = new long[Syscall.IPC_WORDS_OUT];
                for (int i = 0; i < status.length; i++) status[i] = slots[i].read(byTable);
                agree(status, readIpcStatus(byTable, new long[Syscall.IPC_WORDS_OUT]), "status read");
            }
        }
    }

    private static void agree(long[] byTable, long[] straight, String what) {
        if (!Arrays.equals(byTable, straight)) {
            throw new AssertionError("IPC " + what + " differ from the ABI table: " + Arrays.toString(byTable)
                    + " by the table, " + Arrays.toString(straight) + " by the IPC path");
        }
    }

    @Override
    public RegisterFile newRegisterFile() {
        return new Ix86Registers();
    }

    @Override
    public int trapNumber(Syscall call) {
        switch (call) {
            case IPC: return 0x30;
            case ID_NEAREST: return 0x31;
            case FPAGE_UNMAP: return 0x32;
            case THREAD_SWITCH: return 0x33;
            case THREAD_SCHEDULE: return 0x34;
            case LTHREAD_EX_REGS: return 0x35;
            case TASK_NEW: return 0x36;
            default: throw new IllegalArgumentException("no ix86 trap for " + call);
        }
    }

    @Override
    public Syscall decodeTrap(int trap) {
        switch (trap) {
            case 0x30: return Syscall.IPC;
            case 0x31: return Syscall.ID_NEAREST;
            case 0x32: return Syscall.FPAGE_UNMAP;
            case 0x33: return Syscall.THREAD_SWITCH;
            case 0x34: return Syscall.THREAD_SCHEDULE;
            case 0x35: return Syscall.LTHREAD_EX_REGS;
            case 0x36: return Syscall.TASK_NEW;
            default: return null;
        }
    }

    @Override
    public void writeArguments(Syscall call, long[] args, RegisterFile file) {
        Slot[] slots = inSlots[call.ordinal()];
        check(call, args, slots.length, "arguments");
        write(call, args, own(file), slots.length);
    }

    /** The first {@code count} arguments of {@code call}. */
    private void write(Syscall call, long[] args, Ix86Registers regs, int count) {
        Slot[] slots = inSlots[call.ordinal()];
        for (int i = 0; i < count; i++) {
            if (slots[i] != null) slots[i].write(regs, args[i]);
        }
        if (call == Syscall.IPC) {
            // ESI/EDI: the destination when there is a send phase, else the partner of a closed receive.
            boolean sends = !isNil(args[Syscall.IPC_SND]);
            long id = sends || !closedReceive(args[Syscall.IPC_RCV]) ? args[Syscall.IPC_DEST] : args[Syscall.IPC_RCV_FROM];
            IPC_PARTNER.write(regs, id);
        }
    }

    @Override
    public long[] readArguments(Syscall call, RegisterFile regs) {
        return readArguments(call, regs, new long[inSlots[call.ordinal()].length]);
    }

    @Override
    public long[] readArguments(Syscall call, RegisterFile file, long[] args) {
        return read(call, own(file), args, inSlots[call.ordinal()].length);
    }

    /** The first {@code count} arguments of {@code call}. */
    private long[] read(Syscall call, Ix86Registers regs, long[] args, int count) {
        Slot[] slots = inSlots[call.ordinal()];
        for (int i = 0; i < count; i++) {
            args[i] = slots[i] != null ? slots[i].read(regs) : 0L;
        }
        if (call == Syscall.IPC) {
            long id = args[Syscall.IPC_DEST];
            args[Syscall.IPC_DEST] = isNil(args[Syscall.IPC_SND]) ? 0L : id;
            args[Syscall.IPC_RCV_FROM] = closedReceive(args[Syscall.IPC_RCV]) ? id : 0L;
        }
        return args;
    }

    /** EDX, EBX: the message words, in and out. */
    private static final int[] WORD_REGISTERS = {EDX, EBX};

    @Override
    public int messageWordRegister(int word) {
        return WORD_REGISTERS[word];
    }

    // The IPC path: the IPC rows of the table as straight-line code (checkIpcPath holds them equal).

    @Override
    public long[] readIpcParameters(RegisterFile file, long[] into) {
        long[] r = own(file).values;
        long snd = marker(r[EAX]);
        long rcv = marker(r[EBP]);
        long partner = pair(r, ESI, EDI);
        into[Syscall.IPC_SND] = snd;
        into[Syscall.IPC_RCV] = rcv;
        into[Syscall.IPC_TIMEOUT] = r[ECX];
        into[Syscall.IPC_DEST] = isNil(snd) ? 0L : partner;
        into[Syscall.IPC_RCV_FROM] = closedReceive(rcv) ? partner : 0L;
        into[Syscall.IPC_VSENDER] = pair(r, X0, X1);
        return into;
    }

    @Override
    public void writeIpcParameters(long[] parameters, RegisterFile file) {
        long[] r = own(file).values;
        long snd = parameters[Syscall.IPC_SND];
        long rcv = parameters[Syscall.IPC_RCV];
        r[EAX] = snd & MASK;
        r[EBP] = rcv & MASK;
        r[ECX] = parameters[Syscall.IPC_TIMEOUT] & MASK;
        // ESI/EDI: the destination when there is a send phase, else the partner of a closed receive.
        boolean toDest = !isNil(snd) || !closedReceive(rcv);
        pair(r, ESI, EDI, parameters[toDest ? Syscall.IPC_DEST : Syscall.IPC_RCV_FROM]);
        pair(r, X0, X1, parameters[Syscall.IPC_VSENDER]);
    }

    @Override
    public void writeIpcStatus(long dope, long source, long intended, RegisterFile file) {
        long[] r = own(file).values;
        r[EAX] = dope & MASK;
        pair(r, ESI, EDI, source);
        pair(r, X0, X1, intended);
    }

    @Override
    public long[] readIpcStatus(RegisterFile file, long[] into) {
        long[] r = own(file).values;
        into[Syscall.IPC_DOPE] = r[EAX];
        into[Syscall.IPC_SOURCE] = pair(r, ESI, EDI);
        into[Syscall.IPC_INTENDED] = pair(r, X0, X1);
        return into;
    }

    /** A marker register's value: all ones reads as the generic -1, as a marker slot reads it. */
    private static long marker(long register) {
        return register == MASK ? -1L : register;
    }

    private static long pair(long[] r, int lo, int hi) {
        return r[hi] << 32 | r[lo];
    }

    private static void pair(long[] r, int lo, int hi, long value) {
        r[lo] = value & MASK;
        r[hi] = value >>> 32;
    }

    @Override
    public void writeResults(Syscall call, long[] results, RegisterFile file) {
        Slot[] slots = outSlots[call.ordinal()];
        check(call, results, slots.length, "results");
        Ix86Registers regs = own(file);
        for (int i = 0; i < slots.length; i++) {
            slots[i].write(regs, results[i]);
        }
    }

    @Override
    public long[] readResults(Syscall call, RegisterFile regs) {
        return readResults(call, regs, new long[outSlots[call.ordinal()].length]);
    }

    @Override
    public long[] readResults(Syscall call, RegisterFile file, long[] results) {
        Ix86Registers regs = own(file);
        Slot[] slots = outSlots[call.ordinal()];
        for (int i = 0; i < slots.length; i++) {
            results[i] = slots[i].read(regs);
        }
        return results;
    }

    @Override
    public String describe(Syscall call) {
        StringBuilder b = new StringBuilder(String.format("int 0x%02x:", trapNumber(call)));
        List<String> in = call.in();
        Slot[] ins = inSlots[call.ordinal()];
        for (int i = 0; i < ins.length; i++) {
            String name = i < in.size() ? in.get(i) : "w" + (i - in.size());
            String where;
            if (call == Syscall.IPC && i == Syscall.IPC_DEST) {
                where = "ESI/EDI(if snd_desc not nil)";
            } else if (call == Syscall.IPC && i == Syscall.IPC_RCV_FROM) {
                where = "ESI/EDI(if closed receive: rcv_desc bit0=0; else nil)";
            } else {
                where = ins[i].describe();
            }
            b.append(' ').append(name).append('=').append(where);
        }
        b.append(" ->");
        List<String> out = call.out();
        Slot[] outs = outSlots[call.ordinal()];
        if (outs.length == 0) b.append(" (none)");
        for (int i = 0; i < outs.length; i++) {
            String name = i < out.size() ? out.get(i) : "w" + (i - out.size());
            b.append(' ').append(name).append('=').append(outs[i].describe());
        }
        boolean extension = false;
        for (Slot s : ins) extension |= s != null && s.extension();
        for (Slot s : outs) extension |= s.extension();
        if (extension) b.append("  [X0..X3: simulator-extension pseudo-registers]");
        return b.toString();
    }

    private static boolean isNil(long descriptor) {
        return (descriptor & MASK) == MASK;
    }

    private static boolean closedReceive(long rcvDescriptor) {
        return !isNil(rcvDescriptor) && (rcvDescriptor & 1) == 0;
    }

    private static void check(Syscall call, long[] values, int expected, String what) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException(call + " takes " + expected + " " + what + ", got "
                    + (values == null ? "null" : values.length));
        }
    }

    private static Ix86Registers own(RegisterFile regs) {
        if (regs instanceof Ix86Registers) return (Ix86Registers) regs;
        throw new IllegalArgumentException("not an ix86 register file: " + (regs == null ? "null" : regs.getClass().getName()));
    }

    /** Where one parameter lives: a 32-bit register (plain or with the all-ones marker) or a pair. */
    private static final class Slot {
        private final int lo;
        private final int hi; // -1 for a single register
        private final boolean marker;

        private Slot(int lo, int hi, boolean marker) {
            this.lo = lo;
            this.hi = hi;
            this.marker = marker;
        }

        /** A plain 32-bit word, zero-extended when read. */
        static Slot word(int reg) { return new Slot(reg, -1, false); }

        /** A 32-bit word whose all-ones value is the generic -1 marker (nil, unchanged). */
        static Slot marker(int reg) { return new Slot(reg, -1, true); }

        /** A 64-bit value in two registers, low half first. */
        static Slot pair(int lo, int hi) { return new Slot(lo, hi, false); }

        // Registers hold 32-bit values (Ix86Registers.set masks, and so do these writes).
        void write(Ix86Registers regs, long value) {
            regs.values[lo] = value & MASK;
            if (hi >= 0) regs.values[hi] = value >>> 32;
        }

        long read(Ix86Registers regs) {
            long low = regs.values[lo];
            if (hi >= 0) return regs.values[hi] << 32 | low;
            return marker && low == MASK ? -1L : low;
        }

        boolean extension() {
            return lo >= X0 || hi >= X0;
        }

        String describe() {
            String s = Ix86Registers.nameOf(lo);
            return hi >= 0 ? s + "/" + Ix86Registers.nameOf(hi) : s;
        }
    }
}
