package l4.arch.mips;

import static l4.arch.mips.MipsRegisterFile.*;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import l4.spi.RegisterFile;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;

/**
 * The L4/MIPS system-call ABI, taken from the kernel's {@code syscalls.S} and the user stubs in
 * {@code lib/libl4/ipc.S} and {@code syscalls.S}: the call number goes in AT, then
 * {@code syscall}. All registers are 64 bits wide, so every generic parameter fits its register
 * unchanged, with two documented exceptions:
 * <ul>
 * <li>thread_schedule packs CPU time (48 bits, µs) and the remaining wakeup time (m:8 e:4) into
 *     v0, as L4/MIPS does ({@link ScheduleTimeWord});</li>
 * <li>lthread_ex_regs has no flags on MIPS: {@code old_flags} is not carried and reads as 0.</li>
 * </ul>
 * Syscall number 3 (id_nchief in early L4/MIPS, later unused) is no system call here.
 */
final class MipsSyscallAbi implements SyscallAbi {
    static final int MESSAGE_REGISTERS = 8;

    /** Out-parameter marker: not carried by the ABI, always reads as 0. */
    private static final int DERIVED_ZERO = -1;
    /** Out-parameter markers: packed into v0 by {@link ScheduleTimeWord}. */
    private static final int V0_CPU_TIME = -2, V0_WAKEUP = -3;

    private static final int[] WORDS = {S0, S1, S2, S3, S4, S5, S6, S7};

    /** IPC's system-call number (AT). */
    private static final int IPC_TRAP = 0;

    private static final class Layout {
        final int trap;
        final int[] in;
        final int[] out;
        /**
         * Every result sits in a register of its own (no packed or derived ones): IPC, the hot
         * case, gets a loop without the switch (measured: one loop with an early test before the
         * switch made the MIPS IPC/hand-off ratio 1.82-1.86 instead of 1.60-1.74).
         */
        final boolean plainOut;

        Layout(int trap, int[] in, int[] out) {
            this.trap = trap;
            this.in = in;
            this.out = out;
            boolean plain = true;
            for (int r : out) plain &= r >= 0;
            this.plainOut = plain;
        }
    }

    // Filled as a map for readability, then flattened: encode and decode run on every trap and
    // should not pay for map lookups or, in decodeTrap, an iteration over the map's entries.
    private final Map<Syscall, Layout> layouts = new EnumMap<>(Syscall.class);
    private final Layout[] byCall = new Layout[Syscall.values().length];
    private final Syscall[] byTrap;

    MipsSyscallAbi() {
        // ipc: a0 snd desc, a1 rcv desc, a2 timeouts, a4 dest, a5 closed-receive partner (wfor),
        // a6 virtual sender; out v0 dope+cc, v1 source, a4 the real destination of every received
        // message (what the chief_* stubs return).
        layouts.put(Syscall.IPC, new Layout(IPC_TRAP,
                concat(new int[] {A0, A1, A2, A4, A5, A6}, WORDS), concat(new int[] {V0, V1, A4}, WORDS)));
        layouts.put(Syscall.FPAGE_UNMAP, new Layout(1, new int[] {A0, A1}, new int[] {}));
        // id_nearest: a0 dest (0 = myself); out v0 type, v1 nearest id.
        layouts.put(Syscall.ID_NEAREST, new Layout(2, new int[] {A0}, new int[] {V0, V1}));
        layouts.put(Syscall.THREAD_SWITCH, new Layout(4, new int[] {A0}, new int[] {}));
        // thread_schedule: a0 dest, a1 param, a2 ext preempter; out a1 old param, a2 old preempter,
        // a3 partner, v0 cpu time | wakeup.
        layouts.put(Syscall.THREAD_SCHEDULE, new Layout(5, new int[] {A0, A1, A2},
                new int[] {A1, A2, A3, V0_CPU_TIME, V0_WAKEUP}));
        // lthread_ex_regs: a0 lthread, a1 ip, a2 sp, a3 excepter, a4 pager; out the old values in
        // the same registers. Generic order: lthread, ip, sp, pager, excepter.
        layouts.put(Syscall.LTHREAD_EX_REGS, new Layout(6, new int[] {A0, A1, A2, A4, A3},
                new int[] {A1, A2, A4, A3, DERIVED_ZERO}));
        // task_new as the kernel expects it (create_thread): a0 ip, a1 pager, a2 sp, a3 task id,
        // a4 mcp or new chief, a5 excepter; out v0 new task id. Generic order: dest, mcp_or_chief,
        // sp, ip, pager, excepter.
        layouts.put(Syscall.TASK_NEW, new Layout(7, new int[] {A3, A4, A2, A0, A1, A5}, new int[] {V0}));
        for (Syscall s : Syscall.values()) {
            Layout l = layouts.get(s);
            if (l == null || l.in.length != s.inCount(MESSAGE_REGISTERS) || l.out.length != s.outCount(MESSAGE_REGISTERS)) {
                throw new IllegalStateException("MIPS ABI layout incomplete for " + s);
            }
        }
        int maxTrap = 0;
        for (Layout l : layouts.values()) maxTrap = Math.max(maxTrap, l.trap);
        byTrap = new Syscall[maxTrap + 1];
        for (Map.Entry<Syscall, Layout> e : layouts.entrySet()) {
            byCall[e.getKey().ordinal()] = e.getValue();
            byTrap[e.getValue().trap] = e.getKey();
        }
        checkIpcPath();
    }

    /**
     * The IPC methods are straight-line code over the registers, where the table costs a load of
     * the register index per parameter; the table stays the ABI's definition. So both must agree:
     * these probe vectors must give the same registers, and read back the same, through the
     * table as through the straight-line methods.
     */
    private void checkIpcPath() {
        Layout ipc = byCall[Syscall.IPC.ordinal()];
        long[] in = {-1L, 0x11L, 0x0102_0304L, 0x1122_3344_5566_7788L, 0x99AA_BBCC_DDEE_F001L, 0x0FED_CBA9_8765_4321L};
        long[] out = {0x4000L, 0x1234_5678_9ABC_DEF0L, 0x0BAD_F00DL};
        MipsRegisterFile byTable = new MipsRegisterFile();
        MipsRegisterFile straight = new MipsRegisterFile();
        for (int r = 1; r < byTable.values.length; r++) byTable.values[r] = straight.values[r] = 0x0101_0101_0101_0101L * r;
        for (int i = 0; i < Syscall.IPC_WORDS_IN; i++) byTable.values[ipc.in[i]] = in[i];
        byTable.values[AT] = ipc.trap;
        writeIpcParameters(in, straight);
        agree(byTable.values, straight.values, "parameters written");
        agree(in, readIpcParameters(straight, new long[Syscall.IPC_WORDS_IN]), "parameters read");
        for (int i = 0; i < Syscall.IPC_WORDS_OUT; i++) byTable.values[ipc.out[i]] = out[i];
        writeIpcStatus(out[Syscall.IPC_DOPE], out[Syscall.IPC_SOURCE], out[Syscall.IPC_INTENDED], straight);
        agree(byTable.values, straight.values, "status written");
        agree(out, readIpcStatus(straight, new long[Syscall.IPC_WORDS_OUT]), "status read");
    }

    private static void agree(long[] byTable, long[] straight, String what) {
        if (!Arrays.equals(byTable, straight)) {
            throw new IllegalStateException("MIPS IPC " + what + " differ from the ABI table: " + Arrays.toString(byTable)
                    + " by the table, " + Arrays.toString(straight) + " by the IPC path");
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = new int[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static MipsRegisterFile own(RegisterFile regs) {
        if (regs instanceof MipsRegisterFile) return (MipsRegisterFile) regs;
        throw new IllegalArgumentException("not a MIPS register file: " + (regs == null ? "null" : regs.getClass().getName()));
    }

    @Override
    public RegisterFile newRegisterFile() {
        return new MipsRegisterFile();
    }

    @Override
    public int trapNumber(Syscall call) {
        return byCall[call.ordinal()].trap;
    }

    @Override
    public Syscall decodeTrap(int trap) {
        return trap >= 0 && trap < byTrap.length ? byTrap[trap] : null;
    }

    /** Missing trailing values (e.g. message words) count as 0; too many is a caller bug. */
    private static void checkCount(long[] values, int expected, Syscall call, String what) {
        if (values.length > expected) {
            throw new IllegalArgumentException(call + ": " + values.length + " " + what + ", at most " + expected);
        }
    }

    @Override
    public void writeArguments(Syscall call, long[] args, RegisterFile file) {
        Layout l = byCall[call.ordinal()];
        long[] regs = own(file).values; // no layout register is r0, so no write needs dropping
        checkCount(args, l.in.length, call, "arguments");
        for (int i = 0; i < l.in.length; i++) {
            regs[l.in[i]] = i < args.length ? args[i] : 0L;
        }
        regs[AT] = l.trap; // the stub's "dli AT, SYSCALL_x" before "syscall"
    }

    @Override
    public long[] readArguments(Syscall call, RegisterFile regs) {
        return readArguments(call, regs, new long[byCall[call.ordinal()].in.length]);
    }

    @Override
    public long[] readArguments(Syscall call, RegisterFile file, long[] args) {
        Layout l = byCall[call.ordinal()];
        long[] regs = own(file).values;
        for (int i = 0; i < l.in.length; i++) {
            args[i] = regs[l.in[i]];
        }
        return args;
    }

    @Override
    public int messageWordRegister(int word) {
        return WORDS[word];
    }

    // The IPC path: the IPC layout as straight-line code (checkIpcPath holds them equal).

    @Override
    public long[] readIpcParameters(RegisterFile file, long[] into) {
        long[] r = own(file).values;
        into[Syscall.IPC_SND] = r[A0];
        into[Syscall.IPC_RCV] = r[A1];
        into[Syscall.IPC_TIMEOUT] = r[A2];
        into[Syscall.IPC_DEST] = r[A4];
        into[Syscall.IPC_RCV_FROM] = r[A5];
        into[Syscall.IPC_VSENDER] = r[A6];
        return into;
    }

    @Override
    public void writeIpcParameters(long[] parameters, RegisterFile file) {
        long[] r = own(file).values;
        r[A0] = parameters[Syscall.IPC_SND];
        r[A1] = parameters[Syscall.IPC_RCV];
        r[A2] = parameters[Syscall.IPC_TIMEOUT];
        r[A4] = parameters[Syscall.IPC_DEST];
        r[A5] = parameters[Syscall.IPC_RCV_FROM];
        r[A6] = parameters[Syscall.IPC_VSENDER];
        r[AT] = IPC_TRAP;
    }

    @Override
    public void writeIpcStatus(long dope, long source, long intended, RegisterFile file) {
        long[] r = own(file).values;
        r[V0] = dope;
        r[V1] = source;
        r[A4] = intended;
    }

    @Override
    public long[] readIpcStatus(RegisterFile file, long[] into) {
        long[] r = own(file).values;
        into[Syscall.IPC_DOPE] = r[V0];
        into[Syscall.IPC_SOURCE] = r[V1];
        into[Syscall.IPC_INTENDED] = r[A4];
        return into;
    }

    @Override
    public void writeResults(Syscall call, long[] results, RegisterFile file) {
        Layout l = byCall[call.ordinal()];
        long[] regs = own(file).values;
        checkCount(results, l.out.length, call, "results");
        if (l.plainOut) {
            for (int i = 0; i < l.out.length; i++) regs[l.out[i]] = i < results.length ? results[i] : 0L;
            return;
        }
        long cpu = 0, wakeup = ScheduleTimeWord.INFINITE;
        boolean packed = false;
        for (int i = 0; i < l.out.length; i++) {
            long v = i < results.length ? results[i] : 0L;
            switch (l.out[i]) {
                case DERIVED_ZERO:
                    break;
                case V0_CPU_TIME:
                    cpu = v;
                    packed = true;
                    break;
                case V0_WAKEUP:
                    wakeup = i < results.length ? v : ScheduleTimeWord.INFINITE;
                    packed = true;
                    break;
                default:
                    regs[l.out[i]] = v;
            }
        }
        if (packed) regs[V0] = ScheduleTimeWord.pack(cpu, wakeup);
    }

    @Override
    public long[] readResults(Syscall call, RegisterFile regs) {
        return readResults(call, regs, new long[byCall[call.ordinal()].out.length]);
    }

    @Override
    public long[] readResults(Syscall call, RegisterFile file, long[] results) {
        Layout l = byCall[call.ordinal()];
        long[] regs = own(file).values;
        if (l.plainOut) {
            for (int i = 0; i < l.out.length; i++) results[i] = regs[l.out[i]];
            return results;
        }
        for (int i = 0; i < l.out.length; i++) {
            switch (l.out[i]) {
                case DERIVED_ZERO:
                    results[i] = 0;
                    break;
                case V0_CPU_TIME:
                    results[i] = ScheduleTimeWord.cpuMicros(regs[V0]);
                    break;
                case V0_WAKEUP:
                    results[i] = ScheduleTimeWord.wakeupMicros(regs[V0]);
                    break;
                default:
                    results[i] = regs[l.out[i]];
            }
        }
        return results;
    }

    @Override
    public String describe(Syscall call) {
        Layout l = byCall[call.ordinal()];
        StringBuilder b = new StringBuilder();
        b.append("syscall ").append(l.trap).append(" (AT):");
        int fixedIn = call.in().size();
        for (int i = 0; i < fixedIn; i++) {
            b.append(' ').append(call.in().get(i)).append('=').append(MipsRegisterFile.nameOf(l.in[i]));
        }
        if (call == Syscall.IPC) b.append(" w0..w7=s0..s7");
        b.append(" ->");
        if (l.out.length == 0) b.append(" (none)");
        int fixedOut = call.out().size();
        for (int i = 0; i < fixedOut; i++) {
            b.append(' ').append(call.out().get(i)).append('=');
            switch (l.out[i]) {
                case DERIVED_ZERO: b.append("0(not carried)"); break;
                case V0_CPU_TIME: b.append("v0[0:47]"); break;
                case V0_WAKEUP: b.append("v0[52:63](m:8,e:4)"); break;
                default: b.append(MipsRegisterFile.nameOf(l.out[i]));
            }
        }
        if (call == Syscall.IPC) b.append(" w0..w7=s0..s7");
        return b.toString();
    }
}
