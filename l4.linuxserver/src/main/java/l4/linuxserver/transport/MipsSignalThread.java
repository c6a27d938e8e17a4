package l4.linuxserver.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import l4.api.mips.ExceptionFrame;

/**
 * L4Linux's signal thread for MIPS, as guest code in the page at the top of every process: lthread
 * 0 of each process task, not alien, so its {@code syscall}s are L4 calls (the L4/MIPS ABI: call
 * number in AT, ipc a0 send descriptor, a1 receive descriptor, a2 timeouts, a4 destination, out
 * v0 dope, v1 source, message words in s0..s7; lthread_ex_regs a0 lthread, a1 ip, a2 sp, a3
 * excepter, a4 pager, out the old values in the same registers).
 *
 * <p>V2's lthread_ex_regs reaches only threads of the own task, so the server asks this thread to
 * do it: a request is w0 = lthread (with {@code EX_REGS_ALIEN} for a new Linux thread), w1 = IP,
 * w2 = SP; the answer w0 = the old IP, w1 = the old SP, and the thread waits for the next request
 * in the same call. It starts with a {@code break} (its exception IPC to the server, after which
 * the server knows it runs): the reply frame carries the first request and PC = {@link #SERVE}.
 */
public final class MipsSignalThread {
    /** Where the code sits in the top page (after the trampoline and the entry). */
    public static final int OFFSET = 0x100;
    /** Offsets from the start of the code: the break, the wait for a request, the request's service. */
    public static final int HELLO = 0, WAIT = 4, SERVE = 36;

    private static final int ZERO = 0, AT = 1, V0 = 2, V1 = 3, A0 = 4, A1 = 5, A2 = 6, A3 = 7, A4 = 8,
            S0 = 16, S1 = 17, S2 = 18, T8 = 24, T9 = 25;
    static final int REG_V1 = ExceptionFrame.GPR + V1, REG_S0 = ExceptionFrame.GPR + S0, REG_S1 = ExceptionFrame.GPR + S1,
            REG_S2 = ExceptionFrame.GPR + S2;
    private static final int IPC = 0, LTHREAD_EX_REGS = 6;
    /** The hello break's code, so that it is never taken for the Linux entry's. */
    private static final int HELLO_CODE = 0x4D;

    private MipsSignalThread() {}

    public static byte[] code() {
        int[] w = {
            brk(HELLO_CODE),
            // WAIT (4): open receive, registers only, no timeout
            daddiu(A0, ZERO, -1), daddiu(A1, ZERO, 1), daddu(A2, ZERO, ZERO), daddiu(AT, ZERO, IPC), syscall(),
            // CHECK (24): a failed receive waits again
            andi(T9, V0, 0xF0), bne(T9, ZERO, 28, WAIT), 0,
            // SERVE (36): lthread_ex_regs(w0, w1, w2, keep excepter, keep pager)
            daddu(T8, V1, ZERO), daddu(A0, S0, ZERO), daddu(A1, S1, ZERO), daddu(A2, S2, ZERO),
            daddiu(A3, ZERO, -1), daddiu(A4, ZERO, -1), daddiu(AT, ZERO, LTHREAD_EX_REGS), syscall(),
            // the answer (old IP, old SP) to the requester, then an open receive in the same call
            daddu(S0, A1, ZERO), daddu(S1, A2, ZERO), daddu(A4, T8, ZERO), daddu(A0, ZERO, ZERO),
            daddiu(A1, ZERO, 1), daddu(A2, ZERO, ZERO), daddiu(AT, ZERO, IPC), syscall(),
            beq(ZERO, ZERO, 4 * 25, 24), 0,
        };
        if (w[9] != daddu(T8, V1, ZERO)) throw new IllegalStateException("SERVE is not at " + SERVE);
        ByteBuffer b = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : w) b.putInt(x);
        return b.array();
    }

    private static int daddiu(int rt, int rs, int imm) {
        return 0x19 << 26 | rs << 21 | rt << 16 | (imm & 0xFFFF);
    }

    private static int daddu(int rd, int rs, int rt) {
        return rs << 21 | rt << 16 | rd << 11 | 0x2D;
    }

    private static int andi(int rt, int rs, int imm) {
        return 0x0C << 26 | rs << 21 | rt << 16 | (imm & 0xFFFF);
    }

    /** A branch at byte offset {@code at} of the code to {@code target}. */
    private static int bne(int rs, int rt, int at, int target) {
        return 5 << 26 | rs << 21 | rt << 16 | ((target - at - 4) / 4 & 0xFFFF);
    }

    private static int beq(int rs, int rt, int at, int target) {
        return 4 << 26 | rs << 21 | rt << 16 | ((target - at - 4) / 4 & 0xFFFF);
    }

    private static int syscall() {
        return 0x0C;
    }

    private static int brk(int code) {
        return 0x0D | code << 6;
    }
}
