package l4.arch.mips;

import static l4.arch.mips.GuestCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import l4.api.AlienFlags;
import l4.api.ExRegs;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.mips.ExceptionFrame;
import l4.kernel.KernelConfig;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * A guest thread's exception state as its handlers see it. An exception in a branch delay slot
 * (a {@code syscall}, {@code break}, {@code teq}) reports the branch as EPC with Cause.BD, in the
 * message and in the frame, and the thread restarts at the branch, which runs again. An L4 system
 * call in a delay slot is no system call: L4/MIPS's system-call return goes on at EPC + 4
 * (Pistachio {@code glue/v4-mips64/syscalls.S}), which for a slot is the syscall again with the
 * branch lost, so here it is reflected to the excepter, as a clear exception, never resumed at a
 * wrong place. lthread_ex_regs onto guest code returns the old values in the ABI's result
 * registers, also when a Java thread moves itself onto guest code.
 */
class GuestExceptionStateTest {
    static final long CODE = 0x44000, TAB = 0x70000;
    static final int T_S1 = 0, T_S2 = 8, T_A1 = 16, T_A2 = 24, T_A3 = 32, T_A4 = 40, T_RA = 48;
    static final long SBUF = 0x90000, RBUF = 0x92000;
    static final long CAUSE_BD = 0x80000000L;

    private static TestMachine machine() {
        return new TestMachine(new MipsArchitecture(), new KernelConfig());
    }

    private static long read(L4 l4, long a) { return l4.memory().readWord(a); }

    private static Tcb tcb(TestMachine m, ThreadId id) {
        return m.kernel.task(id.task()).thread(id.lthread());
    }

    private static void clear(L4 l4) {
        for (int k = 0; k < 8; k++) l4.memory().writeWord(TAB + 8L * k, 0);
    }

    /**
     * lui gp, TAB; s1 = s2 = 0; then {@code before}; a branch (to the store of s2 += 1) whose delay
     * slot is {@code slot}; s1 += 1 (only on the fall-through path); TARGET: s2 += 1; store s1, s2,
     * ra; break. Returns the index of the branch.
     */
    private static int program(GuestCode c, boolean link, java.util.function.Consumer<GuestCode> before, java.util.function.Consumer<GuestCode> slot) {
        c.lui(GP, (int) (TAB >>> 16)).daddiu(S1, ZERO, 0).daddiu(S2, ZERO, 0);
        before.accept(c);
        int branch = c.here();
        int target = branch + 3;
        if (link) c.bgezalWithSlot(ZERO, target);
        else c.beqWithSlot(ZERO, ZERO, target);
        slot.accept(c);
        c.daddiu(S1, S1, 1);
        c.daddiu(S2, S2, 1).sd(S1, T_S1, GP).sd(S2, T_S2, GP).sd(31, T_RA, GP).brk();
        return branch;
    }

    private static void receiveBuffer(L4 x) {
        x.memory().writeWord(RBUF, 0);
        x.memory().writeWord(RBUF + 8, MsgDope.of(ExceptionFrame.WORDS + 8, 0));
        x.memory().writeWord(RBUF + 16, 0);
    }

    private static long[] frame(L4 x) {
        long[] f = new long[ExceptionFrame.WORDS];
        for (int i = 0; i < f.length; i++) f[i] = x.memory().readWord(RBUF + 24 + 8L * i);
        return f;
    }

    /**
     * An excepter that collects each message and frame and answers through {@code answer}: a frame
     * to set, an empty array for a reply of register words only (the thread goes on at the PC it
     * has), null for no reply.
     */
    private static ThreadBody excepter(List<IpcResult> got, List<long[]> frames, BiFunction<IpcResult, long[], long[]> answer) {
        return x -> {
            while (true) {
                receiveBuffer(x);
                IpcResult r = x.waitAny(IpcDescriptor.receiveBuffer(RBUF, true), Timeout.NEVER);
                long[] f = frame(x);
                got.add(r);
                frames.add(f);
                long[] reply = answer.apply(r, f);
                if (reply == null) continue;
                if (reply.length == 0) {
                    assertTrue(x.send(r.source(), new long[] {0}, Timeout.NEVER).ok());
                    continue;
                }
                x.memory().writeWord(SBUF, 0);
                x.memory().writeWord(SBUF + 8, MsgDope.of(ExceptionFrame.WORDS, 0));
                x.memory().writeWord(SBUF + 16, MsgDope.of(ExceptionFrame.WORDS, 0));
                for (int i = 0; i < reply.length; i++) x.memory().writeWord(SBUF + 24 + 8L * i, reply[i]);
                assertTrue(x.send(r.source(), IpcDescriptor.send(SBUF, false, false), new long[0], Timeout.NEVER).ok());
            }
        };
    }

    private static void awaitMessages(L4 l4, List<IpcResult> got, int n) {
        for (int i = 0; i < 20 && got.size() < n; i++) l4.sleep(2000);
        assertEquals(n, got.size(), "exception messages");
    }

    private static void assertDelaySlot(IpcResult r, long[] f, int code, long branch) {
        assertTrue(r.ok(), r.toString());
        long cause = r.word(ExceptionFrame.W_CAUSE);
        assertEquals(code, ExceptionFrame.excCode(cause), "ExcCode");
        assertTrue((cause & CAUSE_BD) != 0, "Cause.BD");
        assertEquals(branch, r.word(ExceptionFrame.W_EPC), "EPC: the branch");
        assertEquals(branch, f[ExceptionFrame.PC], "the frame's PC: the branch");
        assertEquals(cause, f[ExceptionFrame.CAUSE]);
    }

    /**
     * An L4 system call (AT = 0, ipc) in a delay slot is reflected as a system-call exception
     * with BD; the excepter that emulates it resumes the thread at the branch's target.
     */
    @Test
    void anL4SystemCallInADelaySlotIsReflectedWithTheBranch() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                clear(l4);
                GuestCode c = new GuestCode();
                int branch = program(c, false, x -> x.daddiu(AT, ZERO, 0), GuestCode::syscall);
                c.writeTo(l4, CODE);
                long target = CODE + 4L * (branch + 3);
                List<IpcResult> got = new ArrayList<>();
                List<long[]> frames = new ArrayList<>();
                l4.lthreadExRegs(2, l4.codeAddress(excepter(got, frames, (r, f) -> {
                    if (ExceptionFrame.excCode(r.word(0)) != ExceptionFrame.EXC_SYS) return null;
                    long[] g = f.clone();
                    g[ExceptionFrame.PC] = target; // the branch was taken: after the call, its target
                    return g;
                })), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                l4.lthreadExRegs(1, CODE, 0x8000, ThreadId.INVALID, me.withLthread(2));
                awaitMessages(l4, got, 2);
                assertDelaySlot(got.get(0), frames.get(0), ExceptionFrame.EXC_SYS, CODE + 4L * branch);
                assertEquals(ExceptionFrame.EXC_BP, ExceptionFrame.excCode(got.get(1).word(0)));
                assertEquals(0, got.get(1).word(0) & CAUSE_BD, "the break is in no delay slot");
                assertEquals(0L, read(l4, TAB + T_S1), "the fall-through path did not run");
                assertEquals(1L, read(l4, TAB + T_S2), "the target ran once");
            });
        }
    }

    /** Without an excepter, an L4 system call in a delay slot stops the thread where it is; nothing after it runs. */
    @Test
    void anL4SystemCallInADelaySlotWithoutExcepterStopsTheThread() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                clear(l4);
                GuestCode c = new GuestCode();
                int branch = program(c, false, x -> x.daddiu(AT, ZERO, 2), GuestCode::syscall); // AT = 2: id_nearest
                c.writeTo(l4, CODE);
                l4.lthreadExRegs(1, CODE, 0x8000, ThreadId.INVALID, ThreadId.NIL);
                l4.sleep(5000);
                Tcb t = tcb(m, me.withLthread(1));
                assertEquals(ThreadState.Kind.STOPPED, t.state.shown());
                assertEquals(ExceptionFrame.EXC_SYS, t.guest.lastCode);
                assertTrue((t.guest.lastCause & CAUSE_BD) != 0, "Cause.BD");
                assertEquals(CODE + 4L * branch, t.guest.lastIp);
                assertEquals(0L, read(l4, TAB + T_S2), "neither path ran");
                assertEquals(0L, read(l4, TAB + T_S1));
            });
        }
    }

    /**
     * break and teq in a delay slot (of a branch-and-link): EPC is the branch; a reply without a
     * frame restarts the thread there, so the branch runs again (ra written again, the same) and
     * the trap comes again with the same EPC; a reply with PC = the target goes on there.
     */
    @Test
    void trapsInADelaySlotRestartAtTheBranch() throws Exception {
        for (boolean teq : new boolean[] {false, true}) {
            try (TestMachine m = machine()) {
                m.run(l4 -> {
                    ThreadId me = l4.myself();
                    clear(l4);
                    GuestCode c = new GuestCode();
                    int branch = program(c, true, x -> x.daddiu(A0, ZERO, 7),
                            x -> { if (teq) x.teq(A0, A0); else x.brk(); });
                    c.writeTo(l4, CODE);
                    long target = CODE + 4L * (branch + 3);
                    int code = teq ? ExceptionFrame.EXC_TR : ExceptionFrame.EXC_BP;
                    List<IpcResult> got = new ArrayList<>();
                    List<long[]> frames = new ArrayList<>();
                    l4.lthreadExRegs(2, l4.codeAddress(excepter(got, frames, (r, f) -> {
                        if ((r.word(0) & CAUSE_BD) == 0) return null; // the final break
                        if (got.size() == 1) return new long[0];
                        long[] g = f.clone();
                        g[ExceptionFrame.PC] = target;
                        return g;
                    })), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                    l4.sleep(1000);
                    l4.lthreadExRegs(1, CODE, 0x8000, ThreadId.INVALID, me.withLthread(2));
                    awaitMessages(l4, got, 3);
                    long branchAt = CODE + 4L * branch;
                    assertDelaySlot(got.get(0), frames.get(0), code, branchAt);
                    assertDelaySlot(got.get(1), frames.get(1), code, branchAt);
                    assertEquals(branchAt + 8, frames.get(0)[ExceptionFrame.GPR + 31], "ra: the branch-and-link ran before its slot");
                    assertEquals(ExceptionFrame.EXC_BP, ExceptionFrame.excCode(got.get(2).word(0)));
                    assertEquals(0L, read(l4, TAB + T_S1), "the fall-through path did not run");
                    assertEquals(1L, read(l4, TAB + T_S2));
                    assertEquals(branchAt + 8, read(l4, TAB + T_RA));
                });
            }
        }
    }

    /** An alien thread's Linux system call in a delay slot reaches the excepter with BD and the branch as EPC. */
    @Test
    void anAlienSystemCallInADelaySlotShowsTheBranch() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                clear(l4);
                GuestCode c = new GuestCode();
                int branch = program(c, false, x -> x.daddiu(V0, ZERO, 5001), GuestCode::syscall);
                c.writeTo(l4, CODE);
                List<IpcResult> got = new ArrayList<>();
                List<long[]> frames = new ArrayList<>();
                l4.lthreadExRegs(2, l4.codeAddress(excepter(got, frames, (r, f) -> null)), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                l4.sleep(1000);
                l4.lthreadExRegs((int) (1 | AlienFlags.EX_REGS_ALIEN), CODE, 0x8000, ThreadId.INVALID, me.withLthread(2));
                awaitMessages(l4, got, 1);
                assertDelaySlot(got.get(0), frames.get(0), ExceptionFrame.EXC_SYS, CODE + 4L * branch);
                assertEquals(5001L, frames.get(0)[ExceptionFrame.GPR + V0]);
            });
        }
    }

    // ---- lthread_ex_regs onto guest code -------------------------------------------------------

    /** Stores a1 (old IP), a2 (old SP), a3 (old excepter), a4 (old pager) and breaks. */
    private static GuestCode storeExRegsResults() {
        return new GuestCode().lui(GP, (int) (TAB >>> 16)).sd(A1, T_A1, GP).sd(A2, T_A2, GP).sd(A3, T_A3, GP)
                .sd(A4, T_A4, GP).daddiu(S1, ZERO, 1).sd(S1, T_S1, GP).brk();
    }

    /**
     * A Java thread that moves itself onto guest code gets the call's return there: the guest code
     * finds its old IP (the Java entry), SP, excepter and pager in a1, a2, a3, a4.
     */
    @Test
    void aJavaThreadThatMovesItselfOntoGuestCodeFindsTheOldValues() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                clear(l4);
                storeExRegsResults().writeTo(l4, CODE);
                ExRegs mine = l4.lthreadExRegs(me.lthread(), -1, -1, ThreadId.INVALID, ThreadId.INVALID);
                ThreadId excepter = me.withLthread(2);
                l4.lthreadExRegs(2, l4.codeAddress(x -> x.receive(ThreadId.INVALID, Timeout.NEVER)), 0xA000,
                        ThreadId.INVALID, ThreadId.INVALID);
                boolean[] after = new boolean[1];
                ThreadBody mover = x -> {
                    x.lthreadExRegs(1, CODE, 0x8800, ThreadId.INVALID, ThreadId.INVALID);
                    after[0] = true; // never: the thread went on at the new IP
                };
                long moverIp = l4.codeAddress(mover);
                l4.lthreadExRegs(1, moverIp, 0x8000, ThreadId.INVALID, excepter);
                for (int i = 0; i < 20 && read(l4, TAB + T_S1) != 1; i++) l4.sleep(2000);
                assertEquals(1L, read(l4, TAB + T_S1), "the guest code ran");
                assertEquals(moverIp, read(l4, TAB + T_A1), "old IP: the Java entry");
                assertEquals(0x8000L, read(l4, TAB + T_A2), "old SP");
                assertEquals(excepter.raw(), read(l4, TAB + T_A3), "old excepter");
                assertEquals(mine.pager().raw(), read(l4, TAB + T_A4), "old pager (inherited)");
                assertTrue(!after[0], "the Java code after the call did not run");
                Tcb t = tcb(m, me.withLthread(1));
                assertTrue(t.guest != null, "a guest thread now");
                assertEquals(0x8800L, t.sp(), "the new SP is the thread's");
            });
        }
    }

    static final int[] KEPT = {A0, A1, A2, A3, A4, A5, S0, S1, S2, V0, V1};
    static final long NEW_CODE = CODE + 0x800;

    /** Sets the registers in {@link #KEPT} to 100 + their number, then {@code then}. */
    private static GuestCode setRegisters(GuestCode c) {
        c.lui(GP, (int) (TAB >>> 16));
        for (int r : KEPT) c.daddiu(r, ZERO, 100 + r);
        return c;
    }

    /** Stores the registers in {@link #KEPT} at TAB + 64 on, sets the marker (TAB + T_S1 = 1), breaks. */
    private static GuestCode storeRegisters() {
        GuestCode c = new GuestCode().lui(GP, (int) (TAB >>> 16));
        for (int k = 0; k < KEPT.length; k++) c.sd(KEPT[k], 64 + 8 * k, GP);
        return c.daddiu(T0, ZERO, 1).sd(T0, T_S1, GP).brk();
    }

    /**
     * A guest thread waiting in a kernel RPC (its exception message to an excepter that does not
     * answer, or its page fault to a pager that does not) moved by lthread_ex_regs to a new IP
     * starts there with its own registers: the RPC the kernel ran in its name, through its
     * registers, leaves nothing in them, as on the real kernel, which keeps the user frame apart.
     */
    @Test
    void exRegsOfAThreadWaitingInAKernelRpcKeepsItsRegisters() throws Exception {
        for (boolean fault : new boolean[] {false, true}) {
            try (TestMachine m = machine()) {
                m.run(l4 -> {
                    ThreadId me = l4.myself();
                    for (int k = 0; k < 32; k++) l4.memory().writeWord(TAB + 8L * k, 0);
                    GuestCode c = setRegisters(new GuestCode());
                    if (fault) c.lui(T1, 0x3F).ld(T0, 0, T1); else c.brk(); // a load from 0x3F0000, which the pager never maps
                    c.writeTo(l4, CODE);
                    storeRegisters().writeTo(l4, NEW_CODE);
                    List<IpcResult> got = new ArrayList<>();
                    ThreadBody silent = x -> {
                        while (true) got.add(x.waitAny(Timeout.NEVER)); // takes the message, never answers
                    };
                    l4.lthreadExRegs(2, l4.codeAddress(silent), 0xA000, ThreadId.INVALID, ThreadId.INVALID);
                    l4.sleep(1000);
                    if (fault) l4.lthreadExRegs(1, CODE, 0x8000, me.withLthread(2), ThreadId.INVALID);
                    else l4.lthreadExRegs(1, CODE, 0x8000, ThreadId.INVALID, me.withLthread(2));
                    for (int i = 0; i < 20 && got.isEmpty(); i++) l4.sleep(2000);
                    assertEquals(1, got.size(), fault ? "the fault message" : "the exception message");
                    Tcb t = tcb(m, me.withLthread(1));
                    assertEquals(fault ? ThreadState.Kind.PAGE_FAULT : ThreadState.Kind.EXCEPTION, t.state.shown());
                    l4.lthreadExRegs(1, NEW_CODE, -1, ThreadId.INVALID, ThreadId.INVALID);
                    for (int i = 0; i < 20 && read(l4, TAB + T_S1) != 1; i++) l4.sleep(2000);
                    assertEquals(1L, read(l4, TAB + T_S1), "the new code ran");
                    for (int k = 0; k < KEPT.length; k++) {
                        assertEquals(100L + KEPT[k], read(l4, TAB + 64 + 8L * k), "register $" + KEPT[k]);
                    }
                });
            }
        }
    }

    /** A Java thread moved onto guest code by another thread of its task: the caller gets its old values. */
    @Test
    void exRegsOfAJavaThreadOntoGuestCodeReturnsItsOldValues() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                clear(l4);
                storeExRegsResults().writeTo(l4, CODE);
                long waitIp = l4.codeAddress(x -> x.receive(ThreadId.INVALID, Timeout.NEVER));
                l4.lthreadExRegs(3, waitIp, 0x8400, ThreadId.INVALID, me.withLthread(2));
                l4.sleep(1000);
                ExRegs old = l4.lthreadExRegs(3, CODE, 0x8800, ThreadId.INVALID, ThreadId.INVALID);
                assertEquals(waitIp, old.ip());
                assertEquals(0x8400L, old.sp());
                assertEquals(me.withLthread(2), old.excepterOrPreempter());
                for (int i = 0; i < 20 && read(l4, TAB + T_S1) != 1; i++) l4.sleep(2000);
                assertEquals(1L, read(l4, TAB + T_S1), "the guest code ran");
                // and a guest thread moved again: its old IP is where it stopped (its break)
                ExRegs again = l4.lthreadExRegs(3, CODE, 0x8C00, ThreadId.INVALID, ThreadId.INVALID);
                assertNotEquals(waitIp, again.ip());
                assertEquals(CODE + 4 * 7, again.ip(), "the break it stopped at");
                assertEquals(0x8800L, again.sp());
            });
        }
    }
}
